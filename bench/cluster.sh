#!/usr/bin/env bash
# Causeway on PostgreSQL against Causeway on SQLite, and two nodes against one, in one run on one
# machine (issue 13). All through the gateway to a static upstream on nginx, each call with a
# durable log entry before its answer:
#   (s) one node on SQLite (synchronous = FULL, the default);
#   (p) one node on PostgreSQL with its default durability (fsync, synchronous_commit on);
#   (p1) that node behind the nginx balancer of deploy/nginx/causeway.conf;
#   (p2) two nodes on that database behind the same balancer.
# Reports requests/s and p50/p99 for each, and the ratios p/s (goal ≥ 0.5) and p2/p1. Then the
# time from one node's acknowledgement of a suspension to the other node refusing a call under
# it, over --trials trials, with LISTEN/NOTIFY (the default) and with polling alone (the
# baseline, --change-notifications off): p50, p99 and max (goal: p99 < 200 ms).
#
#   bench/cluster.sh [--duration SECONDS] [--connections N] [--trials N]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10
connections=32
trials=50
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    *) echo "usage: $0 [--duration SECONDS] [--connections N] [--trials N]" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
need wrk wrk
need nginx nginx-light
scripts/postgres-cluster ensure
# The upstream: nginx serving a 1 KB JSON array, as in bench/gateway.sh.
start_upstream 1

pg="$work/pg"
pg_url=$(scripts/postgres-cluster start "$pg" --durable)
nodes=()
stop_all() {
  for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  nodes=()
}
trap 'stop_all;
      [ -f "$work/lb/nginx.conf" ] && "$nginx_bin" -c "$work/lb/nginx.conf" -p "$work/lb" -s stop 2>/dev/null || true;
      scripts/postgres-cluster stop "$pg" || true; cleanup' EXIT

# serve NAME PORT [options…]: starts a release node with its own data directory, waits until ready.
serve() {
  local name=$1 node_port=$2
  shift 2
  "$binary" serve --data-dir "$work/$name" --port "$node_port" --log-level warning \
    --demo-upstream-url "http://127.0.0.1:$upstream_port" "$@" >>"$work/$name.log" 2>&1 &
  nodes+=($!)
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$node_port/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  exit 1
}
# gateway URL: wrk through the gateway at URL with the token of the node set up in $work/setup-NAME.
gateway() {
  local target=$1 token
  token=$(cat "$work/token")
  measure_url "$target/exchange/health-ministry/bench-api/records.json" -H "Authorization: Bearer $token" -H "Causeway-Purpose: public-health-emergency"
}

# (s) SQLite.
sqlite_port=$(free_port)
serve sqlite "$sqlite_port" --demo
python3 bench/gateway-setup.py "http://127.0.0.1:$sqlite_port" "$work/sqlite/demo-credentials.json" "$upstream_port" 1000 "$work"
read -r s_rps s_p50 s_p99 < <(gateway "http://127.0.0.1:$sqlite_port")
stop_all

# (p) PostgreSQL, one node; then a second node on the same database.
a_port=$(free_port)
b_port=$(free_port)
lb_port=$(free_port)
public="http://127.0.0.1:$lb_port"
serve a "$a_port" --demo --database "$pg_url" --public-url "$public"
python3 bench/gateway-setup.py "http://127.0.0.1:$a_port" "$work/a/demo-credentials.json" "$upstream_port" 1000 "$work"
read -r p_rps p_p50 p_p99 < <(gateway "http://127.0.0.1:$a_port")

# The balancer, as deploy/ ships it, first with node A alone.
balancer() {
  mkdir -p "$work/lb/logs"
  chmod 777 "$work/lb" "$work/lb/logs"
  python3 - "$work/lb" "$lb_port" "$@" <<'PY'
import pathlib, re, sys
lb, port, ports = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
site = pathlib.Path("deploy/nginx/causeway.conf").read_text()
servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
site = re.sub(r"(    server 127\.0\.0\.1:\d+ [^\n]*\n)+", servers + "\n", site, count=1)
site = site.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/var/log/nginx/causeway.access.log", "off")
site = site.replace("access_log off causeway;", "access_log off;")
(lb / "causeway.conf").write_text(site)
(lb / "nginx.conf").write_text(f"""worker_processes 1;
pid {lb}/nginx.pid;
error_log {lb}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{ client_body_temp_path {lb}/body; proxy_temp_path {lb}/proxy; include {lb}/causeway.conf; }}
""")
PY
  if [ -f "$work/lb/nginx.pid" ]; then "$nginx_bin" -c "$work/lb/nginx.conf" -p "$work/lb" -s reload; sleep 0.5
  else "$nginx_bin" -c "$work/lb/nginx.conf" -p "$work/lb"; fi
}
balancer "$a_port"
read -r p1_rps p1_p50 p1_p99 < <(gateway "$public")
serve b "$b_port" --database "$pg_url" --public-url "$public" --master-key-file "$work/a/master-key"
balancer "$a_port" "$b_port"
read -r p2_rps p2_p50 p2_p99 < <(gateway "$public")

