#!/usr/bin/env bash
# A registry's feed across two nodes on one PostgreSQL (issue 17): the owner writes on node A,
# S stream readers (default 1,000) follow the feed on node B. For each of 100 writes, one after
# another, the time from A's acknowledgement to the event at every reader on B (goal: p99 <
# 1.1 s). The baseline, in the same run and on the same database: the same readers on A, the
# writing node. Reports p50/p99 of both and the ratio of B's p99 to A's.
#
#   bench/registries-cluster.sh [--subscribers S] [--addresses N]
#
# PostgreSQL runs with its default durability (every commit synced). Results go to stdout and
# bench/out/registries-cluster-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=1000
addresses=50000
while [ $# -gt 0 ]; do
  case "$1" in
    --subscribers) subscribers=$2; shift 2 ;;
    --addresses) addresses=$2; shift 2 ;;
    *) echo "usage: $0 [--subscribers S] [--addresses N]" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
scripts/postgres-cluster ensure
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
swift build -c release --product CausewayBench >&2
bench_binary="$(swift build -c release --show-bin-path)/CausewayBench"

pg="$work/pg"
pg_url=$(scripts/postgres-cluster start "$pg" --durable)
nodes=()
trap 'for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done;
      scripts/postgres-cluster stop "$pg" || true; cleanup' EXIT

# serve NAME PORT [options…]: a release node on the shared database, with its own data folder.
serve() {
  local name=$1 node_port=$2
  shift 2
  "$binary" serve --data-dir "$work/$name" --port "$node_port" --database "$pg_url" --public-url "http://127.0.0.1:$a_port" \
    --log-level warning "$@" >>"$work/$name.log" 2>&1 &
  nodes+=($!)
  for _ in $(seq 1 1200); do
    if curl -fsS "http://127.0.0.1:$node_port/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  exit 1
}
a_port=$(free_port)
b_port=$(free_port)
serve a "$a_port" --demo --demo-addresses "$addresses"
serve b "$b_port" --master-key-file "$work/a/master-key"
a="http://127.0.0.1:$a_port"
b="http://127.0.0.1:$b_port"
password=$(python3 -c 'import json,sys; print(next(u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["username"]=="la.engineer"))' "$work/a/demo-credentials.json")
clerk=$(curl -fsS "$a/api/v1/session" -H 'content-type: application/json' -d "{\"username\":\"la.engineer\",\"password\":\"$password\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

same=$("$bench_binary" feed --write "$a" --read "$a" --token "$clerk" --subscribers "$subscribers" --writes 100)
echo "readers on A: $same" >&2
other=$("$bench_binary" feed --write "$a" --read "$b" --token "$clerk" --subscribers "$subscribers" --writes 100)
echo "readers on B: $other" >&2

fields() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(f\"{d['p50_ms']:.1f} {d['p99_ms']:.1f} {d['arrived']} {d['expected']}\")" "$1"; }
read -r sp50 sp99 sarrived sexpected < <(fields "$same")
read -r op50 op99 oarrived oexpected < <(fields "$other")

out="bench/out/registries-cluster-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p bench/out
{
  echo "## Registry feed across two nodes on one PostgreSQL, $(date -u +%F), $subscribers readers, 100 writes on A"
  echo
  echo "| readers on | events seen | p50 ms | p99 ms | goal |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  echo "| A, the writing node (baseline) | $sarrived of $sexpected | $sp50 | $sp99 | |"
  echo "| B, the other node | $oarrived of $oexpected | $op50 | $op99 | p99 < 1,100 |"
  echo "| ratio of B's p99 to A's | | | **$(ratio "$op99" "$sp99")** | |"
} | tee "$out"
