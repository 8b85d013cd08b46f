"""Registries driven by real clients: the change feed read with sseclient-py (Server-Sent Events)
and parsed with the CloudEvents SDK, pulled and streamed alike; and the CLI's `registry tail`
and `registry match` against the running node."""
import json
import os
import subprocess
import threading

import requests
import sseclient


def token(base_url, credentials, username):
    password = next(u["password"] for u in credentials["users"] if u["username"] == username)
    answer = requests.post(f"{base_url}/api/v1/session", json={"username": username, "password": password}, timeout=30)
    answer.raise_for_status()
    return answer.json()["token"]


def cloud_event(document):
    """The event as the CloudEvents SDK reads it: a structured-mode JSON document."""
    from cloudevents.core.formats.json import JSONFormat

    return JSONFormat().read(None, json.dumps(document).encode())


def test_stream_and_pull_give_the_same_cloudevents(base_url, credentials):
    clerk = token(base_url, credentials, "la.engineer")
    registry = requests.get(f"{base_url}/api/v1/registries/addresses", timeout=30).json()
    start = registry["lastSequence"]

    received = []
    opened = threading.Event()

    def follow():
        response = requests.get(f"{base_url}/api/v1/registries/addresses/changes/stream",
                                headers={"Last-Event-ID": str(start), "Accept": "text/event-stream"}, stream=True, timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"] == "text/event-stream"
        opened.set()
        for event in sseclient.SSEClient(response).events():
            received.append((event.id, json.loads(event.data)))
            if len(received) == 3:
                response.close()
                return

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    assert opened.wait(30)
    for number, record in enumerate(["LA-0000021", "LA-0000022", "LA-0000023"]):
        answer = requests.patch(f"{base_url}/api/v1/registries/addresses/records/{record}",
                                json={"record": {"postcode": f"MR1 {number}ZZ"}, "reason": "Postcode checked on site"},
                                headers={"Authorization": f"Bearer {clerk}"}, timeout=30)
        assert answer.status_code == 200, answer.text
    reader.join(30)
    assert [int(event_id) for event_id, _ in received] == [start + 1, start + 2, start + 3]

    pulled = requests.get(f"{base_url}/api/v1/registries/addresses/changes", params={"after": start, "limit": 3}, timeout=30)
    assert pulled.headers["Content-Type"] == "application/cloudevents-batch+json"
    assert pulled.json() == [document for _, document in received]
    for document in pulled.json():
        event = cloud_event(document)
        assert event.get_type() == "gov.causeway.registry.record.updated"
        assert event.get_source().endswith("/api/v1/registries/addresses")
        assert event.get_subject() in {"LA-0000021", "LA-0000022", "LA-0000023"}
        assert event.get_data()["record"]["postcode"].startswith("MR1 ")
    assert requests.get(f"{base_url}/api/v1/registries/addresses/changes", params={"after": 10**9}, timeout=30).status_code == 400


def test_cli_tail_resumes_and_match_writes_a_csv(base_url, credentials, tmp_path):
    binary = os.environ["CAUSEWAY_BINARY"]
    position = tmp_path / "position"
    environment = {**os.environ, "CAUSEWAY_URL": base_url}
    first = subprocess.run([binary, "registry", "tail", "population", "--once", "--position", str(position),
                            "--token", token(base_url, credentials, "so.engineer")],
                           capture_output=True, text=True, timeout=300, env=environment)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert len(lines) >= 1_000 and json.loads(lines[0])["sequence"] == "00000000000000000001"
    assert int(position.read_text()) == int(json.loads(lines[-1])["sequence"])
    # A restricted registry's feed is not for anonymous readers.
    refused = subprocess.run([binary, "registry", "tail", "population", "--once", "--position", str(tmp_path / "other")],
                             capture_output=True, text=True, timeout=60, env=environment)
    assert refused.returncode != 0 and "403" in refused.stderr
    # Resuming prints only what came after the saved position: nothing yet.
    again = subprocess.run([binary, "registry", "tail", "population", "--once", "--position", str(position),
                            "--token", token(base_url, credentials, "so.engineer")],
                           capture_output=True, text=True, timeout=60, env=environment)
    assert again.returncode == 0 and again.stdout == ""

    addresses = tmp_path / "addresses.csv"
    addresses.write_text("ref,address\n1,\"Apt 2, 12 Harbour Rd, Port Meridia\"\n2,nowhere at all\n")
    matched = subprocess.run([binary, "registry", "match", "addresses", str(addresses), "--output", str(tmp_path / "out.csv"),
                              "--token", token(base_url, credentials, "hm.engineer")],
                             capture_output=True, text=True, timeout=300, env=environment)
    assert matched.returncode == 0, matched.stderr
    rows = (tmp_path / "out.csv").read_text().splitlines()
    assert rows[0] == "ref,address,matched_id,match_score,match_class"
    assert len(rows) == 3 and rows[2].endswith(",none")
