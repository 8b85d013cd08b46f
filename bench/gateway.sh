#!/usr/bin/env bash
# The gateway against nginx, in the same run on the same machine (issue 5):
#   (a) wrk straight at the upstream: nginx serving a 1 KB JSON array of records;
#   (b) wrk through nginx as a plain reverse proxy to it;
#   (f) wrk through the frameworks alone: Hummingbird in, async-http-client out, nothing
#       between (`CausewayBench proxy`), to tell the libraries' cost from Causeway's checks;
#   (c) wrk through Causeway: access token check, agreement check, field reduction, quota and
#       an audit event committed before each answer (SQLite, group commit).
# Reports requests/s and p50/p99 for each, and the goals restated in issue 15: c/f ≥ 0.6 (what
# Causeway adds costs at most 40% of the frameworks' own proxying); at half of Causeway's peak
# rate (paced with wrk's delay() hook), Causeway's p99 within +2 ms of (f)'s at the same offered
# rate; hosted restricted records by key ≥ 10,000 req/s. f/b is reported in every run so the
# libraries' ceiling stays visible; c/b and nginx at half rate are kept for comparison.
#
#   bench/gateway.sh [--duration SECONDS] [--connections N] [--rows N] [--sqlite-durability full|normal] [--profile]
#
# --profile records the node with `perf record -g` during the two Causeway peak runs, into
# bench/out/gateway-proxy.perf and bench/out/gateway-keys.perf.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10
connections=32
rows=100000
durability=full
profile=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --sqlite-durability) durability=$2; shift 2 ;;
    --profile) profile=1; shift ;;
    *) echo "usage: $0 [--duration SECONDS] [--connections N] [--rows N]" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
need wrk wrk
need nginx nginx
proxy_port=$(free_port)
start_upstream 2 "upstream origin { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$proxy_port;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
  }"

start_node --demo --demo-upstream-url "http://127.0.0.1:$upstream_port" --sqlite-durability "$durability"
python3 bench/gateway-setup.py "$url" "$work/data/demo-credentials.json" "$upstream_port" "$rows" "$work"
token=$(cat "$work/token")
gateway_headers=(-H "Authorization: Bearer $token" -H "Causeway-Purpose: public-health-emergency")
# Pre-flight: the gateway answers 200 with the reduced records.
preflight=$(curl -sS -w " %{http_code}" "${gateway_headers[@]}" "$url/exchange/health-ministry/bench-api/records.json")
echo "pre-flight: ${preflight:0:160}" >&2
case "$preflight" in *" 200") ;; *) exit 1 ;; esac

read -r direct_rps direct_p50 direct_p99 < <(measure_url "http://127.0.0.1:$upstream_port/records.json")
read -r nginx_rps nginx_p50 nginx_p99 < <(measure_url "http://127.0.0.1:$proxy_port/records.json")
start_bare_proxy
read -r bare_rps bare_p50 bare_p99 < <(measure_url "http://127.0.0.1:$bare_port/records.json")
# The bare proxy stays up, idle, for its paced run at half of Causeway's peak below.
# profile NAME: records the node with perf for the next measurement, when --profile is given.
profile() {
  [ -n "$profile" ] || return 0
  mkdir -p bench/out
  perf record -g -p "$node" -o "bench/out/gateway-$1.perf" -- sleep "$duration" >/dev/null 2>&1 &
}
profile proxy
read -r gw_rps gw_p50 gw_p99 < <(measure_url "$url/exchange/health-ministry/bench-api/records.json" "${gateway_headers[@]}")

# Half of Causeway's peak, paced: each connection waits so that all together send about that rate.
half=$(python3 -c "print(int($gw_rps / 2))")
cat > "$work/paced.lua" <<LUA
function delay() return math.floor(1000 * $connections / $half) end
LUA
read -r nginx_half_rps _ nginx_half_p99 < <(measure_url "http://127.0.0.1:$proxy_port/records.json" -s "$work/paced.lua")
read -r bare_half_rps _ bare_half_p99 < <(measure_url "http://127.0.0.1:$bare_port/records.json" -s "$work/paced.lua")
kill "$bare"; wait "$bare" 2>/dev/null || true; bare=""
read -r gw_half_rps _ gw_half_p99 < <(measure_url "$url/exchange/health-ministry/bench-api/records.json" "${gateway_headers[@]}" -s "$work/paced.lua")

# Hosted records by key, a different person on every request.
cat > "$work/keys.lua" <<LUA
math.randomseed(20261125)
request = function()
  return wrk.format("GET", string.format("/exchange/health-ministry/datasets/vulnerable-persons-register/records/P%06d", math.random(1, $rows)))
end
LUA
profile keys
read -r key_rps key_p50 key_p99 < <(measure_url "$url" -H "Authorization: Bearer $token" -H "Causeway-Purpose: bench-lookup" -s "$work/keys.lua")

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/out
python3 - "$duration" "$connections" "$rows" "$direct_rps $direct_p50 $direct_p99" "$nginx_rps $nginx_p50 $nginx_p99" \
  "$gw_rps $gw_p50 $gw_p99" "$bare_rps $bare_p50 $bare_p99" "$half $nginx_half_rps $nginx_half_p99 $gw_half_rps $gw_half_p99 $bare_half_rps $bare_half_p99" "$key_rps $key_p50 $key_p99" "$durability" \
  <<'PY' | tee "bench/out/gateway-$stamp.md"
import sys
duration, connections, rows = sys.argv[1:4]
direct, nginx, gateway, bare, half, keys = [s.split() for s in sys.argv[4:10]]
print(f"wrk -t2 -c{connections} -d{duration}s, release build, SQLite (durability {sys.argv[-1]}), 2 cores shared by wrk, nginx and the node")
print()
print("| path | requests/s | p50 ms | p99 ms |")
print("| --- | ---: | ---: | ---: |")
print(f"| (a) nginx upstream, direct | {float(direct[0]):,.0f} | {direct[1]} | {direct[2]} |")
print(f"| (b) nginx reverse proxy | {float(nginx[0]):,.0f} | {nginx[1]} | {nginx[2]} |")
print(f"| (f) Hummingbird + async-http-client, nothing between | {float(bare[0]):,.0f} | {bare[1]} | {bare[2]} |")
print(f"| (c) Causeway gateway (token, agreement, reduction, quota, audit) | {float(gateway[0]):,.0f} | {gateway[1]} | {gateway[2]} |")
print(f"\nc/f throughput: **{float(gateway[0]) / float(bare[0]):.2f}** (goal ≥ 0.6); f/b {float(bare[0]) / float(nginx[0]):.2f} (the libraries' ceiling); c/b {float(gateway[0]) / float(nginx[0]):.2f}")
target, nginx_rps, nginx_p99, gw_rps, gw_p99, bare_rps, bare_p99 = half
print(f"\nAt half of Causeway's peak ({int(target):,} req/s offered): (f) {float(bare_rps):,.0f} req/s p99 {bare_p99} ms; "
      f"Causeway {float(gw_rps):,.0f} req/s p99 {gw_p99} ms; difference **{float(gw_p99) - float(bare_p99):+.3f} ms** (goal ≤ +2 ms); "
      f"nginx {float(nginx_rps):,.0f} req/s p99 {nginx_p99} ms")
print(f"\nHosted restricted records by key through the gateway ({int(rows):,} rows, random keys): "
      f"**{float(keys[0]):,.0f} req/s**, p50 {keys[1]} ms, p99 {keys[2]} ms (goal ≥ 10,000 req/s)")
PY
