#!/usr/bin/env bash
# Registry webhooks (issue 17): S subscriptions (default 100) to one registry, E events
# (default 10,000, one bulk load) delivered to a real receiver; one subscriber is down (it
# answers 503) for D seconds (default 600) from the load, then comes back.
#
#   bench/webhooks.sh [--subscriptions S] [--events E] [--down SECONDS]
#
# The receiver is nginx on a loopback port, answering 204 and writing each delivery's URI,
# webhook-id and status to its access log; a subscription's deliveries are sequential, so the
# log's order is the order it received them. The script checks, per subscription, that every
# event arrived and in sequence order, and reports:
#   the node's /healthz requests/s (the baseline, wrk with S connections, before the load);
#   deliveries/s to the S-1 subscribers that were up, from the load's acknowledgement until
#     the last of them has acknowledged the last event, and its ratio to /healthz;
#   for the one that was down: its failed attempts, when it was next tried after coming back
#     (the back-off schedule decides), and how long it then took to catch up.
# Results go to stdout and bench/out/webhooks-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
subscriptions=100
events=10000
down=600
while [ $# -gt 0 ]; do
  case "$1" in
    --subscriptions) subscriptions=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --down) down=$2; shift 2 ;;
    *) echo "usage: $0 [--subscriptions S] [--events E] [--down SECONDS]" >&2; exit 2 ;;
  esac
done
[ "$events" -le 10000 ] || { echo "events: at most 10000 (one bulk load)" >&2; exit 2; }
need wrk wrk
need nginx nginx

# The receiver: /hook/N answers 204, or 503 while $work/hooks/www/down-N exists.
hook_port=$(free_port)
mkdir -p "$work/hooks/www" "$work/hooks/logs"
chmod 755 "$work" "$work/hooks" "$work/hooks/www"
cat > "$work/hooks/nginx.conf" <<NGINX
worker_processes 1;
pid $work/hooks/nginx.pid;
error_log $work/hooks/logs/error.log warn;
events { worker_connections 4096; }
http {
  log_format hooks '\$uri \$http_webhook_id \$status';
  access_log $work/hooks/logs/access.log hooks buffer=256k flush=1s;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$hook_port;
    root $work/hooks/www;
    location ~ ^/hook/(?<n>[0-9]+)\$ {
      if (-f $work/hooks/www/down-\$n) { return 503; }
      return 204;
    }
  }
}
NGINX
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -c "$work/hooks/nginx.conf" -p "$work/hooks"
trap '"$nginx_bin" -c "$work/hooks/nginx.conf" -p "$work/hooks" -s stop 2>/dev/null || true; cleanup' EXIT

