"""The transparency log as an outside verifier sees it: the checkpoint's signed-note signature,
the key ID, the Merkle root over the entries' bytes, inclusion and consistency proofs — all
checked here with hashlib and `cryptography` by RFC 9162's algorithms, not Causeway's code.
Then `causeway audit verify` and `causeway audit monitor` are run as an operator would."""
import base64
import hashlib
import json
import os
import pathlib
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def get(base_url, path, headers=None):
    req = urllib.request.Request(base_url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    """RFC 9162 §2.1.1, straight from the definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def root_from_inclusion(index, size, leaf, proof):
    """RFC 9162 §2.1.3.2."""
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        assert sn != 0, "proof too long"
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    assert sn == 0, "proof too short"
    return r


def verify_consistency(size1, size2, root1, root2, proof):
    """RFC 9162 §2.1.4.2."""
    if size1 == size2:
        return not proof and root1 == root2
    if size1 & (size1 - 1) == 0:
        proof = [root1] + proof
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


def open_checkpoint(note, vkey):
    """Checks the C2SP signed note with the published key; returns (origin, size, root)."""
    name, key_id, key = vkey.strip().split("+", 2)
    raw = base64.b64decode(key)
    assert raw[0] == 1 and len(raw) == 33, "Ed25519 verifier key"
    assert hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex() == key_id
    text, signatures = note.rsplit("\n\n", 1)
    text += "\n"
    checked = False
    for line in signatures.splitlines():
        assert line.startswith("\u2014 ")
        signer, blob = line[2:].split(" ")
        blob = base64.b64decode(blob)
        if signer == name and blob[:4].hex() == key_id:
            Ed25519PublicKey.from_public_bytes(raw[1:]).verify(blob[4:], text.encode())
            checked = True
    assert checked, "no signature by the log key"
    origin, size, root = text.splitlines()[:3]
    assert origin == name
    return origin, int(size), base64.b64decode(root)


def entries(base_url, size):
    out = []
    while len(out) < size:
        status, _, body = get(base_url, f"/log/entries?start={len(out)}&end={size}")
        assert status == 200
        page = json.loads(body)["entries"]
        assert [e["index"] for e in page] == list(range(len(out), len(out) + len(page)))
        out += [base64.b64decode(e["entry"]) for e in page]
    return out


def checkpoint(base_url, vkey):
    status, headers, body = get(base_url, "/log/checkpoint")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    return body.decode(), open_checkpoint(body.decode(), vkey)


def test_checkpoint_root_and_proofs_verify_independently(base_url):
    vkey = get(base_url, "/log/key")[2].decode()
    _, (origin, size, root) = checkpoint(base_url, vkey)
    assert origin.endswith("/log") and size > 0
    data = entries(base_url, size)
    leaves = [leaf_hash(e) for e in data]
    assert mth(leaves) == root
    for entry in data:
        json.loads(entry)  # canonical bytes are a JSON document
    for index in sorted({0, size // 3, size - 1}):
        status, _, body = get(base_url, f"/log/proof/inclusion?index={index}&size={size}")
        assert status == 200
        proof = [base64.b64decode(h) for h in json.loads(body)["hashes"]]
        assert root_from_inclusion(index, size, leaves[index], proof) == root

    # A refused gateway call is logged too; wait for a checkpoint that covers it.
    status, headers, _ = get(base_url, "/exchange/health-ministry/datasets/vulnerable-persons-register/records",
                             {"Authorization": "Bearer not-a-token", "Causeway-Purpose": "shielding-support"})
    assert status == 401
    logged = int(headers["Causeway-Audit-Index"])
    for _ in range(50):
        _, (_, size2, root2) = checkpoint(base_url, vkey)
        if size2 > logged:
            break
        time.sleep(0.2)
    assert size2 > logged >= size
    status, _, body = get(base_url, f"/log/proof/consistency?from={size}&to={size2}")
    assert status == 200
    assert verify_consistency(size, size2, root, root2, [base64.b64decode(h) for h in json.loads(body)["hashes"]])
    entry = entries(base_url, size2)[logged]
    assert json.loads(entry)["kind"] == "exchange.refused"
    status, _, body = get(base_url, f"/log/proof/inclusion?index={logged}&size={size2}")
    proof = [base64.b64decode(h) for h in json.loads(body)["hashes"]]
    assert root_from_inclusion(logged, size2, leaf_hash(entry), proof) == root2


def run(*args):
    return subprocess.run([os.environ["CAUSEWAY_BINARY"], *args], capture_output=True, text=True, timeout=120)


def test_audit_verify_and_monitor(base_url, tmp_path):
    data_dir = os.environ["CAUSEWAY_DATA_DIR"]
    result = run("audit", "verify", "--data-dir", data_dir, "--state", str(tmp_path / "verified"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the log verifies" in result.stdout

    state = tmp_path / "monitor.json"
    first = run("audit", "monitor", base_url, "--state", str(state))
    assert first.returncode == 0 and "first checkpoint" in first.stdout, first.stdout + first.stderr
    again = run("audit", "monitor", base_url, "--state", str(state))
    assert again.returncode == 0, again.stdout + again.stderr

    # Pretend the monitor once saw a bigger log, signed with the node's own key: the node's
    # real, smaller checkpoint is then a rollback, and the monitor must say so and fail.
    seen = json.loads(state.read_text())
    skey = unseal_log_key(data_dir)
    _, _, name, key_id, secret = skey.split("+", 4)
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret)[1:])
    text = f"{name}\n{10**9}\n{base64.b64encode(bytes(32)).decode()}\n"
    signature = base64.b64encode(bytes.fromhex(key_id) + private.sign(text.encode())).decode()
    seen["checkpoint"] = f"{text}\n\u2014 {name} {signature}\n"
    state.write_text(json.dumps(seen))
    alarm = run("audit", "monitor", base_url, "--state", str(state))
    assert alarm.returncode == 2, alarm.stdout + alarm.stderr
    assert "rolled back" in alarm.stdout


def test_bad_log_requests_are_problems(base_url):
    for path, code in [("/log/proof/inclusion?index=abc", "request.parameter"),
                       ("/log/proof/consistency?from=5&to=1", "request.parameter"),
                       ("/log/proof/inclusion?index=0&size=999999999", "log.beyond-tree")]:
        status, headers, body = get(base_url, path)
        assert status in (400, 404) and headers["Content-Type"].startswith("application/problem+json")
        assert json.loads(body)["code"] == code


def unseal_log_key(data_dir):
    """The node's log key, opened independently of Causeway: the `log-key` row of node_keys is
    `sealed.v1.` + base64(nonce ‖ ciphertext ‖ tag), AES-256-GCM under the master key in
    <data dir>/master-key, with the row's name as associated data (docs/operations.md § Keys)."""
    master = base64.b64decode(pathlib.Path(data_dir, "master-key").read_text().strip())
    with sqlite3.connect(f"file:{pathlib.Path(data_dir, 'causeway.sqlite')}?mode=ro", uri=True) as db:
        (sealed,) = db.execute("SELECT value FROM node_keys WHERE name = 'log-key'").fetchone()
    assert sealed.startswith("sealed.v1."), "the log key is not stored in clear"
    combined = base64.b64decode(sealed[len("sealed.v1."):])
    return AESGCM(master).decrypt(combined[:12], combined[12:], b"log-key").decode().strip()
