#!/usr/bin/env bash
# Harvest speed: datasets written through CKAN's package_create, one per request as
# `ckanapi load` writes them, into a node that already holds the demo government plus N
# generated datasets; then the latency of single writes into that catalogue.
#
#   bench/harvest.sh [--datasets N] [--duration SECONDS] [--connections C] [--data-from DIR]
#
# The harvest and its baseline run for SECONDS each with C connections (defaults 10 and 32);
# --duration 180 harvests about 100,000 datasets at the rate measured here.
#
# The baseline, measured in the same run, is the same bodies POSTed to site_read (parsed,
# authenticated, answered, nothing written), so the ratio is the cost of the catalogue write
# itself. The single-write rows send one request at a time (wrk -c1): package_create of new
# datasets, and package_patch of one dataset over and over (a change: the old position dies).
# Results go to stdout and bench/out/harvest-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
catalog_options "$@"
need wrk wrk

start_demo_catalog "$datasets"
token=$(operator_token)
count() { curl -fsS "$url/api/3/action/package_search?rows=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["count"])'; }
before=$(count)
patched=$(curl -fsS "$url/api/3/action/package_search?rows=1&sort=name%20asc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["results"][0]["name"])')
echo "catalogue: $before datasets" >&2

harvest_connections=$connections
harvest_duration=$duration
read -r base basep50 basep99 < <(measure "" -s bench/harvest.lua -- site_read baseline "$token")
read -r created createdp50 createdp99 < <(measure "" -s bench/harvest.lua -- package_create harvested "$token")
after=$(count)
connections=1
duration=$(( duration < 10 ? duration : 10 ))
read -r single singlep50 singlep99 < <(measure "" -s bench/harvest.lua -- package_create single "$token")
read -r patch patchp50 patchp99 < <(measure "" -s bench/harvest.lua -- package_patch patch "$token" "$patched")
final=$(count)

mkdir -p bench/out
report="bench/out/harvest-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "## bench/harvest.sh, $(date -u +%Y-%m-%d), $(nproc) cores, $before datasets before, $after after the harvest, $final at the end; wrk -c$harvest_connections -d${harvest_duration}s, then -c1 -d${duration}s per write row"
  echo
  echo "| request | per second | p50 ms | p99 ms | ratio to site_read | goal |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  echo "| site_read, the same bodies (baseline) | $base | $basep50 | $basep99 | 1.00 | |"
  echo "| package_create, the harvest ($(( after - before )) datasets) | $created | $createdp50 | $createdp99 | $(ratio "$created" "$base") | ≥ 1,000/s |"
  echo "| package_create, one at a time | $single | $singlep50 | $singlep99 | | p99 < 50 ms |"
  echo "| package_patch of one dataset, one at a time | $patch | $patchp50 | $patchp99 | | p99 < 50 ms |"
} | tee "$report"
