# Shared by bench/ingest.sh and bench/records.sh: a release node on a fresh SQLite data
# directory with the demo loaded, an operator token, and a public dataset whose CSV
# distribution has the benchmark table's schema. Source it; it sets $binary, $url, $token,
# $work, $node and defines make_dataset SCHEMA_FILE.
set -euo pipefail

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
cleanup() {
  if [ -n "$node" ]; then kill "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$binary" serve --demo --data-dir "$work/data" --port "$port" --log-level warning >>"$work/node.log" 2>&1 &
node=$!
for _ in $(seq 1 600); do curl -fsS "$url/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
password=$(python3 -c 'import json,sys; print([u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["username"]=="operator"][0])' "$work/data/demo-credentials.json")
token=$(curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"operator\",\"password\":\"$password\"}" "$url/api/v1/session" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

make_dataset() {
  python3 - "$1" "$url" "$token" <<'PY'
import json, sys, urllib.request
schema = json.load(open(sys.argv[1]))
body = {"name": "bench-table", "title": "Benchmark table", "description": "Generated rows for the benchmarks.",
        "publisher": "statistics-office", "keywords": ["benchmark"], "themes": ["GOVE"],
        "contactPoint": {"name": "Bench", "email": "bench@example.org"}, "license": "CC-BY-4.0", "accessRights": "public",
        "distributions": [{"id": "bench-table-csv", "title": "Benchmark table (CSV)", "format": "CSV", "mediaType": "text/csv", "schema": schema}]}
request = urllib.request.Request(sys.argv[2] + "/api/v1/datasets", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer " + sys.argv[3]})
urllib.request.urlopen(request).read()
PY
}
