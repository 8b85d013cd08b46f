#!/usr/bin/env bash
# Catalogue read throughput, as a ratio to the same node's /healthz measured in the same run.
#
#   bench/catalog.sh [--datasets N] [--duration SECONDS] [--connections C] [--data-from DIR]
#
# Builds a release binary, loads the demo government plus N generated datasets (default
# 10,000) into a fresh SQLite data directory, starts the node, and runs wrk against:
#   /healthz (baseline, measured before and after the others; their mean is the baseline),
#   CKAN package_show of one dataset, CKAN package_search with a text query and two facets (a
#   broad one, "health", and a narrower one, "pollen week"), and the harvester's package_search: three OR'ed organisations and a metadata_modified range in
#   fq, sorted by id. Then single writes, one request at a time (wrk -c1, bench/harvest.lua):
#   package_create of new datasets and package_patch of one dataset, whose p99 is the figure.
# Searches are measured with the node's package_search answer cache off (--search-cache-mib 0):
# what the index does. Then the node is restarted with its defaults and the broad search is
# measured again, answered from the cache as a portal's landing page is.
# Also reported: the seconds from start to ready on the loaded catalogue, and the node's
# resident memory after the reads and its peak (start-up included).
# With --data-from DIR, the generated data directory is kept in DIR and later runs start from a
# copy of it (generating a million datasets takes minutes; a run's writes go to the copy).
# Results go to stdout and bench/out/catalog-<time>.md. wrk and the node share this machine's
# cores, as they would on any small node; only the ratios are comparable between machines.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
catalog_options "$@"
need wrk wrk

start_demo_catalog "$datasets" --search-cache-mib 0
total=$(curl -fsS "$url/api/3/action/package_search?rows=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["count"])')
show_id=$(curl -fsS "$url/api/3/action/package_search?rows=1&start=5000&sort=name%20asc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["results"][0]["name"])')
search_path='/api/3/action/package_search?q=health&facet.field=%5B%22organization%22,%22tags%22%5D&rows=10'
count_of() { curl -fsS "$url$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["count"])'; }
search_count=$(count_of "$search_path")
narrow_path='/api/3/action/package_search?q=pollen%20week&facet.field=%5B%22organization%22,%22tags%22%5D&rows=10'
narrow_count=$(count_of "$narrow_path")
harvest_fq='(organization:health-ministry OR organization:land-authority OR organization:social-services) AND metadata_modified:[NOW-90DAYS TO *]'
harvest_path="/api/3/action/package_search?fq=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$harvest_fq")&sort=id%20asc&rows=10"
harvest_count=$(count_of "$harvest_path")
echo "catalogue: $total datasets; package_search matches $search_count (narrow: $narrow_count); the harvester's fq $harvest_count" >&2

curl -fsS "$url$search_path" >/dev/null  # warm up
wrk -t2 -c"$connections" -d2s "$url/healthz" >/dev/null
connections_read=$connections
read -r h1 h1p50 h1p99 < <(measure /healthz)
read -r show showp50 showp99 < <(measure "/api/3/action/package_show?id=$show_id")
read -r search searchp50 searchp99 < <(measure "$search_path")
read -r narrow narrowp50 narrowp99 < <(measure "$narrow_path")
read -r harvest harvestp50 harvestp99 < <(measure "$harvest_path")
read -r h2 h2p50 h2p99 < <(measure /healthz)
baseline=$(( (h1 + h2) / 2 ))
read -r memory peak < <(node_memory)
token=$(operator_token)
connections=1
read -r create createp50 createp99 < <(measure "" -s bench/harvest.lua -- package_create bench "$token")
read -r patch patchp50 patchp99 < <(measure "" -s bench/harvest.lua -- package_patch bench "$token" "$show_id")

# The broad search again, from the answer cache (the node's default), after a second start.
first_start=$started_in
stop_node
start_node
connections=$connections_read
curl -fsS "$url$search_path" >/dev/null
read -r h3 h3p50 h3p99 < <(measure /healthz)
read -r kept keptp50 keptp99 < <(measure "$search_path")

mkdir -p bench/out
report="bench/out/catalog-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "## bench/catalog.sh, $(date -u +%Y-%m-%d), $(nproc) cores, $total datasets, wrk -t2 -c$connections_read -d${duration}s"
  echo
  echo "Start-up to ready: ${first_start} s (${started_in} s the second time). Resident memory after the reads: ${memory} MB (peak ${peak} MB)."
  echo
  healthz_table_head endpoint
  echo "| package_show | $show | $showp50 | $showp99 | $(ratio "$show" "$baseline") | ≥ 0.50 |"
  echo "| package_search (q=health, 2 facets, $search_count hits) | $search | $searchp50 | $searchp99 | $(ratio "$search" "$baseline") | ≥ 0.25 |"
  echo "| package_search (q=pollen week, 2 facets, $narrow_count hits) | $narrow | $narrowp50 | $narrowp99 | $(ratio "$narrow" "$baseline") | |"
  echo "| package_search (fq: 3 organisations OR'ed, metadata_modified in the last 90 days; sort=id asc; $harvest_count hits) | $harvest | $harvestp50 | $harvestp99 | $(ratio "$harvest" "$baseline") | ≥ 0.25 |"
  echo "| package_create, one at a time | $create | $createp50 | $createp99 | | p99 < 50 ms |"
  echo "| package_patch of one dataset, one at a time | $patch | $patchp50 | $patchp99 | | p99 < 50 ms |"
  echo "| after a restart with the defaults: /healthz | $h3 | $h3p50 | $h3p99 | | |"
  echo "| package_search (q=health, 2 facets), answer kept | $kept | $keptp50 | $keptp99 | $(ratio "$kept" "$h3") | ≥ 0.25 |"
} | tee "$report"
