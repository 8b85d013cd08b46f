"""Two `causeway serve` processes on one PostgreSQL database behind nginx, driven as an operator,
a steward and a client system would: every node starts, a node joins with only the database
URL and the master key, a change made on one node is enforced on the other, calls spread over
both land in one verifiable log, and a node killed under load loses nothing it acknowledged.

The nodes are the real binary; the balancer runs deploy/nginx/causeway.conf as shipped, with
only its ports rewritten. The tests run in file order on one cluster (module fixture)."""
import importlib.util
import json
import os
import pathlib
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.path.abspath(os.environ.get("CAUSEWAY_BINARY", ROOT / ".build/debug/causeway"))
RECORD = "/exchange/health-ministry/datasets/vulnerable-persons-register/records/P1"
PURPOSE = {"Causeway-Purpose": "shielding-support"}
# How long a change may take to reach the other node before the test calls it lost: twice the
# once-a-second poll that backs the notifications up. The notifications' own latency is
# measured by bench/cluster.sh, not asserted here.
PROPAGATION_DEADLINE = 2.0

spec = importlib.util.spec_from_file_location("crash_load", ROOT / "bench/crash-load.py")
crash_load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crash_load)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, deadline, what):
    """Polls `condition` until it returns a true value; returns (value, seconds taken)."""
    start = time.monotonic()
    while True:
        value = condition()
        if value:
            return value, time.monotonic() - start
        if time.monotonic() - start > deadline:
            pytest.fail(f"{what}: not within {deadline} s")
        time.sleep(0.005)


