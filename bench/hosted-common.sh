# Shared by bench/ingest.sh and bench/records.sh: a release node on a fresh SQLite data
# directory with the demo loaded, an operator token, and a public dataset whose CSV
# distribution has the benchmark table's schema. Source it; besides bench/lib.sh's names it
# sets $token and defines make_dataset SCHEMA_FILE.
source bench/lib.sh
start_node --demo
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
