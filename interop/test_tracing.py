"""Contact tracing against independent implementations and the real node.

TempIDs are sealed and opened by Python's `cryptography` exactly as OpenTrace's cloud functions
do (AES-256-GCM, 16-byte IV, ciphertext ‖ IV ‖ tag, base64), and compared with
`causeway tracing tempid`; a phone registered on the live node gets TempIDs Python can only
open with the key it was given nothing of, so it checks their layout and schedule instead;
and the small simulation drives an in-process node end to end.
"""
import base64
import json
import os
import pathlib
import secrets
import struct
import subprocess

import requests
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BINARY = os.environ["CAUSEWAY_BINARY"]


def causeway(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BINARY, "tracing", *args], capture_output=True, text=True, timeout=600)


def seal(key: bytes, uid: str, start: int, expiry: int, iv: bytes) -> str:
    plain = base64.b64decode(uid) + struct.pack(">ii", start, expiry)
    sealed = AESGCM(key).encrypt(iv, plain, None)
    return base64.b64encode(sealed[:-16] + iv + sealed[-16:]).decode()


def random_uid() -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(28))


def test_tempids_match_an_independent_implementation_both_ways():
    for _ in range(5):
        key, iv, uid = secrets.token_bytes(32), secrets.token_bytes(16), random_uid()
        start = secrets.randbelow(2_000_000_000)
        expected = seal(key, uid, start, start + 900, iv)
        encoded = causeway("tempid", "encode", "--key-hex", key.hex(), "--uid", uid, "--start", str(start),
                           "--expiry", str(start + 900), "--iv-hex", iv.hex())
        assert encoded.returncode == 0, encoded.stderr
        assert encoded.stdout.strip() == expected

        # Random IVs: Python opens what Causeway seals, Causeway opens what Python seals.
        fresh = causeway("tempid", "encode", "--key-hex", key.hex(), "--uid", uid, "--start", str(start), "--expiry", str(start + 900))
        wire = base64.b64decode(fresh.stdout.strip())
        plain = AESGCM(key).decrypt(wire[29:45], wire[:29] + wire[45:], None)
        assert base64.b64encode(plain[:21]).decode() == uid and struct.unpack(">ii", plain[21:]) == (start, start + 900)
        decoded = causeway("tempid", "decode", "--key-hex", key.hex(), seal(key, uid, start, start + 900, secrets.token_bytes(16)))
        assert decoded.returncode == 0, decoded.stderr
        assert f"uid {uid}" in decoded.stdout and f"start {start} " in decoded.stdout and f"expiry {start + 900} " in decoded.stdout


def test_forged_and_truncated_tempids_are_refused_in_words():
    key = secrets.token_bytes(32)
    good = seal(key, random_uid(), 1_600_000_000, 1_600_000_900, secrets.token_bytes(16))
    raw = bytearray(base64.b64decode(good))
    raw[0] ^= 1
    forged = causeway("tempid", "decode", "--key-hex", key.hex(), base64.b64encode(raw).decode())
    assert forged.returncode != 0 and "forged, altered, or sealed under another key" in forged.stderr
    truncated = causeway("tempid", "decode", "--key-hex", key.hex(), base64.b64encode(raw[:-1]).decode())
    assert truncated.returncode != 0 and "61 bytes" in truncated.stderr
    short_key = causeway("tempid", "decode", "--key-hex", "abcd", good)
    assert short_key.returncode != 0 and "64 hexadecimal digits" in short_key.stderr


def test_a_phone_on_the_live_node_gets_opentrace_shaped_tempids(base_url):
    number = "+4477009" + str(secrets.randbelow(10**5)).zfill(5)
    sent = requests.post(f"{base_url}/api/v1/tracing/devices/verification", json={"phoneNumber": number}, timeout=30)
    assert sent.status_code == 202, sent.text
    outbox = pathlib.Path(os.environ["CAUSEWAY_DATA_DIR"]) / "sms-outbox.jsonl"
    message = [json.loads(line) for line in outbox.read_text().splitlines() if json.loads(line)["to"] == number][-1]
    code = next(word for word in message["text"].replace(".", " ").split() if len(word) == 6 and word.isdigit())
    registered = requests.post(f"{base_url}/api/v1/tracing/devices", json={"phoneNumber": number, "code": code}, timeout=30)
    assert registered.status_code == 201, registered.text
    device = registered.json()
    batch = requests.get(f"{base_url}/api/v1/tracing/tempids", headers={"Authorization": f"Bearer {device['deviceToken']}"}, timeout=30)
    assert batch.status_code == 200, batch.text
    body = batch.json()
    assert body["status"] == "SUCCESS" and len(body["tempIDs"]) == 100
    assert body["refreshTime"] - body["tempIDs"][0]["startTime"] == 12 * 3600 + 60
    for previous, item in zip(body["tempIDs"], body["tempIDs"][1:]):
        assert item["startTime"] == previous["expiryTime"] and item["expiryTime"] - item["startTime"] == 900
        assert len(base64.b64decode(item["tempID"])) == 61
    deleted = requests.delete(f"{base_url}/api/v1/tracing/devices/me", headers={"Authorization": f"Bearer {device['deviceToken']}"}, timeout=30)
    assert deleted.status_code == 204


def test_the_small_simulation_finds_the_close_contacts():
    run = causeway("simulate", "--people", "150", "--days", "3", "--seed", "7", "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["trueCloseContacts"] > 0 and summary["records"] > 0
    assert summary["recall"] >= 0.9, summary
    assert summary["precision"] >= 0.6, summary
