"""Webhooks from the real `causeway` binary to a receiver written the way a subscriber would write
one: every delivery verified with the Standard Webhooks reference library (`v1`, HMAC) and with
`cryptography` (`v1a`, Ed25519, from the public key alone). The node is killed with SIGKILL in
the middle of a delivery run and started again: deliveries resume from the last acknowledged
event it stored, in order, and nothing is lost (at least once: the last second's events may
come twice, under the same webhook-ids)."""
import base64
import json
import os
import signal
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from standardwebhooks.webhooks import Webhook


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver:
    """Records (webhook-id, sequence) for each delivery that verifies; answers 400 to any that does not."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.secret = None
        self.public_key = None
        self.received = []
        self.rejected = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                try:
                    event = Webhook(receiver.secret).verify(body, headers)
                    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
                    ed25519 = [value for version, value in (part.split(",", 1) for part in headers["webhook-signature"].split(" ")) if version == "v1a"]
                    receiver.public_key.verify(base64.b64decode(ed25519[0]), signed)
                except Exception as error:  # noqa: BLE001 — any failure is the test's finding
                    with receiver.lock:
                        receiver.rejected.append(repr(error))
                    self.send_response(400)
                    self.end_headers()
                    return
                time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.received.append((headers["webhook-id"], int(event["sequence"]), event["subject"]))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def sequences(self):
        with self.lock:
            return [sequence for _, sequence, _ in self.received]


class Node:
    """`causeway serve --demo` on its own data folder, which may be killed and started again."""

    def __init__(self, binary, folder):
        self.binary, self.folder = binary, folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        log = open(os.path.join(self.folder, "node.log"), "a")
        self.process = subprocess.Popen([self.binary, "serve", "--demo", "--demo-addresses", "200", "--data-dir", os.path.join(self.folder, "data"),
                                         "--port", str(self.port), "--public-url", self.url, "--webhook-allow-private-networks"],
                                        stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            assert self.process.poll() is None, open(os.path.join(self.folder, "node.log")).read()
            try:
                if requests.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError("the node did not become ready")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def token(self, username):
        credentials = json.load(open(os.path.join(self.folder, "data", "demo-credentials.json")))
        password = next(user["password"] for user in credentials["users"] if user["username"] == username)
        answer = requests.post(f"{self.url}/api/v1/session", json={"username": username, "password": password}, timeout=30)
        answer.raise_for_status()
        return answer.json()["token"]


@pytest.fixture()
def node(tmp_path):
    started = Node(os.environ["CAUSEWAY_BINARY"], str(tmp_path))
    started.start()
    yield started
    started.stop()


def wait_until(condition, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def correct(node, token, record, postcode):
    answer = requests.patch(f"{node.url}/api/v1/registries/addresses/records/{record}",
                            json={"record": {"postcode": postcode}, "reason": "Postcode checked on site"},
                            headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code == 200, answer.text


def test_signed_deliveries_survive_a_killed_node(node):
    receiver = Receiver(delay=0.05)
    clerk = node.token("la.engineer")
    created = requests.post(f"{node.url}/api/v1/registries/addresses/subscriptions", json={"url": receiver.url},
                            headers={"Authorization": f"Bearer {clerk}"}, timeout=30)
    assert created.status_code == 201, created.text
    subscription = created.json()
    receiver.secret = subscription["signing"]["secret"]
    receiver.public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(subscription["signing"]["publicKey"][len("whpk_"):]))
    start = subscription["position"]

    for number in range(1, 41):
        correct(node, clerk, f"LA-{number:07d}", f"MR{number} 9ZZ")
    assert wait_until(lambda: len(receiver.sequences()) >= 10, 30), receiver.rejected
    node.kill()
    # A delivery the killed node had in flight is still being answered by the receiver (it
    # records after its delay): let it land before taking the count.
    time.sleep(1)
    delivered_before = receiver.sequences()
    assert len(delivered_before) < 40, "the kill came too late to test anything"

    node.start()
    clerk = node.token("la.engineer")
    for number in range(41, 51):
        correct(node, clerk, f"LA-{number:07d}", f"MR{number} 9ZZ")
    # The dead node's lease on the subscription runs out (15 s), then the new one carries on.
    assert wait_until(lambda: set(receiver.sequences()) >= set(range(start + 1, start + 51)), 90), (receiver.sequences(), receiver.rejected)

    assert receiver.rejected == []
    sequences = receiver.sequences()
    # In order: each event arrives after every event before it. A repeat is only of an event the
    # killed node sent in its last second (progress is stored at most a second after each
    # acknowledgement), and comes again under the same webhook-id.
    first_arrivals = list(dict.fromkeys(sequences))
    assert first_arrivals == list(range(start + 1, start + 51))
    after_restart = sequences[len(delivered_before):]
    assert after_restart == sorted(after_restart), sequences
    repeats = [sequence for sequence in after_restart if sequence in delivered_before]
    assert repeats == delivered_before[len(delivered_before) - len(repeats):], sequences
    assert len(repeats) <= 1 / receiver.delay + 1, sequences
    ids = {}
    for message_id, sequence, _ in receiver.received:
        assert ids.setdefault(sequence, message_id) == message_id
        assert message_id == f"{subscription['id']}_{sequence}"
    status = requests.get(f"{node.url}/api/v1/registries/addresses/subscriptions/{subscription['id']}",
                          headers={"Authorization": f"Bearer {clerk}"}, timeout=30).json()
    assert wait_until(lambda: requests.get(f"{node.url}/api/v1/registries/addresses/subscriptions/{subscription['id']}",
                                           headers={"Authorization": f"Bearer {clerk}"}, timeout=30).json()["position"] == start + 50, 10), status
