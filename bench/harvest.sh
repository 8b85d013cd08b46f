#!/usr/bin/env bash
# Harvest speed: datasets written through CKAN's package_create, as `ckanapi load` writes them,
# into a node that already holds the demo government plus N generated datasets.
#
#   bench/harvest.sh [--datasets N] [--count M] [--workers W]
#
# The baseline, measured in the same run, is the same M bodies POSTed to site_read (parsed,
# authenticated, answered, nothing written), so the ratio is the cost of the catalogue write
# itself. Results go to stdout and bench/out/harvest-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

datasets=10000
count=200
workers=4
while [ $# -gt 0 ]; do
  case "$1" in
    --datasets) datasets=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    *) echo "usage: $0 [--datasets N] [--count M] [--workers W]" >&2; exit 2 ;;
  esac
done

source bench/lib.sh
start_demo_catalog "$datasets"
password=$(python3 -c 'import json,sys; print(next(u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["username"]=="operator"))' "$work/data/demo-credentials.json")
token=$(curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"operator\",\"password\":\"$password\"}" "$url/api/v1/session" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
result=$(python3 bench/harvest-load.py "$url" "$token" "$count" "$workers")

mkdir -p bench/out
report="bench/out/harvest-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$result" "$datasets" "$count" "$workers" "$(nproc)" <<'PY' | tee "$report"
import json, sys
result, datasets, count, workers, cores = json.loads(sys.argv[1]), *sys.argv[2:]
b, c = result["baseline"], result["created"]
print(f"## bench/harvest.sh, {cores} cores, {datasets} datasets already held, {count} created, {workers} at a time")
print()
print("| request | per second | p50 ms | p99 ms | ratio | goal |")
print("| --- | --- | --- | --- | --- | --- |")
print(f"| site_read with the same bodies (baseline) | {b['per_second']:.0f} | {b['p50_ms']:.1f} | {b['p99_ms']:.1f} | 1.00 | |")
print(f"| package_create | {c['per_second']:.1f} | {c['p50_ms']:.1f} | {c['p99_ms']:.1f} | {c['per_second'] / b['per_second']:.4f} | ≥ 1,000/s |")
PY
