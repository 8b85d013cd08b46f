"""Prepares a demo node for the gateway benchmarks (bench/gateway.sh, bench/cluster.sh): an
upstream service on the benchmark's nginx with an agreement for it, `rows` people in the hosted
register with a lookup agreement, both with quotas no load reaches, and an access token for
the shielding portal written to WORK/token.

    python3 bench/gateway-setup.py URL CREDENTIALS_JSON UPSTREAM_PORT ROWS WORK
"""
import json, sys, urllib.parse, urllib.request
url, credentials_path, upstream_port, rows, work = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
credentials = json.load(open(credentials_path))
def call(method, path, body=None, token=None, content_type="application/json", raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": content_type} if data is not None else {}
    if token: headers["Authorization"] = f"Bearer {token}"
    with urllib.request.urlopen(urllib.request.Request(url + path, data=data, method=method, headers=headers), timeout=600) as r:
        return json.loads(r.read() or b"null")
def session(user):
    password = next(u["password"] for u in credentials["users"] if u["username"] == user)
    return call("POST", "/api/v1/session", {"username": user, "password": password})["token"]
engineer = session("hm.engineer")
call("POST", "/api/v1/services", {"provider": "health-ministry", "code": "bench-api", "title": "Benchmark upstream", "description": "",
     "baseURL": f"http://127.0.0.1:{upstream_port}", "methods": ["GET"], "paths": ["/records.json"],
     "responseFields": ["id", "region", "cases", "rate", "updated"], "personalData": False, "timeoutSeconds": 10, "maxResponseBytes": 65536}, engineer)
drafter = session("ss.engineer")
agreement = call("POST", "/api/v1/agreements", {"template": "public-health-emergency", "provider": "health-ministry",
    "consumer": "social-services", "systems": ["shielding-portal"], "service": "bench-api", "fields": ["id", "region", "cases", "rate"],
    "quota": {"perMinute": 1000000, "perDay": 1000000000}}, drafter)["id"]
call("POST", f"/api/v1/agreements/{agreement}/submit", token=drafter)
call("POST", f"/api/v1/agreements/{agreement}/approve", token=session("hm.steward"))
# The demo shielding agreement covers the register; raise its quota for the load.
people = ["person_id,full_name,date_of_birth,address_id,phone,condition_group,needs_food_support,gp_practice"]
people += [f"P{n:06d},Person {n},1950-01-{n % 28 + 1:02d},A-{n},555-{n % 10000:04d},respiratory,{'true' if n % 3 else 'false'},GP-{n % 9}" for n in range(1, rows + 1)]
call("PUT", "/api/v1/datasets/vulnerable-persons-register/distributions/vulnerable-persons-register-csv/data?wait=true",
     token=engineer, content_type="text/csv", raw="\n".join(people).encode())
quick = call("POST", "/api/v1/agreements", {"template": "public-health-emergency", "provider": "health-ministry",
    "consumer": "social-services", "systems": ["shielding-portal"], "dataset": "vulnerable-persons-register",
    "fields": ["person_id", "full_name", "address_id"], "purpose": {"code": "bench-lookup", "description": "Benchmark lookups."},
    "quota": {"perMinute": 1000000, "perDay": 1000000000}}, drafter)["id"]
call("POST", f"/api/v1/agreements/{quick}/submit", token=drafter)
call("POST", f"/api/v1/agreements/{quick}/approve", token=session("hm.steward"))
call("POST", f"/api/v1/agreements/{quick}/approve", token=session("hm.dpo"))
secret = next(c["client_secret"] for c in credentials["clients"] if c["client_id"] == "social-services/shielding-portal")
form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "social-services/shielding-portal", "client_secret": secret}).encode()
token = call("POST", "/oauth/token", raw=form, content_type="application/x-www-form-urlencoded")["access_token"]
open(f"{work}/token", "w").write(token)
