"""The administration CLI, run as an operator would, against the live node's database."""
import json
import os
import pathlib
import subprocess
import urllib.error
import urllib.request


def admin(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [os.environ["CAUSEWAY_BINARY"], "admin", *args, "--data-dir", os.environ["CAUSEWAY_DATA_DIR"]],
        input=stdin, capture_output=True, text=True, timeout=120,
    )


def login(base_url: str, username: str, password: str) -> int:
    request = urllib.request.Request(
        f"{base_url}/api/v1/session", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"username": username, "password": password}).encode(),
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_create_user_then_sign_in(base_url):
    password = "correct horse battery staple"
    result = admin("create-user", "--username", "ana.silva", "--role", "land-authority:steward", stdin=password + "\n")
    assert result.returncode == 0, result.stderr
    assert login(base_url, "ana.silva", password) == 201
    assert login(base_url, "ana.silva", "wrong password!") == 401


def test_create_user_refuses_bad_input():
    weak = admin("create-user", "--username", "bob.short", stdin="short\n")
    assert weak.returncode != 0 and "12 characters" in weak.stderr
    role = admin("create-user", "--username", "bob.role", "--role", "land-authority:king", stdin="long enough password\n")
    assert role.returncode != 0 and "agency:role" in role.stderr
    agency = admin("create-user", "--username", "bob.agency", "--role", "atlantis:admin", stdin="long enough password\n")
    assert agency.returncode != 0 and "no agency atlantis" in agency.stderr
    taken = admin("create-user", "--username", "operator", "--operator", stdin="long enough password\n")
    assert taken.returncode != 0 and "--replace" in taken.stderr


def test_backup_while_serving_then_restore_elsewhere(tmp_path):
    """An operator's round trip: an online backup of the running node, a restore refused onto
    the running node, a restore into a new data directory, and the restored log verifies."""
    binary, data = os.environ["CAUSEWAY_BINARY"], os.environ["CAUSEWAY_DATA_DIR"]
    backup = tmp_path / "causeway-backup.sqlite"
    made = admin("backup", "--to", str(backup))
    assert made.returncode == 0 and backup.stat().st_size > 0, made.stderr
    again = admin("backup", "--to", str(backup))
    assert again.returncode != 0 and "exists" in again.stderr

    refused = admin("restore", "--from", str(backup))
    assert refused.returncode != 0 and "node is running" in refused.stderr, refused.stderr

    fresh = tmp_path / "restored"
    fresh.mkdir()
    (fresh / "master-key").write_text((pathlib.Path(data) / "master-key").read_text())
    restored = subprocess.run([binary, "admin", "restore", "--from", str(backup), "--data-dir", str(fresh)],
                              capture_output=True, text=True, timeout=120)
    assert restored.returncode == 0, restored.stderr
    verified = subprocess.run([binary, "audit", "verify", "--data-dir", str(fresh)], capture_output=True, text=True, timeout=300)
    assert verified.returncode == 0 and "the log verifies" in verified.stdout, verified.stdout + verified.stderr

    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database at all")
    bad = subprocess.run([binary, "admin", "restore", "--from", str(damaged), "--data-dir", str(tmp_path / "other")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0
