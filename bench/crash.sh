#!/usr/bin/env bash
# Nothing lost (issue 6): gateway load against a node that is killed with SIGKILL at random
# moments and restarted. Every response that carried a Causeway-Audit-Index must have its
# entry, with its request id, in the log afterwards, and `causeway audit verify` must pass.
#
#   bench/crash.sh [--kills 20] [--binary PATH] [--threads 16] [--sqlite-durability full|normal]
#
# --sqlite-durability normal checks the lighter setting (`synchronous = NORMAL`): a kill of the
# node must lose nothing acknowledged with it either; only a power cut may.
# Without --binary it builds and uses the release binary. CI runs a short form with the
# debug build (scripts/test: --kills 5).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=20
threads=16
binary=""
durability=full
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --sqlite-durability) durability=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$binary" ]; then
  swift build -c release --product causeway >&2
  binary=$(swift build -c release --show-bin-path)/causeway
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
node=""
load=""
cleanup() {
  [ -n "$load" ] && kill "$load" 2>/dev/null || true
  [ -n "$node" ] && kill -9 "$node" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_node() {
  "$binary" serve --demo --data-dir "$work/data" --port "$port" --log-level warning --sqlite-durability "$durability" >>"$work/node.log" 2>&1 &
  node=$!
  for _ in $(seq 1 600); do
    if curl -fsS "$url/readyz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$node" 2>/dev/null; then cat "$work/node.log" >&2; echo "crash: node did not start" >&2; exit 1; fi
    sleep 0.05
  done
  echo "crash: node not ready" >&2
  exit 1
}

start_node
python3 bench/crash-load.py prepare "$url" "$work/data" "$work/token"
python3 bench/crash-load.py load "$url" "$work/token" "$work/acks" "$threads" &
load=$!

# Kill times are random; CAUSEWAY_CRASH_SEED replays a run's.
seed=${CAUSEWAY_CRASH_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "crash: kill times from CAUSEWAY_CRASH_SEED=$seed" >&2
for round in $(seq 1 "$kills"); do
  sleep "$(python3 -c 'import random, sys; print(round(random.Random(int(sys.argv[1]) * 1000 + int(sys.argv[2])).uniform(0.3, 1.5), 2))' "$seed" "$round")"
  kill -9 "$node"
  wait "$node" 2>/dev/null || true
  start_node
  echo "kill $round/$kills: $(wc -l <"$work/acks") calls acknowledged so far" >&2
done
sleep 1
kill "$load"
wait "$load" 2>/dev/null || true
load=""

python3 bench/crash-load.py check "$url" "$work/acks"
kill "$node"
wait "$node" 2>/dev/null || true
node=""
"$binary" audit verify --data-dir "$work/data" --state "$work/verified"
echo "crash: $kills kills (CAUSEWAY_CRASH_SEED=$seed), nothing acknowledged was lost, and the log verifies"
