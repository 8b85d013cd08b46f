# Shared by the benchmark scripts; source it after `cd` to the repository root.
# Installs a missing tool from Debian, builds the release binary, and gives a fresh work
# directory, a free loopback port and start_node/stop_node/measure; the node is killed and
# the work directory removed on exit.
set -euo pipefail

# need COMMAND PACKAGE: installs PACKAGE from Debian when COMMAND is missing.
need() {
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo=sudo; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

swift build -c release --product causeway >&2
binary=$(swift build -c release --show-bin-path)/causeway

work=$(mktemp -d)
node=""
bare=""
cleanup() {
  if [ -n "$node" ]; then kill "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true; fi
  if [ -n "$bare" ]; then kill "$bare" 2>/dev/null || true; wait "$bare" 2>/dev/null || true; fi
  if [ -f "$work/upstream/nginx.pid" ]; then "$nginx_bin" -c "$work/upstream/nginx.conf" -p "$work/upstream" -s stop 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
url="http://127.0.0.1:$port"
upstream_port=$(free_port)

# start_upstream WORKERS [BLOCKS]: nginx serving the gateway benchmarks' upstream answer, a
# 1.1 KB JSON array of 15 records, at http://127.0.0.1:$upstream_port/records.json; extra nginx
# blocks join the same http block. Stopped on exit.
start_upstream() {
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$work/upstream/www" "$work/upstream/logs"
  # nginx workers run as an unprivileged user: they must be able to reach the files.
  chmod 755 "$work" "$work/upstream" "$work/upstream/www"
  python3 - "$work/upstream/www/records.json" <<'PY'
import json, sys
records = [{"id": f"R{n:03d}", "region": f"R{n % 10:02d}", "cases": n * 7, "rate": n / 10, "updated": "2026-11-25"} for n in range(15)]
text = json.dumps(records, separators=(",", ":"))
open(sys.argv[1], "w").write(text)
print(f"upstream answer: {len(text)} bytes, {len(records)} records", file=sys.stderr)
PY
  cat > "$work/upstream/nginx.conf" <<NGINX
worker_processes $1;
pid $work/upstream/nginx.pid;
error_log $work/upstream/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$upstream_port; root $work/upstream/www; location / { try_files \$uri =404; } }
  ${2:-}
}
NGINX
  "$nginx_bin" -c "$work/upstream/nginx.conf" -p "$work/upstream"
}

# start_bare_proxy: the frameworks alone, (f) — `CausewayBench proxy` to the upstream — on
# $bare_port, once it answers. Stopped on exit.
start_bare_proxy() {
  swift build -c release --product CausewayBench >&2
  bare_port=$(free_port)
  "$(swift build -c release --show-bin-path)/CausewayBench" proxy --port "$bare_port" --upstream "http://127.0.0.1:$upstream_port" >>"$work/bare.log" 2>&1 &
  bare=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$bare_port/records.json" >/dev/null 2>&1 && return 0; sleep 0.1; done
  cat "$work/bare.log" >&2
  exit 1
}

# start_node [serve options…]: starts the release node on $work/data and waits until ready
# (up to an hour: a catalogue of a million datasets is read and indexed first); sets
# $started_in to the seconds that took.
start_node() {
  local began=$(date +%s.%N)
  "$binary" serve "$@" --data-dir "$work/data" --port "$port" --log-level warning >>"$work/node.log" 2>&1 &
  node=$!
  for _ in $(seq 1 36000); do
    if curl -fsS "$url/readyz" >/dev/null 2>&1; then
      started_in=$(python3 -c "print(f'{$(date +%s.%N) - $began:.1f}')")
      return 0
    fi
    kill -0 "$node" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/node.log" >&2
  exit 1
}

# node_memory: the node's resident memory now and at its peak, in MB ("now peak").
node_memory() {
  awk '/^VmRSS/ { now = $2 } /^VmHWM/ { peak = $2 } END { printf "%d %d\n", now / 1024, peak / 1024 }' "/proc/$node/status"
}

# operator_token: a session token of the demo's operator, who may write every catalogue.
operator_token() {
  local password
  password=$(python3 -c 'import json,sys; print(next(u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["username"]=="operator"))' "$work/data/demo-credentials.json")
  curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"operator\",\"password\":\"$password\"}" "$url/api/v1/session" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
stop_node() { kill "$node"; wait "$node" 2>/dev/null || true; node=""; }

# ratio A B: A / B with two decimals.
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

# healthz_table_head FIRST_COLUMN: a report table's header and its two /healthz rows, from the
# "before" ($h1, $h1p50, $h1p99) and "after" ($h2, …) measurements.
healthz_table_head() {
  echo "| $1 | requests/s | p50 ms | p99 ms | ratio to /healthz | goal |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  echo "| /healthz (before) | $h1 | $h1p50 | $h1p99 | | |"
  echo "| /healthz (after) | $h2 | $h2p50 | $h2p99 | | |"
}

# start_demo_catalog N [serve options…]: the demo government plus N generated datasets in a fresh data
# directory, then the node started on it (the catalogue benchmarks' set-up). With
# --data-from DIR (see catalog_options), DIR keeps that data directory between runs: made there
# once, copied from there after (generating a million datasets takes minutes).
start_demo_catalog() {
  if [ -n "$data_from" ] && [ -f "$data_from/demo-credentials.json" ]; then
    echo "copying the data directory $data_from" >&2
    cp -r "$data_from" "$work/data"
  else
    echo "loading the demo government and $1 generated datasets" >&2
    start_node --demo
    stop_node
    "$binary" admin generate-datasets --count "$1" --data-dir "$work/data" >/dev/null
    if [ -n "$data_from" ]; then rm -rf "$data_from"; cp -r "$work/data" "$data_from"; rm -f "$data_from/node.lock"; fi
  fi
  start_node "${@:2}"
}

# catalog_options "$@": reads --datasets N, --duration SECONDS, --connections C and
# --data-from DIR (the catalogue benchmarks' options) into $datasets, $duration, $connections
# and $data_from.
catalog_options() {
  datasets=10000
  duration=10
  connections=32
  data_from=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --datasets) datasets=$2; shift 2 ;;
      --duration) duration=$2; shift 2 ;;
      --connections) connections=$2; shift 2 ;;
      --data-from) data_from=$(realpath -m "$2"); shift 2 ;;
      *) echo "usage: $0 [--datasets N] [--duration SECONDS] [--connections C] [--data-from DIR]" >&2; exit 2 ;;
    esac
  done
}

# measure PATH [wrk options…]: runs wrk with $connections for $duration seconds and prints
# "requests_per_second p50_ms p99_ms"; fails if any response was not 2xx/3xx.
measure() {
  local path=$1
  shift
  measure_url "$url$path" "$@"
}

# measure_url URL [wrk options…] [-- script arguments…]: as measure, for any URL (another
# server, a proxy); what follows `--` goes to the wrk script given with -s.
measure_url() {
  local target=$1
  shift
  local options=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${duration}s" --latency "${options[@]}" "$target" "$@" >"$work/wrk.txt"
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s+%s\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors: sys.exit(f"wrk saw {errors.group(1)} error responses")
print(f"{rps:.0f} {ms('50%'):.3f} {ms('99%'):.3f}")
PY
}
