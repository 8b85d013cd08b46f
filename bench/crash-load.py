"""The client side of bench/crash.sh: prepares the demo (rows to fetch, an access token),
drives gateway calls from several threads and records every acknowledged audit index with
the call's request id, then checks each one against the log. A call answered 200 without an
audit index is recorded too, and fails the check: served but not audited."""
import base64
import http.client
import json
import pathlib
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

ROWS = """person_id,full_name,date_of_birth,address_id,phone,condition_group,needs_food_support,gp_practice
P1,Ada Lovelace,1815-12-10,A-1,555-0101,respiratory,true,GP-7
P2,Alan Turing,1912-06-23,A-2,555-0102,immunosuppressed,false,GP-3
"""
RECORDS = "/exchange/health-ministry/datasets/vulnerable-persons-register/records/"


def call(url, method, path, body=None, headers=None):
    req = urllib.request.Request(url + path, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read() or b"null")


def prepare(url, data_dir, token_file):
    credentials = json.loads(pathlib.Path(data_dir, "demo-credentials.json").read_text())
    password = next(u["password"] for u in credentials["users"] if u["username"] == "hm.engineer")
    session = call(url, "POST", "/api/v1/session", json.dumps({"username": "hm.engineer", "password": password}).encode(),
                   {"Content-Type": "application/json"})["token"]
    call(url, "PUT", "/api/v1/datasets/vulnerable-persons-register/distributions/vulnerable-persons-register-csv/data?wait=true",
         ROWS.encode(), {"Content-Type": "text/csv", "Authorization": f"Bearer {session}"})
    client = "social-services/shielding-portal"
    secret = next(c["client_secret"] for c in credentials["clients"] if c["client_id"] == client)
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": client, "client_secret": secret}).encode()
    token = call(url, "POST", "/oauth/token", form, {"Content-Type": "application/x-www-form-urlencoded"})["access_token"]
    pathlib.Path(token_file).write_text(token)


def load(url, token_file, acks_file, threads):
    token = pathlib.Path(token_file).read_text()
    parsed = urllib.parse.urlparse(url)
    lock = threading.Lock()
    acks = open(acks_file, "a", buffering=1)

    def worker(number):
        connection = None
        while True:
            request_id = uuid.uuid4().hex
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
                connection.request("GET", RECORDS + ("P1" if number % 2 else "P2"), headers={
                    "Authorization": f"Bearer {token}", "Causeway-Purpose": "shielding-support",
                    "Causeway-Subject": f"P{number}", "Causeway-Request-Id": request_id})
                response = connection.getresponse()
                response.read()
                index = response.getheader("Causeway-Audit-Index")
                if index is not None:
                    with lock:
                        acks.write(f"{index} {request_id} {response.status}\n")
                elif response.status == 200:
                    # Served but not audited: the one thing the gateway must never do.
                    with lock:
                        acks.write(f"- {request_id} {response.status}\n")
            except (OSError, http.client.HTTPException):
                connection = None
                time.sleep(0.05)

    for number in range(threads):
        threading.Thread(target=worker, args=(number,), daemon=True).start()
    while True:
        time.sleep(1)


def check(url, acks_file):
    lines = [line.split() for line in pathlib.Path(acks_file).read_text().splitlines() if line.strip()]
    unaudited = [request_id for index, request_id, _ in lines if index == "-"]
    assert not unaudited, f"{len(unaudited)} calls answered 200 without a Causeway-Audit-Index, e.g. {unaudited[:5]}"
    acks = [line for line in lines if line[0] != "-"]
    assert acks, "no call was acknowledged"
    wanted = {int(index): request_id for index, request_id, _ in acks}
    assert len(wanted) == len(acks), "two responses named the same index"
    size = max(wanted) + 1
    found = {}
    start = 0
    while start < size:
        page = call(url, "GET", f"/log/entries?start={start}&end={size}")["entries"]
        assert page, f"the log ends at {start}, but index {size - 1} was acknowledged"
        for item in page:
            if item["index"] in wanted:
                found[item["index"]] = json.loads(base64.b64decode(item["entry"]))["details"].get("requestId")
        start = page[-1]["index"] + 1
    lost = [index for index, request_id in wanted.items() if found.get(index) != request_id]
    statuses = {}
    for _, _, status in acks:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"crash: {len(acks)} acknowledged calls {statuses}; {len(lost)} missing or different")
    assert not lost, f"acknowledged but not in the log: {lost[:10]}"


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        prepare(*sys.argv[2:5])
    elif command == "load":
        load(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif command == "check":
        check(*sys.argv[2:4])