start_node --demo --demo-addresses 1000 --webhook-allow-private-networks
password=$(python3 -c 'import json,sys; print(next(u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["username"]=="la.engineer"))' "$work/data/demo-credentials.json")
token=$(curl -fsS "$url/api/v1/session" -H 'content-type: application/json' -d "{\"username\":\"la.engineer\",\"password\":\"$password\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

connections=$subscriptions
duration=10
read -r h1 h1p50 h1p99 < <(measure_url "$url/healthz")

echo "subscribing $subscriptions receivers" >&2
for n in $(seq 0 $((subscriptions - 1))); do
  curl -fsS "$url/api/v1/registries/addresses/subscriptions" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$hook_port/hook/$n\"}" >/dev/null
done
touch "$work/hooks/www/down-0"

python3 - "$events" > "$work/load.json" <<'PY'
import json, sys
count = int(sys.argv[1])
records = [{"address_id": f"BENCH-{n:07d}", "house_number": n % 300 + 1, "unit": None, "street": "Benchmark Way",
            "town": "Port Meridia", "postcode": "MR9 1BB", "latitude": 43.7, "longitude": 7.26} for n in range(count)]
print(json.dumps({"records": records, "reason": "Webhook benchmark load"}))
PY
echo "loading $events records (one event each)" >&2
loaded=$(curl -fsS "$url/api/v1/registries/addresses/records" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  --data-binary "@$work/load.json")
t0=$(date +%s.%N)
last=$(echo "$loaded" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lastSequence"])')

# positions: "behind-up behind-down" — subscriptions that were up and are not at $last yet, and
# whether the down one is.
positions() {
  curl -fsS "$url/api/v1/registries/addresses/subscriptions" -H "Authorization: Bearer $token" | python3 -c '
import json, sys
last, down = int(sys.argv[1]), sys.argv[2]
results = json.load(sys.stdin)["results"]
up = [s for s in results if not s["url"].endswith(down)]
print(sum(1 for s in up if s["position"] < last), next(s["position"] < last for s in results if s["url"].endswith(down)))' "$last" "/hook/0"
}
while :; do
  read -r behind _ < <(positions)
  [ "$behind" -eq 0 ] && break
  sleep 0.5
done
t1=$(date +%s.%N)
up_seconds=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
rate=$(python3 -c "print(round(($subscriptions - 1) * $events / ($t1 - $t0)))")
echo "the $((subscriptions - 1)) up subscribers have all $events events after $up_seconds s ($rate deliveries/s)" >&2

wait_until=$(python3 -c "print($t0 + $down)")
echo "subscriber 0 stays down until $down s after the load" >&2
while python3 -c "import sys,time; sys.exit(0 if time.time() < $wait_until else 1)"; do sleep 1; done
rm -f "$work/hooks/www/down-0"
t2=$(date +%s.%N)
while :; do
  read -r _ behind_down < <(positions)
  [ "$behind_down" = "False" ] && break
  sleep 0.5
done
t3=$(date +%s.%N)
sleep 2  # the access log is flushed every second

report=$(python3 - "$work/hooks/logs/access.log" "$subscriptions" "$last" "$events" "$t2" "$t3" <<'PY'
import collections, sys
path, subscriptions, last, events, t2, t3 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
first = last - events + 1
received = collections.defaultdict(list)
failed = collections.Counter()
for line in open(path):
    uri, message_id, status = line.split()
    hook = int(uri.rsplit("/", 1)[1])
    if status == "204":
        received[hook].append(int(message_id.rsplit("_", 1)[1]))
    else:
        failed[hook] += 1
complete = sum(1 for n in range(subscriptions) if set(received[n]) >= set(range(first, last + 1)))
in_order = sum(1 for n in range(subscriptions) if list(dict.fromkeys(received[n])) == sorted(set(received[n])) and received[n] == sorted(received[n]))
repeats = sum(len(received[n]) - len(set(received[n])) for n in range(subscriptions))
print(complete, in_order, repeats, failed[0], f"{t3 - t2:.1f}")
PY
)
read -r complete in_order repeats down_failures back_seconds <<<"$report"

out="bench/out/webhooks-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p bench/out
{
  echo "## Registry webhooks, $(date -u +%F), $subscriptions subscriptions × $events events"
  echo
  echo "| measure | value | goal |"
  echo "| --- | ---: | ---: |"
  echo "| /healthz requests/s ($subscriptions connections; p50 / p99 ms: $h1p50 / $h1p99) | $h1 | |"
  echo "| deliveries/s to the $((subscriptions - 1)) subscribers that were up | $rate | |"
  echo "| ratio of deliveries/s to /healthz requests/s | **$(ratio "$rate" "$h1")** | |"
  echo "| time until those $((subscriptions - 1)) had all $events events | $up_seconds s | |"
  echo "| subscriptions that received every event | $complete of $subscriptions | all |"
  echo "| subscriptions that received them in sequence order | $in_order of $subscriptions | all |"
  echo "| repeated deliveries | $repeats | |"
  echo "| subscriber 0: down (503) for | $down s | 600 s |"
  echo "| subscriber 0: failed attempts while down | $down_failures | |"
  echo "| subscriber 0: from coming back to having every event (the back-off's next attempt, then the catch-up) | $back_seconds s | |"
} | tee "$out"
[ "$complete" -eq "$subscriptions" ] && [ "$in_order" -eq "$subscriptions" ]
