#!/usr/bin/env bash
# Bulk load with full validation, as a ratio to sqlite3's own CSV import in the same run.
#
#   bench/ingest.sh [--rows N]          (default 5,000,000 rows, 10 columns)
#
# Generates the table (bench/hosted-table.py), then loads it
#   (a) with `sqlite3 .import` into an equivalent table (same columns and types, integer
#       primary key): the baseline, no validation at all;
#   (b) with `causeway data upload` into a release node (SQLite, WAL): streamed to the node,
#       spooled, validated against the Table Schema (types, pattern, min/max, maxLength,
#       primary key uniqueness), written in one transaction, indexed, versioned.
# Reports rows per second of each, the ratio, and the node's peak resident memory (VmHWM).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=5000000
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N]" >&2; exit 2 ;;
  esac
done
source bench/hosted-common.sh
need sqlite3 sqlite3

python3 bench/hosted-table.py "$rows" "$work/table.csv" > "$work/schema.json"
bytes=$(stat -c %s "$work/table.csv")
rss_before=$(awk '/VmHWM/ {print $2}' "/proc/$node/status")

cat > "$work/baseline.sql" <<SQL
CREATE TABLE t (id INTEGER PRIMARY KEY, region TEXT, day TEXT, cases INTEGER, rate REAL, open INTEGER,
                name TEXT, code TEXT, amount REAL, updated TEXT);
.import --csv --skip 1 $work/table.csv t
SQL
start=$(date +%s.%N)
sqlite3 "$work/baseline.db" < "$work/baseline.sql"
baseline=$(python3 -c "import sys; print($(date +%s.%N) - $start)")
loaded=$(sqlite3 "$work/baseline.db" 'SELECT COUNT(*) FROM t')

make_dataset "$work/schema.json"
start=$(date +%s.%N)
CAUSEWAY_TOKEN=$token "$binary" data upload "$work/table.csv" --dataset bench-table --distribution bench-table-csv \
  --server "$url" --quiet > "$work/report.json"
causeway=$(python3 -c "import sys; print($(date +%s.%N) - $start)")
written=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rowsWritten"])' "$work/report.json")
peak=$(awk '/VmHWM/ {print $2}' "/proc/$node/status")

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/out
python3 - "$rows" "$bytes" "$baseline" "$loaded" "$causeway" "$written" "$rss_before" "$peak" <<'PY' | tee "bench/out/ingest-$stamp.md"
import sys
rows, size, base, loaded, cw, written, before, peak = sys.argv[1:]
rows, size, base, cw = int(rows), int(size), float(base), float(cw)
print(f"| load of {rows:,} rows, {size / 1e6:.0f} MB CSV | seconds | rows/s | ratio |")
print("| --- | ---: | ---: | ---: |")
print(f"| sqlite3 .import (baseline, {int(loaded):,} rows) | {base:.1f} | {rows / base:,.0f} | 1.00 |")
print(f"| causeway data upload, validated ({int(written):,} rows) | {cw:.1f} | {rows / cw:,.0f} | {base / cw:.2f} |")
print(f"\nnode peak RSS (VmHWM): {int(peak) / 1024:.0f} MiB (before the upload: {int(before) / 1024:.0f} MiB)")
PY
