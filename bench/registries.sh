#!/usr/bin/env bash
# Registries: record reads, address matching and feed latency on one node (SQLite), as
# ratios to the same node's /healthz measured in the same run, plus absolute figures where the
# goal is absolute (issue 17).
#
#   bench/registries.sh [--addresses N] [--duration SECONDS] [--connections C] [--subscribers S]
#
# Builds the release binaries, starts a node with the demo government and an address register
# of N addresses (default 1,000,000; the population register gets N/10 people), and measures:
#   /healthz (baseline, before and after the rest; their mean is the baseline);
#   a record by identifier, a different one of the N each request (goal ≥ 0.5 of /healthz);
#   an address match, a different corrupted address each request (goals: p50 < 5 ms, ≥ 1,000/s);
#   feed latency: S stream readers (default 1,000), 100 writes one after another, from each
#     write's acknowledgement to its event at every reader (goal: p99 < 100 ms);
#   a bulk match of 100,000 corrupted addresses with `causeway registry match` (goal < 60 s).
# Results go to stdout and bench/out/registries-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
addresses=1000000
duration=10
connections=32
subscribers=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --addresses) addresses=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --subscribers) subscribers=$2; shift 2 ;;
    *) echo "usage: $0 [--addresses N] [--duration SECONDS] [--connections C] [--subscribers S]" >&2; exit 2 ;;
  esac
done
need wrk wrk
# A thousand stream readers hold a thousand sockets on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
swift build -c release --product CausewayBench >&2
bench_binary="$(swift build -c release --show-bin-path)/CausewayBench"

echo "loading the demo with $addresses addresses" >&2
started=$(date +%s)
start_node --demo --demo-addresses "$addresses"
echo "demo loaded and node ready in $(( $(date +%s) - started )) s" >&2
password() { python3 -c 'import json,sys; print(next(u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["username"]==sys.argv[2]))' "$work/data/demo-credentials.json" "$1"; }
token() {
  curl -fsS "$url/api/v1/session" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$(password "$1")\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
clerk=$(token la.engineer)
reader=$(token hm.engineer)

# Corrupted copies of real records, as people type them: the bench's queries and bulk file.
python3 - "$url" "$work" <<'PY'
import json, random, sys, urllib.request
url, work = sys.argv[1], sys.argv[2]
records, after = [], ""
while len(records) < 100_000:
    page = json.load(urllib.request.urlopen(f"{url}/api/v1/registries/addresses/records?limit=1000&after={after}"))
    if not page["results"]: break
    records += [r["record"] for r in page["results"]]
    after = page["results"][-1]["id"]
random.seed(17)
abbreviations = {"Road": "Rd", "Street": "St", "Avenue": "Ave", "Saint": "St", "Crescent": "Cres", "Drive": "Dr", "Lane": "Ln"}
def typo(word):
    if len(word) < 5: return word
    i = random.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if random.random() < 0.5 else word[:i] + word[i + 1:]
def corrupt(r):
    street = " ".join(abbreviations.get(w, w) if random.random() < 0.5 else w for w in r["street"].split())
    if random.random() < 0.3: street = " ".join(typo(w) for w in street.split())
    parts = [f'{r["unit"]}, ' if r["unit"] else "", f'{r["house_number"]} {street}']
    if random.random() < 0.8: parts.append(", " + r["town"])
    if random.random() < 0.4: parts.append(" " + r["postcode"])
    text = "".join(parts)
    return text.lower() if random.random() < 0.3 else text
queries = [corrupt(r) for r in records]
with open(f"{work}/queries.lua", "w") as f:
    f.write("queries = {" + ",".join(json.dumps(urllib.parse.quote(q)) for q in queries[:5000]) + "}\n")
    f.write('counter = 0\nrequest = function() counter = counter + 1; return wrk.format("GET", "/api/v1/registries/addresses/match?q=" .. queries[counter % #queries + 1]) end\n')
with open(f"{work}/ids.lua", "w") as f:
    f.write(f"total = {len(records)}\n")
with open(f"{work}/bulk.csv", "w") as f:
    f.write("ref,address\n")
    for n, q in enumerate(queries[:100_000]):
        f.write(f'{n},"{q}"\n')
with open(f"{work}/truth.json", "w") as f:
    json.dump([r["address_id"] for r in records[:100_000]], f)
print(f"{len(records)} records read, {len(queries)} corrupted copies written", file=sys.stderr)
PY
cat > "$work/records.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local n = (counter * 7919) % $addresses + 1
  return wrk.format("GET", string.format("/api/v1/registries/addresses/records/LA-%07d", n))
end
LUA
# Warm up: the match index is built on first use.
curl -fsS "$url/api/v1/registries/addresses/match?q=1+harbour+road" >/dev/null

wrk -t2 -c"$connections" -d2s "$url/healthz" >/dev/null
read -r h1 h1p50 h1p99 < <(measure /healthz)
read -r rec recp50 recp99 < <(measure / -s "$work/records.lua")
read -r mat matp50 matp99 < <(measure / -s "$work/queries.lua")
# One query at a time: the latency a person (or a script without concurrency) sees.
read -r one onep50 onep99 < <(connections=1 measure / -s "$work/queries.lua")
read -r h2 h2p50 h2p99 < <(measure /healthz)
baseline=$(( (h1 + h2) / 2 ))

feed=$("$bench_binary" feed --write "$url" --token "$clerk" --subscribers "$subscribers" --writes 100)
echo "feed: $feed" >&2

bulk_started=$(python3 -c 'import time; print(time.time())')
CAUSEWAY_URL=$url "$binary" registry match addresses "$work/bulk.csv" --token "$reader" --output "$work/bulk-out.csv" 2>"$work/bulk.log"
bulk_seconds=$(python3 -c "import time; print(f'{time.time() - $bulk_started:.1f}')")
bulk_classes=$(tail -1 "$work/bulk.log")
# How right the bulk answers are: each corrupted copy's true record is the one it was made from.
quality=$(python3 bench/match-quality.py "$work/bulk-out.csv" "$work/truth.json")

mkdir -p bench/out
report="bench/out/registries-$(date -u +%Y%m%dT%H%M%SZ).md"
read -r fp50 fp99 farrived fexpected < <(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(f\"{d['p50_ms']:.1f} {d['p99_ms']:.1f} {d['arrived']} {d['expected']}\")" "$feed")
{
  echo "## bench/registries.sh, $(date -u +%Y-%m-%d), $(nproc) cores, $addresses addresses, wrk -t2 -c$connections -d${duration}s"
  echo
  healthz_table_head request
  echo "| a record by identifier, a different one each time | $rec | $recp50 | $recp99 | $(ratio "$rec" "$baseline") | ≥ 0.50 |"
  echo "| an address match, a different corrupted address each time | $mat | $matp50 | $matp99 | $(ratio "$mat" "$baseline") | ≥ 1,000/s |"
  echo "| the same, one connection (one query at a time) | $one | $onep50 | $onep99 | | p50 < 5 ms |"
  echo
  echo "| feed, one node | readers | events seen | p50 ms | p99 ms | goal |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  echo "| write acknowledged → event at every reader | $subscribers | $farrived of $fexpected | $fp50 | $fp99 | p99 < 100 ms |"
  echo
  echo "Bulk match of 100,000 corrupted addresses (\`causeway registry match\`): $bulk_seconds s ($bulk_classes); goal < 60 s."
  echo
  echo "$quality"
} | tee "$report"
