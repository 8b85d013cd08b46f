#!/usr/bin/env bash
# Contact tracing (issue 18): TempID batches, a busy phone's upload, and the town simulation,
# each beside a baseline measured in the same run.
#
#   bench/tracing.sh [--duration SECONDS] [--connections C] [--people N] [--days D]
#
# Builds the release binaries and measures:
#   TempID batches made in process (causeway-bench tempids) against the AES-256-GCM seals
#     alone, and GET /api/v1/tracing/tempids over HTTP against /healthz (goal ≥ 2,000 batches/s);
#   a busy phone's upload: 21 days, a scan every 3 minutes (about 50,000 records), processed into a contact list (goal < 2 s
#     and < 200 MB), against decoding the same document alone;
#   the simulation of N people (default 10,000) over D days (default 14): time and recall.
# Results go to stdout and bench/out/tracing-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
duration=10
connections=32
people=10000
days=14
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --people) people=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    *) echo "usage: $0 [--duration SECONDS] [--connections C] [--people N] [--days D]" >&2; exit 2 ;;
  esac
done
need wrk wrk
swift build -c release --product CausewayBench >&2
bench_binary="$(swift build -c release --show-bin-path)/CausewayBench"

echo "TempID batches in process" >&2
inprocess=$("$bench_binary" tempids --batches 20000)

echo "TempID batches over HTTP" >&2
start_node --demo --demo-addresses 1000
number="+447700900999"
curl -fsS "$url/api/v1/tracing/devices/verification" -H 'content-type: application/json' -d "{\"phoneNumber\":\"$number\"}" >/dev/null
code=$(python3 - "$work/data/sms-outbox.jsonl" "$number" <<'PY'
import json, sys
text = [json.loads(line) for line in open(sys.argv[1]) if json.loads(line)["to"] == sys.argv[2]][-1]["text"]
print(next(word for word in text.replace(".", " ").split() if len(word) == 6 and word.isdigit()))
PY
)
device=$(curl -fsS "$url/api/v1/tracing/devices" -H 'content-type: application/json' -d "{\"phoneNumber\":\"$number\",\"code\":\"$code\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["deviceToken"])')
read -r h1 h1p50 h1p99 < <(measure /healthz)
read -r t t50 t99 < <(measure /api/v1/tracing/tempids -H "Authorization: Bearer $device")
read -r h2 h2p50 h2p99 < <(measure /healthz)
stop_node
health=$(python3 -c "print(($h1 + $h2) / 2)")

echo "a busy phone's upload (21 days, a scan every 3 minutes: about 50,000 records)" >&2
busy=$("$binary" tracing simulate --people 2000 --days 21 --scan-seconds 180 --seed 3 --json)
echo "the town: $people people over $days days" >&2
town=$("$binary" tracing simulate --people "$people" --days "$days" --seed 1 --concurrency 32 --json)

mkdir -p bench/out
report="bench/out/tracing-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$inprocess" "$busy" "$town" "$t" "$t50" "$t99" "$health" "$h1" "$h2" "$(nproc)" >"$report" <<'PY'
import json, sys
inprocess, busy, town = (json.loads(a) for a in sys.argv[1:4])
t, t50, t99, health, h1, h2, cores = sys.argv[4:11]
print(f"# Contact tracing benchmark ({cores} cores)\n")
print("| measure | value | baseline (same run) | ratio | goal |")
print("| --- | ---: | ---: | ---: | --- |")
print(f"| TempID batches of 100, in process | {inprocess['batches_per_s']:.0f}/s | AES-GCM seals alone: {inprocess['encryption_batches_per_s']:.0f}/s | {inprocess['ratio']:.2f} | |")
print(f"| GET /api/v1/tracing/tempids (p50 {t50} ms, p99 {t99} ms) | {float(t):.0f}/s | /healthz {float(health):.0f}/s ({h1}, {h2}) | {float(t)/float(health):.2f} | ≥ 2,000 batches/s |")
print(f"| busy phone: {busy['records']} encounters ({busy['uploadBytes']//1024} KiB) to contact list | {busy['uploadToContactListSeconds']:.3f} s | decoding alone {busy['decodeOnlySeconds']:.3f} s | {busy['uploadToContactListSeconds']/busy['decodeOnlySeconds']:.2f} | < 2 s |")
print(f"| busy phone: peak memory during upload (node and simulation in one process) | {busy['peakMemoryDuringUploadMB']} MB | before upload {busy['memoryBeforeUploadMB']} MB | | < 200 MB |")
print(f"| simulation: {town['people']} people, {town['days']} days, {town['requests']} requests | {town['totalSeconds']:.0f} s | | | minutes |")
print(f"| simulation: close contacts {town['listedCloseContacts']} listed, {town['trueCloseContacts']} true | recall {town['recall']:.3f} | precision {town['precision']:.3f} | | reported |")
PY
cat "$report"
