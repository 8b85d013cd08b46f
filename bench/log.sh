#!/usr/bin/env bash
# Transparency log benchmark (issue 6): appends through the gateway's group-commit writer
# against plain batched INSERTs of the same rows into a table of the same shape (the
# baseline, same run, same disk), then inclusion and consistency proof latency once the log
# has grown to --total entries, and storage bytes per entry.
#
#   bench/log.sh [--entries 1000000] [--total 10000000] [--batch 1000] [--concurrency 4096]
#
# Goals: log ≥ 0.5 × baseline and ≥ 50,000 entries/s; proofs at 10,000,000 entries p50 < 1 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
swift build -c release --product CausewayBench >&2
bench=$(swift build -c release --show-bin-path)/CausewayBench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/out
"$bench" log --dir "$work" "${args[@]}" | tee bench/out/log.json
python3 - bench/out/log.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"baseline (batched INSERTs, rows made from the events)  {r['baseline_per_s']:>10,.0f} entries/s")
print(f"  of which the INSERTs alone                         {r['baseline_inserts_only_per_s']:>10,.0f} entries/s")
print(f"log (group commit + tree, from the events)           {r['log_per_s']:>10,.0f} entries/s")
print(f"ratio {r['ratio']:.2f} (goal >= 0.5 and >= 50,000/s); against the INSERTs alone {r['ratio_to_inserts_only']:.2f}")
print(f"proofs at {r['size']:,} entries: inclusion p50 {r['inclusion_ms']['p50']:.3f} ms p99 {r['inclusion_ms']['p99']:.3f} ms;"
      f" consistency p50 {r['consistency_ms']['p50']:.3f} ms p99 {r['consistency_ms']['p99']:.3f} ms  (goal p50 < 1 ms)")
print(f"storage: {r['bytes_per_entry']:.0f} bytes/entry (baseline table {r['baseline_bytes_per_entry']:.0f})")
print(f"audit verify over {r['size']:,} entries: {r['verify_s']:.1f} s ({r['size'] / r['verify_s']:,.0f} entries/s)")
PY
