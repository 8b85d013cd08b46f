#!/usr/bin/env bash
# The node's CPU time per call, for working on the gateway's own cost: reads the node's (and the
# bare proxy's) user + system time from /proc around each wrk run and divides by the calls made.
# Less noisy than requests/s on a shared machine, since it does not depend on how much of the
# two cores wrk and nginx took. Paths: (f) the bare proxy (CausewayBench proxy), (c) a gateway
# call to the upstream API, hosted records by key, and /healthz.
#
#   bench/gateway-cpu.sh [--duration SECONDS] [--sqlite-durability full|normal] [--profile proxy|keys]
#
# --profile records the node with `perf record -g` during one more run of that path, into
# bench/out/gateway-cpu.perf (`perf report -i bench/out/gateway-cpu.perf`).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=6
durability=full
profile=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --sqlite-durability) durability=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    *) echo "usage: $0 [--duration SECONDS] [--sqlite-durability full|normal] [--profile proxy|keys]" >&2; exit 2 ;;
  esac
done
connections=32
rows=100000
source bench/lib.sh
need wrk wrk
need nginx nginx
start_upstream 1

start_node --demo --demo-upstream-url "http://127.0.0.1:$upstream_port" --sqlite-durability "$durability"
python3 bench/gateway-setup.py "$url" "$work/data/demo-credentials.json" "$upstream_port" "$rows" "$work"
token=$(cat "$work/token")
start_bare_proxy
cat > "$work/keys.lua" <<LUA
math.randomseed(20261125)
request = function()
  return wrk.format("GET", string.format("/exchange/health-ministry/datasets/vulnerable-persons-register/records/P%06d", math.random(1, $rows)))
end
LUA

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# run NAME PID URL [wrk options…]: one wrk run, and the process's CPU per call during it.
run() {
  local name=$1 pid=$2 target=$3
  shift 3
  local before after
  before=$(cpu_ticks "$pid")
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$target" >"$work/wrk.txt"
  after=$(cpu_ticks "$pid")
  python3 - "$work/wrk.txt" "$name" "$before" "$after" <<'PY'
import os, re, sys
text, name, before, after = open(sys.argv[1]).read(), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
calls = int(re.search(r"(\d+) requests in", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors: sys.exit(f"{name}: wrk saw {errors.group(1)} error responses")
cpu = (after - before) / os.sysconf("SC_CLK_TCK")
p99 = re.search(r"99%\s+(\S+)", text).group(1)
print(f"| {name} | {rps:,.0f} | {cpu * 1e6 / calls:.1f} | {p99} |")
PY
}
proxy=("$url/exchange/health-ministry/bench-api/records.json" -H "Authorization: Bearer $token" -H "Causeway-Purpose: public-health-emergency")
keys=("$url" -H "Authorization: Bearer $token" -H "Causeway-Purpose: bench-lookup" -s "$work/keys.lua")
echo "wrk -t2 -c$connections -d${duration}s, release build, SQLite (durability $durability)"
echo
echo "| path | requests/s | CPU µs per call | p99 |"
echo "| --- | ---: | ---: | ---: |"
run "(f) bare proxy" "$bare" "http://127.0.0.1:$bare_port/records.json"
run "(c) gateway to the upstream" "$node" "${proxy[@]}"
run "hosted records by key" "$node" "${keys[@]}"
run "/healthz" "$node" "$url/healthz"
if [ -n "$profile" ]; then
  mkdir -p bench/out
  perf record -g -p "$node" -o bench/out/gateway-cpu.perf -- sleep "$duration" >/dev/null 2>&1 &
  recorder=$!
  if [ "$profile" = keys ]; then run "profiled: by key" "$node" "${keys[@]}"; else run "profiled: gateway" "$node" "${proxy[@]}"; fi
  wait "$recorder" || true
fi