# Propagation: suspend on A, time until B refuses; resume; repeat. Then the same with polling alone.
propagation() {
  python3 - "http://127.0.0.1:$a_port" "http://127.0.0.1:$b_port" "$work/a/demo-credentials.json" "$trials" <<'PY'
import http.client, json, random, sys, time, urllib.parse, urllib.request
a, b, credentials_path, trials = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
credentials = json.load(open(credentials_path))
def post(url, path, body, token=None, form=None):
    data = form if form is not None else json.dumps(body).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form is not None else "application/json"}
    if token: headers["Authorization"] = f"Bearer {token}"
    with urllib.request.urlopen(urllib.request.Request(url + path, data=data, method="POST", headers=headers), timeout=30) as r:
        return json.loads(r.read() or b"null")
password = next(u["password"] for u in credentials["users"] if u["username"] == "hm.dpo")
dpo = post(a, "/api/v1/session", {"username": "hm.dpo", "password": password})["token"]
secret = next(c["client_secret"] for c in credentials["clients"] if c["client_id"] == "social-services/shielding-portal")
token = post(a, "/oauth/token", None, form=urllib.parse.urlencode({"grant_type": "client_credentials",
    "client_id": "social-services/shielding-portal", "client_secret": secret}).encode())["access_token"]
parsed = urllib.parse.urlparse(b)
connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
def status_on_b():
    connection.request("GET", "/exchange/health-ministry/datasets/vulnerable-persons-register/records/P000001",
                       headers={"Authorization": f"Bearer {token}", "Causeway-Purpose": "shielding-support"})
    response = connection.getresponse()
    response.read()
    return response.status
def until(wanted):
    while status_on_b() != wanted:
        pass
    return time.monotonic()
times = []
# Each trial starts at a random moment: waiting for B to see the previous resumption would
# otherwise start every trial just after B's poll, its worst case with polling alone.
pause = random.Random(20261201)
for _ in range(trials):
    until(200)
    time.sleep(pause.uniform(0, 1))
    post(a, "/api/v1/agreements/agr-demo-shielding/suspend", {"reason": "benchmark"}, dpo)
    acknowledged = time.monotonic()
    times.append((until(403) - acknowledged) * 1000)
    post(a, "/api/v1/agreements/agr-demo-shielding/resume", {}, dpo)
times.sort()
p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(f"{p(0.5):.1f} {p(0.99):.1f} {times[-1]:.1f}")
PY
}
read -r n_p50 n_p99 n_max < <(propagation)
stop_all
serve a "$a_port" --database "$pg_url" --public-url "$public" --change-notifications off
serve b "$b_port" --database "$pg_url" --public-url "$public" --master-key-file "$work/a/master-key" --change-notifications off
read -r o_p50 o_p99 o_max < <(propagation)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/out
python3 - "$duration" "$connections" "$trials" "$s_rps $s_p50 $s_p99" "$p_rps $p_p50 $p_p99" "$p1_rps $p1_p50 $p1_p99" \
  "$p2_rps $p2_p50 $p2_p99" "$n_p50 $n_p99 $n_max" "$o_p50 $o_p99 $o_max" <<'PY' | tee "bench/out/cluster-$stamp.md"
import sys
duration, connections, trials = sys.argv[1:4]
s, p, p1, p2, notified, polled = [a.split() for a in sys.argv[4:10]]
print(f"## bench/cluster.sh --duration {duration} --connections {connections} --trials {trials}\n")
print("| path | req/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |")
for name, row in [("(s) one node, SQLite", s), ("(p) one node, PostgreSQL", p), ("(p1) one PostgreSQL node behind nginx", p1),
                  ("(p2) two PostgreSQL nodes behind nginx", p2)]:
    print(f"| {name} | {row[0]} | {row[1]} | {row[2]} |")
print(f"\np/s = {float(p[0]) / float(s[0]):.2f} (goal ≥ 0.5); p2/p1 = {float(p2[0]) / float(p1[0]):.2f}\n")
print("| a suspension on A refused on B, ms | p50 | p99 | max |\n| --- | ---: | ---: | ---: |")
print(f"| LISTEN/NOTIFY | {notified[0]} | {notified[1]} | {notified[2]} |")
print(f"| polling alone (baseline) | {polled[0]} | {polled[1]} | {polled[2]} |")
print(f"\nnotify/poll p99 = {float(notified[1]) / float(polled[1]):.3f} (goal: notify p99 < 200 ms)")
PY
