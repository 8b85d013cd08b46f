#!/usr/bin/env bash
# Record linkage (issue 20): Dice comparisons per second on 1024-bit CLKs, Causeway's matcher
# against anonlink's (its C++ popcount kernel) on the same encodings, in the same run.
#
#   bench/linkage.sh [--records N] [--threshold T] [--seconds S] [--scale M]
#
# Builds the release binaries, encodes two lists of N synthetic people (default 5,000, with the
# interop suite's schema and typos) with `causeway link encode`, then times every pair's
# comparison at threshold T with `causeway-bench dice` and with anonlink 0.15.3 (.venv-linkage,
# made by interop/setup-venv). Goal: Causeway's rate at least anonlink's (ratio ≥ 1).
# Then links M × M synthetic people (default 1,000,000; 0 skips it) as a project does, with the
# blocking chosen for that size (`causeway-bench linkage-scale`): time, peak memory, precision
# and recall, against the time every pair would take at the exhaustive rate of the same run.
# Results go to stdout and bench/out/linkage-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
records=5000
threshold=0.8
seconds=5
scale=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records=$2; shift 2 ;;
    --threshold) threshold=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    *) echo "usage: $0 [--records N] [--threshold T] [--seconds S] [--scale M]" >&2; exit 2 ;;
  esac
done
interop/setup-venv > /dev/null
swift build -c release --product causeway >&2
swift build -c release --product CausewayBench >&2
bin="$(swift build -c release --show-bin-path)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "encoding two lists of $records people" >&2
.venv-interop/bin/python - "$work" "$records" <<'PY'
import json, sys
sys.path.insert(0, "interop")
import test_linkage as t
work, count = sys.argv[1], int(sys.argv[2])
rows = t.records(count + count // 2, seed=5)
header, people = rows[0], rows[1:]
first, second = [header] + people[:count], [header] + people[count // 2:]
for name, table in (("first", first), ("second", second)):
    open(f"{work}/{name}.csv", "w").write("\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in table) + "\n")
open(f"{work}/schema.json", "w").write(json.dumps(t.schema(hash_type={"type": "blakeHash"})))
open(f"{work}/secret", "w").write(t.SECRET)
PY
for name in first second; do
  "$bin/causeway" link encode --schema "$work/schema.json" --secret-file "$work/secret" "$work/$name.csv" -o "$work/$name.json"
done

echo "comparing every pair, $seconds s each" >&2
ours=$("$bin/CausewayBench" dice --threshold "$threshold" --seconds "$seconds" "$work/first.json" "$work/second.json")
theirs=$(.venv-linkage/bin/python interop/linkage/anonlink_dice_rate.py "$work/first.json" "$work/second.json" "$threshold" "$seconds")
ours_again=$("$bin/CausewayBench" dice --threshold "$threshold" --seconds "$seconds" "$work/first.json" "$work/second.json")

scaled='{}'
if [ "$scale" -gt 0 ]; then
  echo "linking $scale × $scale people with blocking" >&2
  scaled=$("$bin/CausewayBench" linkage-scale --records "$scale" --shared $((scale / 2)) --threshold "$threshold" \
    --schema docs/examples/linkage-schema.json)
fi

mkdir -p bench/out
report="bench/out/linkage-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$ours" "$theirs" "$ours_again" "$records" "$threshold" "$(nproc)" "$scaled" > "$report" <<'PY'
import json, sys
ours, theirs, again = (json.loads(a) for a in sys.argv[1:4])
scaled = json.loads(sys.argv[7])
records, threshold, cores = int(sys.argv[4]), sys.argv[5], sys.argv[6]
rate = (ours["comparisonsPerSecond"] + again["comparisonsPerSecond"]) / 2
print(f"# Record linkage benchmark ({cores} cores, one thread each)\n")
print("| measure | Causeway | anonlink 0.15.3 (same run) | ratio | goal |")
print("| --- | ---: | ---: | ---: | --- |")
print(f"| Dice comparisons/s, {ours['bits']}-bit CLKs, {records:,} × {records:,}, threshold {threshold} | {rate:,.0f} "
      f"({ours['comparisonsPerSecond']:,.0f}, {again['comparisonsPerSecond']:,.0f}) | {theirs['comparisonsPerSecond']:,.0f} ({theirs['implementation']}) "
      f"| {rate / theirs['comparisonsPerSecond']:.2f} | ≥ 1 |")
print(f"| candidates at the threshold | {ours['candidates']:,} | {theirs['candidates']:,} | | equal |")
if scaled:
    n = scaled["records"]
    print(f"\n## {n:,} × {n:,} with blocking ({scaled['shared']:,} people in both, every other one with a typo)\n")
    print("| measure | value | baseline (same run) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| link (compare, solve, per-party results) | {scaled['linkSeconds']:.1f} s | every pair at the exhaustive rate "
          f"({scaled['exhaustiveComparisonsPerSecond']:,.0f}/s): {scaled['exhaustiveProjectedSeconds']:,.0f} s | "
          f"{scaled['exhaustiveProjectedSeconds'] / scaled['linkSeconds']:.0f}× faster |")
    print(f"| blocking | {scaled['blocking']} | | |")
    print(f"| comparisons | {scaled['comparisons']:,} | {n * n:,} pairs | {scaled['comparisons'] / (n * n):.2e} |")
    print(f"| exhaustive candidates of a {scaled['sampleExhaustiveCandidates']:,}-candidate sample kept by blocking | "
          f"{scaled['sampleKeptByBlocking']:,} | | {scaled['sampleKeptByBlocking'] / max(1, scaled['sampleExhaustiveCandidates']):.4f} |")
    print(f"| links; precision, recall against the truth | {scaled['links']:,}; {scaled['precision']:.4f}, {scaled['recall']:.4f} | | |")
    print(f"| peak resident memory (both lists' encodings held: {scaled['memoryBeforeLinkMB']:,} MB) | {scaled['peakMemoryMB']:,} MB | | |")
    print(f"| encoding both lists on {cores} cores | {scaled['encodeSeconds']:.0f} s | | |")
PY
cat "$report"
