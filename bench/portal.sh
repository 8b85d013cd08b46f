#!/usr/bin/env bash
# Portal page throughput, as a ratio to the same node's /healthz measured in the same run.
#
#   bench/portal.sh [--datasets N] [--duration SECONDS] [--connections C] [--data-from DIR]
#
# Builds a release binary, loads the demo government (with its hosted tables and weeks of
# gateway history) plus N generated datasets (default 10,000) into a fresh SQLite data
# directory, starts the node, and runs wrk against:
#   /healthz (baseline, measured before and after the others; their mean is the baseline),
#   the home page /, a dataset page with its data preview (/datasets/consumer-price-index), and
#   the search page with text and a facet (/datasets?q=health&theme=HEAL).
# Goals (issue 16): home and dataset page ≥ 0.5 of /healthz, search ≥ 0.25. Those pages are
# kept once rendered (see PortalRoutes), so they measure the warm path; two more rows measure
# the cold one, where every request asks for a page not seen yet: a different dataset page
# each time (of the N), and a search for a different pair of words each time.
# Results go to stdout and bench/out/portal-<time>.md; only the ratios are comparable between
# machines.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
catalog_options "$@"
need wrk wrk

start_demo_catalog "$datasets"
home=/
dataset=/datasets/consumer-price-index
search='/datasets?q=health&theme=HEAL'
for path in "$home" "$dataset" "$search"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url$path")
  [ "$status" = 200 ] || { echo "portal: $path answered $status" >&2; exit 1; }
done
hits=$(curl -fsS "$url$search" | grep -o '<h2 id="results-heading"[^>]*>[^<]*' | sed 's/.*>//')
echo "search page: $hits" >&2

# The cold rows' scripts: every request a page this run has not asked for before.
curl -fsS "$url/api/3/action/package_list" | python3 -c '
import json, sys
names = json.load(sys.stdin)["result"]
print("names = {" + ",".join(chr(34) + n + chr(34) for n in names) + "}")
print("counter = 0")
print("request = function() counter = counter + 1; return wrk.format(\"GET\", \"/datasets/\" .. names[(counter * 7919) % #names + 1] .. \"?n=\" .. counter) end")
' > "$work/datasets.lua"
cat > "$work/searches.lua" <<'LUA'
local words = {"health", "population", "transport", "water", "school", "budget", "housing", "energy", "crime", "air",
               "survey", "register", "monthly", "regional", "statistics", "covid", "traffic", "land", "price", "labour"}
counter = 0
request = function()
  counter = counter + 1
  local a = words[counter % #words + 1]
  local b = words[(counter * 7) % #words + 1]
  return wrk.format("GET", "/datasets?q=" .. a .. "+" .. b .. "&page=" .. (counter % 5 + 1) .. "&n=" .. counter)
end
LUA

wrk -t2 -c"$connections" -d2s "$url/healthz" >/dev/null
read -r h1 h1p50 h1p99 < <(measure /healthz)
read -r homes homep50 homep99 < <(measure "$home")
read -r page pagep50 pagep99 < <(measure "$dataset")
read -r found foundp50 foundp99 < <(measure "$search")
read -r colddata colddatap50 colddatap99 < <(measure / -s "$work/datasets.lua")
read -r coldsearch coldsearchp50 coldsearchp99 < <(measure / -s "$work/searches.lua")
read -r h2 h2p50 h2p99 < <(measure /healthz)
baseline=$(( (h1 + h2) / 2 ))

mkdir -p bench/out
report="bench/out/portal-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "## bench/portal.sh, $(date -u +%Y-%m-%d), $(nproc) cores, demo + $datasets datasets, wrk -t2 -c$connections -d${duration}s"
  echo
  healthz_table_head page
  echo "| home \`/\` | $homes | $homep50 | $homep99 | $(ratio "$homes" "$baseline") | ≥ 0.50 |"
  echo "| dataset page with preview \`$dataset\` | $page | $pagep50 | $pagep99 | $(ratio "$page" "$baseline") | ≥ 0.50 |"
  echo "| search \`$search\` ($hits) | $found | $foundp50 | $foundp99 | $(ratio "$found" "$baseline") | ≥ 0.25 |"
  echo "| cold: a different dataset page each request | $colddata | $colddatap50 | $colddatap99 | $(ratio "$colddata" "$baseline") | |"
  echo "| cold: a different search (two words, a page of 1–5) each request | $coldsearch | $coldsearchp50 | $coldsearchp99 | $(ratio "$coldsearch" "$baseline") | |"
} | tee "$report"