class Node:
    """One `causeway serve` process with its own data directory and port."""

    def __init__(self, name, work, database, public_url, *extra):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = work / name
        self.log = work / f"{name}.log"
        self.args = [BINARY, "serve", "--database", database, "--data-dir", str(self.data), "--port", str(self.port),
                     "--public-url", public_url, "--log-level", "notice", *extra]
        self.process = None

    def start(self):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(self.args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"node {self.name} exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/readyz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        pytest.fail(f"node {self.name} not ready:\n{self.log.read_text()[-3000:]}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def terminate(self, timeout=20):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


class Balancer:
    """nginx running deploy/nginx/causeway.conf in front of the nodes."""

    def __init__(self, work, nodes):
        self.dir = work / "nginx"
        (self.dir / "logs").mkdir(parents=True)
        # nginx's workers run unprivileged when the master is root: let them reach their files.
        for path in (work, self.dir, self.dir / "logs"):
            path.chmod(0o777)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = self.dir / "logs/access.log"
        site = (ROOT / "deploy/nginx/causeway.conf").read_text()
        servers = [line for line in site.splitlines() if re.match(r"\s+server 127\.0\.0\.1:\d+ ", line)]
        assert len(servers) == 2, "the shipped configuration names two nodes"
        for line, node in zip(servers, nodes):
            site = site.replace(line, re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{node.port}", line))
        site = re.sub(r"listen 80;", f"listen 127.0.0.1:{self.port};", site)
        site = site.replace("/var/log/nginx/causeway.access.log", str(self.access_log))
        (self.dir / "causeway.conf").write_text(site)
        (self.dir / "nginx.conf").write_text(f"""
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {self.dir}/body;
    proxy_temp_path {self.dir}/proxy;
    include {self.dir}/causeway.conf;
}}
""")
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run([self.binary, "-t", "-q", "-c", self.dir / "nginx.conf", "-p", self.dir], check=True)
        subprocess.run([self.binary, "-c", self.dir / "nginx.conf", "-p", self.dir], check=True)

    def stop(self):
        subprocess.run([self.binary, "-c", self.dir / "nginx.conf", "-p", self.dir, "-s", "stop"], check=False)


class Cluster:
    def __init__(self, work, database):
        self.work = work
        self.database = database
        # The balancer's address is the deployment's public URL: it names the one log.
        self.public_url = f"http://127.0.0.1:{free_port()}"
        # Contact tracing rules short enough for real time: a TempID is valid from a minute
        # before it is issued, so a test's phone can only have heard one for about two minutes.
        rules = work / "tracing-rules.json"
        rules.write_text(json.dumps({"closeMinutes": 0.5, "casualMinutes": 0.25, "sampleSeconds": 10}))
        shared = ("--webhook-allow-private-networks", "--tracing-rules", str(rules))
        # Both may deliver registry webhooks to the test's receiver on loopback.
        self.a = Node("a", work, database, self.public_url, "--demo", *shared)
        self.a.start()
        # B joins with the database URL and the master key the first node created, nothing else.
        self.b = Node("b", work, database, self.public_url, "--master-key-file", str(self.a.data / "master-key"), *shared)
        self.b.start()
        self.nodes = [self.a, self.b]
        self.balancer = Balancer(work, self.nodes)
        self.credentials = json.loads((self.a.data / "demo-credentials.json").read_text())

    def session(self, node, username):
        password = next(u["password"] for u in self.credentials["users"] if u["username"] == username)
        response = requests.post(node.url + "/api/v1/session", json={"username": username, "password": password})
        assert response.status_code == 201, response.text
        return response.json()["token"]

    def client_token(self, node):
        client = "social-services/shielding-portal"
        secret = next(c["client_secret"] for c in self.credentials["clients"] if c["client_id"] == client)
        response = requests.post(node.url + "/oauth/token", auth=(client, secret), data={"grant_type": "client_credentials"})
        assert response.status_code == 200, response.text
        return response.json()["access_token"]


def create_database(admin_url):
    name = "cluster_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", admin_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    return re.sub(r"/[^/?]*(\?.*)?$", "/" + name, admin_url), name


@pytest.fixture(scope="module")
def cluster():
    admin = os.environ["CAUSEWAY_TEST_POSTGRES_URL"]
    database, name = create_database(admin)
    work = pathlib.Path(tempfile.mkdtemp(prefix="causeway-cluster-"))
    cluster = None
    try:
        cluster = Cluster(work, database)
        crash_load.prepare(cluster.a.url, cluster.a.data, work / "token")
        yield cluster
    finally:
        if cluster is not None:
            cluster.balancer.stop()
        for node in (cluster.nodes if cluster else []):
            if node.process and node.process.poll() is None:
                node.process.kill()
                node.process.wait()
        subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)
        shutil.rmtree(work, ignore_errors=True)


def call(url, token):
    return requests.get(url + RECORD, headers={"Authorization": f"Bearer {token}", **PURPOSE}, timeout=10)


def test_both_nodes_are_ready_and_serve_one_log(cluster):
    for node in cluster.nodes:
        ready = requests.get(node.url + "/readyz").json()
        assert ready["status"] == "ready" and ready["database"] == "postgres"
    assert requests.get(cluster.balancer.url + "/readyz").status_code == 200
    origins = {requests.get(node.url + "/log/checkpoint").text.splitlines()[0] for node in cluster.nodes}
    assert origins == {cluster.public_url.split("://")[1] + "/log"}, "one origin, from --public-url"


def test_a_client_token_from_either_node_works_on_both(cluster):
    for issuer in cluster.nodes:
        token = cluster.client_token(issuer)
        for node in cluster.nodes:
            response = call(node.url, token)
            assert response.status_code == 200, (issuer.name, node.name, response.text)
            assert response.headers["Causeway-Audit-Index"].isdigit()


def test_a_dataset_created_on_a_is_searchable_on_b(cluster):
    token = cluster.session(cluster.a, "hm.engineer")
    name = "cluster-" + uuid.uuid4().hex[:8]
    draft = {"name": name, "title": "Cluster sentinel", "description": "Made on node A.", "publisher": "health-ministry",
             "license": "CC-BY-4.0", "accessRights": "public", "keywords": ["clustersentinel"]}
    response = requests.post(cluster.a.url + "/api/v1/datasets", json=draft, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text

    def found():
        result = requests.get(cluster.b.url + "/api/3/action/package_search", params={"q": "clustersentinel"}).json()
        return result["result"]["count"] == 1
    _, seconds = wait_for(found, PROPAGATION_DEADLINE, "the dataset made on A searchable on B")
    print(f"\ncluster: dataset searchable on B {seconds * 1000:.1f} ms after A acknowledged it")


def test_a_suspension_on_a_refuses_calls_on_b(cluster):
    token = crash_load.pathlib.Path(cluster.work / "token").read_text()
    assert call(cluster.b.url, token).status_code == 200
    dpo = cluster.session(cluster.a, "hm.dpo")
    response = requests.post(cluster.a.url + "/api/v1/agreements/agr-demo-shielding/suspend",
                             json={"reason": "Cluster test"}, headers={"Authorization": f"Bearer {dpo}"})
    assert response.status_code == 200, response.text

    def refused():
        answer = call(cluster.b.url, token)
        return answer.status_code == 403 and answer.json()["code"] == "agreement.suspended"
    _, seconds = wait_for(refused, PROPAGATION_DEADLINE, "the suspension made on A enforced on B")
    print(f"\ncluster: suspension enforced on B {seconds * 1000:.1f} ms after A acknowledged it")
    response = requests.post(cluster.a.url + "/api/v1/agreements/agr-demo-shielding/resume",
                             json={}, headers={"Authorization": f"Bearer {dpo}"})
    assert response.status_code == 200, response.text
    wait_for(lambda: call(cluster.b.url, token).status_code == 200, PROPAGATION_DEADLINE, "the resumption on B")


def test_a_console_session_opened_on_a_works_on_b_and_its_forms_too(cluster):
    """The console's cookie and CSRF token are derived from keys all nodes share: a person
    signed in through one node keeps working whichever node the balancer picks."""
    browser = requests.Session()
    form = browser.get(cluster.a.url + "/console/sign-in")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    password = next(u["password"] for u in cluster.credentials["users"] if u["username"] == "hm.steward")
    # The sign-in form's cookie is scoped to the host it came from; take it along to B.
    signed = browser.post(cluster.a.url + "/console/sign-in", allow_redirects=False,
                          data={"csrf": token, "next": "/console", "username": "hm.steward", "password": password})
    assert signed.status_code == 303, signed.text
    session = signed.cookies["causeway_session"]
    page = requests.get(cluster.b.url + "/console/agreements", cookies={"causeway_session": session})
    assert page.status_code == 200 and "Signed in as" in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    out = requests.post(cluster.b.url + "/console/sign-out", data={"csrf": csrf}, cookies={"causeway_session": session},
                        allow_redirects=False)
    assert out.status_code == 303
    again = requests.get(cluster.a.url + "/console", cookies={"causeway_session": session}, allow_redirects=False)
    assert again.status_code == 303 and "/console/sign-in" in again.headers["Location"], "signed out everywhere"
    for path in ("/", "/datasets?q=health", "/transparency"):
        assert requests.get(cluster.balancer.url + path).status_code == 200, path


def test_calls_through_the_balancer_spread_over_both_nodes_into_one_log(cluster):
    token = (cluster.work / "token").read_text()
    indices = []
    for _ in range(40):
        response = call(cluster.balancer.url, token)
        assert response.status_code == 200, response.text
        indices.append(int(response.headers["Causeway-Audit-Index"]))
    assert len(set(indices)) == len(indices), "every call has its own entry"
    served_by = set(re.findall(r"node=(127\.0\.0\.1:\d+)", cluster.balancer.access_log.read_text()))
    assert served_by == {f"127.0.0.1:{node.port}" for node in cluster.nodes}, served_by

    def same_checkpoint():
        notes = {requests.get(node.url + "/log/checkpoint").text for node in cluster.nodes}
        size = int(next(iter(notes)).splitlines()[1])
        return len(notes) == 1 and size > max(indices)
    wait_for(same_checkpoint, 5, "both nodes serving one checkpoint covering every call")
    verify(cluster)


def verify(cluster):
    state = cluster.work / f"verified-{uuid.uuid4().hex[:6]}"
    result = subprocess.run([BINARY, "audit", "verify", "--database", cluster.database, "--data-dir", str(cluster.work / "verify"),
                             "--master-key-file", str(cluster.a.data / "master-key"), "--state", str(state)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "the log verifies" in result.stdout, result.stdout + result.stderr


def test_registry_writes_on_a_reach_streams_and_webhooks_on_b(cluster):
    """One registry feed across nodes: a stream opened on B sees every write made on A, in
    order; a webhook subscription made on B is delivered by whichever node holds its lease,
    every event once and in order."""
    import statistics
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import sseclient

    writes = 30
    clerk = cluster.session(cluster.a, "la.engineer")
    start = requests.get(cluster.b.url + "/api/v1/registries/addresses", timeout=10).json()["lastSequence"]
    expected = list(range(start + 1, start + writes + 1))

    delivered = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            delivered.append(int(json.loads(self.rfile.read(int(self.headers["Content-Length"])))["sequence"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    subscribed = requests.post(cluster.b.url + "/api/v1/registries/addresses/subscriptions", timeout=10,
                               json={"url": f"http://127.0.0.1:{receiver.server_address[1]}/hook", "after": start},
                               headers={"Authorization": f"Bearer {cluster.session(cluster.b, 'la.engineer')}"})
    assert subscribed.status_code == 201, subscribed.text

    arrivals = []
    opened = threading.Event()

    def follow():
        response = requests.get(cluster.b.url + "/api/v1/registries/addresses/changes/stream", stream=True, timeout=30,
                                headers={"Last-Event-ID": str(start), "Accept": "text/event-stream"})
        opened.set()
        for event in sseclient.SSEClient(response).events():
            arrivals.append((int(event.id), time.monotonic()))
            if len(arrivals) == writes:
                response.close()
                return

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    assert opened.wait(30)
    acknowledged = {}
    for number in range(writes):
        answer = requests.patch(cluster.a.url + f"/api/v1/registries/addresses/records/LA-{number + 101:07d}", timeout=10,
                                json={"record": {"postcode": f"MR7 {number:02d}C"}, "reason": "Cluster test"},
                                headers={"Authorization": f"Bearer {clerk}"})
        assert answer.status_code == 200, answer.text
        acknowledged[int(answer.headers["Causeway-Last-Sequence"])] = time.monotonic()
        time.sleep(0.05)
    reader.join(30)
    assert [sequence for sequence, _ in arrivals] == expected
    latencies = sorted((at - acknowledged[sequence]) * 1000 for sequence, at in arrivals)
    print(f"\ncluster: {writes} writes on A streamed from B, ack to event p50 {statistics.median(latencies):.1f} ms, "
          f"max {latencies[-1]:.1f} ms (measured here, asserted nowhere)")

    wait_for(lambda: len(delivered) >= writes, 30, "the webhook deliveries")
    time.sleep(1)
    receiver.shutdown()
    assert delivered == expected, delivered


def register_phone(node, number):
    """A phone registers on one node: the code goes to that node's SMS outbox."""
    sent = requests.post(node.url + "/api/v1/tracing/devices/verification", json={"phoneNumber": number}, timeout=10)
    assert sent.status_code == 202, sent.text
    outbox = [json.loads(line) for line in (node.data / "sms-outbox.jsonl").read_text().splitlines()]
    text = [message for message in outbox if message["to"] == number][-1]["text"]
    code = next(word for word in text.replace(".", " ").split() if len(word) == 6 and word.isdigit())
    registered = requests.post(node.url + "/api/v1/tracing/devices", json={"phoneNumber": number, "code": code}, timeout=10)
    assert registered.status_code == 201, registered.text
    return {"Authorization": f"Bearer {registered.json()['deviceToken']}"}


def test_contact_tracing_works_across_nodes(cluster):
    """A phone registered on A and one on B; TempIDs issued by A are opened by whichever node
    takes the upload (the weekly key is shared through the database); a code issued on A is
    redeemed on B; the contact list read through the balancer names the other phone; the
    case's phone sees, on A, that its upload was used."""
    case_phone, contact_phone = "+447700900401", "+447700900402"
    case_device = register_phone(cluster.a, case_phone)
    contact_device = register_phone(cluster.b, contact_phone)
    heard = requests.get(cluster.a.url + "/api/v1/tracing/tempids", headers=contact_device, timeout=10).json()["tempIDs"][0]
    assert requests.get(cluster.b.url + "/api/v1/tracing/tempids", headers=case_device, timeout=10).status_code == 200

    tracer = {"Authorization": f"Bearer {cluster.session(cluster.a, 'hm.tracer')}"}
    opened = requests.post(cluster.a.url + "/api/v1/tracing/cases", json={"reference": "CLUSTER-1"}, headers=tracer, timeout=10)
    assert opened.status_code == 201, opened.text
    case = opened.json()["id"]
    code = requests.post(cluster.a.url + f"/api/v1/tracing/cases/{case}/upload-codes", headers=tracer, timeout=10).json()["code"]
    token = requests.post(cluster.b.url + "/api/v1/tracing/upload-token", json={"code": code}, headers=case_device, timeout=10)
    assert token.status_code == 201, token.text
    # A scan every ten seconds (at least six: a minute has passed since the TempID's window
    # began), about a metre away, all inside the window.
    now = int(time.time())
    times = [t for t in range(heard["startTime"], now + 1, 10)][-12:]
    records = [{"timestamp": t, "msg": heard["tempID"], "modelC": "Pixel 4", "modelP": "iPhone 11", "rssi": -55, "txPower": -7,
                "org": "CAUSEWAY", "v": 2} for t in times]
    uploaded = requests.post(cluster.balancer.url + "/api/v1/tracing/uploads", timeout=30,
                             json={"token": token.json()["token"], "records": records, "events": []})
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["used"] == len(records), uploaded.json()

    listed = requests.get(cluster.balancer.url + f"/api/v1/tracing/cases/{case}/contacts", headers=tracer, timeout=10,
                          params={"purpose": "Cluster test: call the contacts"})
    assert listed.status_code == 200, listed.text
    contacts = listed.json()["contacts"]
    assert [(c["phoneNumber"], c["class"]) for c in contacts] == [(contact_phone, "close")], contacts
    # The look is in the one log, whichever node wrote it; the person sees it from A.
    def seen():
        uses = requests.get(cluster.a.url + "/api/v1/tracing/devices/me/uploads", headers=case_device, timeout=10)
        assert uses.status_code == 200, uses.text
        return any(use["kind"] == "tracing.contacts-viewed" and use["by"] == "hm.tracer" for use in uses.json()["uses"])
    wait_for(seen, PROPAGATION_DEADLINE * 5, "the contact list look in the case's own view")


def test_record_linkage_across_nodes(cluster, tmp_path):
    """Each agency encodes its list with the real `causeway link encode`; the project is made
    on A, the ministry uploads to A and the partner to B; whichever node claims the comparison,
    both sides read their rows from either node, with shared link identifiers for the people
    both hold; closing on B deletes the encodings that A stored."""
    schema = json.loads((ROOT / "docs/examples/linkage-schema.json").read_text())
    secret = tmp_path / "secret"
    secret.write_text("a secret both agencies hold")
    people = [("Ana", "Silva", "1948-03-02", "4051"), ("João", "Pereira", "1951-11-23", "4051"), ("Mei", "Lin", "1939-07-14", ""),
              ("Oluwaseun", "Adeyemi", "1955-01-30", "4102"), ("Grace", "Okafor", "1944-05-09", "4110")]
    partner = [("Anna", "Silva", "1948-03-02", "4051"), ("Kwame", "Mensah", "1950-02-02", "4200"), ("Oluwaseun", "Adeyemi", "1955-01-30", "4102")]

    def encode(name, rows):
        csv = tmp_path / f"{name}.csv"
        csv.write_text("row,given_name,family_name,date_of_birth,postcode\n" + "".join(f"{i},{','.join(r)}\n" for i, r in enumerate(rows)))
        out = tmp_path / f"{name}.json"
        subprocess.run([BINARY, "link", "encode", "--schema", str(ROOT / "docs/examples/linkage-schema.json"), "--secret-file", str(secret),
                        "-o", str(out), str(csv)], check=True, timeout=60)
        return {"schema": schema, "clks": json.loads(out.read_text())["clks"]}

    steward = {"Authorization": f"Bearer {cluster.session(cluster.a, 'hm.steward')}"}
    ministry = {"Authorization": f"Bearer {cluster.session(cluster.a, 'hm.engineer')}"}
    deliveries = {"Authorization": f"Bearer {cluster.session(cluster.b, 'ss.engineer')}"}
    created = requests.post(cluster.a.url + "/api/v1/linkage/projects", headers=steward, timeout=10, json={
        "name": "shielding-deliveries", "schema": schema, "threshold": 0.8, "agreements": ["agr-demo-shielding-linkage"]})
    assert created.status_code == 201, created.text
    project = created.json()["id"]
    path = f"/api/v1/linkage/projects/{project}"
    up = requests.put(cluster.a.url + path + "/encodings", headers=ministry, json=encode("ministry", people), timeout=30)
    assert up.status_code == 201, up.text
    # B sees A's upload at once (one database) and refuses it twice.
    again = requests.put(cluster.b.url + path + "/encodings", headers=ministry, json=encode("ministry", people), timeout=30)
    assert again.status_code == 409 and again.json()["code"] == "linkage.already-uploaded", again.text
    up = requests.put(cluster.b.url + path + "/encodings", headers=deliveries, json=encode("deliveries", partner), timeout=30)
    assert up.status_code == 201, up.text

    def matched():
        state = requests.get(cluster.balancer.url + path, headers=steward, timeout=10).json()["state"]
        return state == "matched"
    wait_for(matched, 60, "the comparison")
    ours = requests.get(cluster.b.url + path + "/results", headers=ministry, timeout=10).json()
    theirs = requests.get(cluster.a.url + path + "/results", headers=deliveries, timeout=10).json()
    links = {row["row"]: row["link"] for row in ours["rows"]}
    other = {row["row"]: row["link"] for row in theirs["rows"]}
    assert links.get(0) is not None and links.get(0) == other.get(0), (ours, theirs)
    assert links.get(3) is not None and links.get(3) == other.get(2), (ours, theirs)
    assert other.get(1) is None and set(links) == {0, 3}, (ours, theirs)

    closed = requests.post(cluster.b.url + path + "/close", headers=steward, timeout=10)
    assert closed.status_code == 200 and closed.json()["state"] == "closed", closed.text
    assert requests.get(cluster.a.url + path + "/results", headers=deliveries, timeout=10).status_code == 200


def test_a_node_killed_under_load_loses_nothing_it_acknowledged(cluster):
    acks = cluster.work / "acks"
    load = subprocess.Popen(["python3", ROOT / "bench/crash-load.py", "load", cluster.balancer.url, cluster.work / "token", acks, "8"])
    # Kill times are random; the seed is printed, and CAUSEWAY_CRASH_SEED replays a run.
    seed = int(os.environ.get("CAUSEWAY_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    try:
        for round, node in enumerate([cluster.b, cluster.a, cluster.b, cluster.a]):
            time.sleep(rng.uniform(0.4, 1.2))
            before = count_lines(acks)
            node.kill()
            # The balancer routes around the dead node: acknowledged calls keep coming.
            wait_for(lambda: count_lines(acks) > before + 20, 10, f"calls acknowledged while {node.name} is down (round {round})")
            node.start()
        time.sleep(1)
    finally:
        load.terminate()
        load.wait()
    print(f"\ncluster: {count_lines(acks)} calls acknowledged through four kills (CAUSEWAY_CRASH_SEED={seed})")
    crash_load.check(cluster.balancer.url, acks)
    verify(cluster)


def count_lines(path):
    return sum(1 for _ in open(path)) if path.exists() else 0


def test_sigterm_stops_both_nodes_cleanly(cluster):
    for node in cluster.nodes:
        started = time.monotonic()
        assert node.terminate() == 0
        print(f"\ncluster: node {node.name} stopped {time.monotonic() - started:.2f} s after SIGTERM")
