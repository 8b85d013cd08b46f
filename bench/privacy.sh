#!/usr/bin/env bash
# Private statistics (issue 19): the samplers' throughput, and a noisy count over a large
# table against the same count through the records API, each beside a baseline measured in
# the same run.
#
#   bench/privacy.sh [--rows N] [--requests R] [--samples S]
#
# Builds the release binaries, then measures:
#   discrete Laplace and discrete Gaussian samples per second (causeway-bench noise) against
#     drawing the same number of 64-bit words from the secure generator alone
#     (goal ≥ 1,000,000 Laplace samples/s);
#   R noisy counts with a range filter over an N-row table (default 1,000,000), asked as
#     private statistics under an agreement, against R counts with the same filters through
#     the records API (`total=true&limit=0`) on an open copy of the same table: the ratio of
#     their throughputs (goal ≥ 0.5). Every filter differs, so no answer cache helps either.
# Results go to stdout and bench/out/privacy-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=1000000
requests=200
samples=5000000
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --samples) samples=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--requests R] [--samples S]" >&2; exit 2 ;;
  esac
done
source bench/hosted-common.sh
swift build -c release --product CausewayBench >&2
bench_binary="$(swift build -c release --show-bin-path)/CausewayBench"

echo "samplers: $samples draws each" >&2
noise=$("$bench_binary" noise --samples "$samples")

echo "the table: $rows rows, open and restricted copies" >&2
python3 bench/hosted-table.py "$rows" "$work/table.csv" > "$work/schema.json"
make_dataset "$work/schema.json"
CAUSEWAY_TOKEN=$token "$binary" data upload "$work/table.csv" --dataset bench-table --distribution bench-table-csv \
  --server "$url" --quiet > /dev/null
python3 - "$url" "$work/data/demo-credentials.json" "$work/schema.json" > "$work/setup.json" <<'PY'
import json, sys, urllib.request
url, credentials, schema = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
def call(method, path, body=None, token=None, form=None, auth=None):
    headers = {"Content-Type": "application/json"}
    data = json.dumps(body).encode() if body is not None else None
    if token: headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    return json.loads(urllib.request.urlopen(request).read() or b"{}")
def session(user):
    password = next(u["password"] for u in credentials["users"] if u["username"] == user)
    return call("POST", "/api/v1/session", {"username": user, "password": password})["token"]
steward, engineer = session("so.steward"), session("hm.engineer")
call("POST", "/api/v1/datasets", token=steward, body={
    "name": "bench-private", "title": "Benchmark table (restricted)", "description": "The benchmark rows, for private statistics.",
    "publisher": "statistics-office", "keywords": ["benchmark"], "themes": ["GOVE"], "contactPoint": {"name": "Bench", "email": "bench@example.org"},
    "license": "restricted", "accessRights": "restricted",
    "distributions": [{"id": "bench-private-csv", "title": "Benchmark table (CSV)", "format": "CSV", "mediaType": "text/csv", "schema": schema}]})
draft = call("POST", "/api/v1/agreements", token=engineer, body={
    "template": "research-statistics", "provider": "statistics-office", "consumer": "health-ministry", "systems": ["case-registry"],
    "dataset": "bench-private", "fields": ["region", "cases"], "privacyBudget": {"rho": 100}, "quota": {"perMinute": 100000, "perDay": 10000000}})
call("POST", f"/api/v1/agreements/{draft['id']}/submit", token=engineer)
call("POST", f"/api/v1/agreements/{draft['id']}/approve", token=steward)
client = "health-ministry/case-registry"
secret = next(c["client_secret"] for c in credentials["clients"] if c["client_id"] == client)
import base64, urllib.parse
request = urllib.request.Request(url + "/oauth/token", data=b"grant_type=client_credentials", method="POST",
                                 headers={"Authorization": "Basic " + base64.b64encode(f"{client}:{secret}".encode()).decode(),
                                          "Content-Type": "application/x-www-form-urlencoded"})
print(json.dumps({"steward": steward, "client": json.loads(urllib.request.urlopen(request).read())["access_token"]}))
PY
steward=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["steward"])' "$work/setup.json")
CAUSEWAY_TOKEN=$steward "$binary" data upload "$work/table.csv" --dataset bench-private --distribution bench-private-csv \
  --server "$url" --quiet > /dev/null

echo "counts: $requests noisy and $requests through the records API, 4 at a time" >&2
counts=$(python3 - "$url" "$work/setup.json" "$requests" <<'PY'
import concurrent.futures, json, sys, time, urllib.request
url, setup, n = sys.argv[1], json.load(open(sys.argv[2])), int(sys.argv[3])
def noisy(i):
    body = json.dumps({"statistic": "count", "where": [{"field": "cases", "op": "lt", "value": 1000 + i * 37}], "loss": {"epsilon": 0.01}}).encode()
    request = urllib.request.Request(url + "/exchange/statistics-office/datasets/bench-private/statistics", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + setup["client"], "Causeway-Purpose": "research-statistics",
                                              "Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(request).read())["answer"]["figures"][0]["value"]
def exact(i):
    return json.loads(urllib.request.urlopen(f"{url}/api/v1/datasets/bench-table/records?limit=0&total=true&where[cases][lt]={1000 + i * 37}").read())["total"]
def rate(work, first):
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(first - 8, first)))  # warm up
        start = time.monotonic()
        values = list(pool.map(work, range(first, first + n)))
        return n / (time.monotonic() - start), values
# The records API caches answers, so its second pass asks other filters than its first.
exact_rate, truth = rate(exact, 8)
noisy_rate, answers = rate(noisy, 8)
exact_again, _ = rate(exact, 16 + n)
error = sorted(abs(a - t) for a, t in zip(answers, truth))
print(json.dumps({"exact": (exact_rate + exact_again) / 2, "exact1": exact_rate, "exact2": exact_again, "noisy": noisy_rate,
                  "medianError": error[len(error) // 2], "truthMedian": sorted(truth)[len(truth) // 2]}))
PY
)
stop_node

mkdir -p bench/out
report="bench/out/privacy-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$noise" "$counts" "$rows" "$requests" "$(nproc)" > "$report" <<'PY'
import json, sys
noise, counts = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rows, requests, cores = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
print(f"# Private statistics benchmark ({cores} cores)\n")
print("| measure | value | baseline (same run) | ratio | goal |")
print("| --- | ---: | ---: | ---: | --- |")
print(f"| discrete Laplace samples (scale 10) | {noise['laplacePerSecond']:,.0f}/s | secure 64-bit words: {noise['wordsPerSecond']:,.0f}/s | {noise['laplacePerSecond'] / noise['wordsPerSecond']:.3f} | ≥ 1,000,000/s |")
print(f"| discrete Gaussian samples (σ = 10) | {noise['gaussianPerSecond']:,.0f}/s | secure 64-bit words: {noise['wordsPerSecond']:,.0f}/s | {noise['gaussianPerSecond'] / noise['wordsPerSecond']:.3f} | |")
print(f"| noisy count, range filter, {rows:,} rows ({requests} requests, 4 at a time) | {counts['noisy']:.1f}/s | records API count: {counts['exact']:.1f}/s ({counts['exact1']:.1f}, {counts['exact2']:.1f}) | {counts['noisy'] / counts['exact']:.2f} | ≥ 0.5 |")
print(f"| noisy count: median absolute error at ε = 0.01 | {counts['medianError']:.0f} | median true count {counts['truthMedian']:,} | | |")
PY
cat "$report"
