#!/usr/bin/env bash
# Hosted-table query throughput, as a ratio to the same node's /healthz in the same run.
#
#   bench/records.sh [--rows N] [--duration SECONDS] [--connections C]
#
# Loads the benchmark table (default 1,000,000 rows, bench/hosted-table.py) into a release
# node, then runs wrk against /healthz (baseline, before and after; their mean) and against
# CKAN datastore_search with one filter on the indexed `region` field, in two variants:
#   fixed:    the same filter value every request;
#   rotating: a different region per request (wrk Lua), so nothing is served twice in a row.
# Both run twice: with the node's default answer cache (64 MiB; a repeated query is a lookup)
# and after restarting the node with --records-cache-mib 0, so every request runs its SQL.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=1000000
duration=10
connections=32
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--duration SECONDS] [--connections C]" >&2; exit 2 ;;
  esac
done
source bench/hosted-common.sh
need wrk wrk

python3 bench/hosted-table.py "$rows" "$work/table.csv" > "$work/schema.json"
make_dataset "$work/schema.json"
CAUSEWAY_TOKEN=$token "$binary" data upload "$work/table.csv" --dataset bench-table --distribution bench-table-csv \
  --server "$url" --quiet > /dev/null

cat > "$work/rotate.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", string.format('/api/3/action/datastore_search?resource_id=bench-table-csv&filters={"region":"R%02d"}', counter % 100))
end
LUA
search='/api/3/action/datastore_search?resource_id=bench-table-csv&filters=%7B%22region%22%3A%22R17%22%7D'
curl -fsS "$url$search" | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; assert r["total"] > 0 and len(r["records"]) == 100, r' 
read -r healthz1 _ < <(measure /healthz)
read -r fixed _ < <(measure "$search")
read -r rotating _ < <(measure / -s "$work/rotate.lua")
stop_node
start_node --records-cache-mib 0
read -r fixed_cold _ < <(measure "$search")
read -r rotating_cold _ < <(measure / -s "$work/rotate.lua")
read -r healthz2 _ < <(measure /healthz)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/out
python3 - "$rows" "$healthz1" "$healthz2" "$fixed" "$rotating" "$fixed_cold" "$rotating_cold" <<'PY' | tee "bench/out/records-$stamp.md"
import sys
rows = int(sys.argv[1]); h1, h2, fixed, rotating, fixed_cold, rotating_cold = map(float, sys.argv[2:])
base = (h1 + h2) / 2
print(f"| {rows:,}-row table | req/s | ratio to /healthz |")
print("| --- | ---: | ---: |")
print(f"| /healthz (baseline: {h1:,.0f} before, {h2:,.0f} after) | {base:,.0f} | 1.00 |")
print(f"| datastore_search, filter region=R17 (100 rows + total) | {fixed:,.0f} | {fixed / base:.2f} |")
print(f"| datastore_search, filter region rotating over 100 values | {rotating:,.0f} | {rotating / base:.2f} |")
print(f"| same, fixed, answer cache off | {fixed_cold:,.0f} | {fixed_cold / base:.3f} |")
print(f"| same, rotating, answer cache off | {rotating_cold:,.0f} | {rotating_cold / base:.3f} |")
PY
