"""Migrating off CKAN in one command: `ckanapi dump` the demo node, `ckanapi load` the dump into a
fresh node, and compare. The demo node stands for the CKAN portal an agency leaves; a Causeway
dump is a CKAN dump, and what Causeway cannot map is refused by name (checked at the end)."""
import json
import os
import pathlib
import socket
import subprocess
import sys
import time

import ckanapi
import pytest
import requests

from test_ckanapi import cli

# What a load rightly changes: the time of the load, and a release's privacy statement, which
# only a release can make (docs/api.md).
VOLATILE = {"metadata_modified"}
RELEASE_EXTRAS = {"privacy_source", "privacy_rho", "privacy_epsilon", "privacy_delta"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A new node with no demo data and one operator, started from the real binary."""
    binary = os.environ["CAUSEWAY_BINARY"]
    data = tmp_path_factory.mktemp("fresh-node")
    password = "migration-operator-password"
    made = subprocess.run([binary, "admin", "create-user", "--username", "migrator", "--operator", "--data-dir", str(data)],
                          input=password + "\n", capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    node = subprocess.Popen([binary, "serve", "--data-dir", str(data), "--port", str(port), "--public-url", url],
                            stdout=subprocess.DEVNULL, stderr=open(data / "node.log", "w"))
    try:
        for _ in range(120):
            try:
                if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        token = requests.post(f"{url}/api/v1/session", json={"username": "migrator", "password": password}, timeout=30).json()["token"]
        yield url, token
    finally:
        node.terminate()
        node.wait(timeout=30)


def dump(base_url: str, thing: str, folder: pathlib.Path) -> list:
    target = folder / f"{thing}.jl"
    cli(base_url, "dump", thing, "--all", "-O", str(target))
    return [json.loads(line) for line in target.read_text().splitlines() if line.strip()]


def comparable(package: dict) -> dict:
    package = {k: v for k, v in package.items() if k not in VOLATILE}
    package["extras"] = sorted((e for e in package["extras"] if e["key"] not in RELEASE_EXTRAS), key=lambda e: e["key"])
    package["resources"] = [{k: v for k, v in r.items() if k != "last_modified"} for r in package["resources"]]
    package["organization"] = {k: v for k, v in package["organization"].items() if k != "created"}
    return package


def load(base_url: str, token: str, thing: str, source: pathlib.Path) -> str:
    bin_dir = pathlib.Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run([str(bin_dir / "ckanapi"), "load", thing, "-I", str(source), "-r", base_url, "-a", token],
                            capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def test_dump_then_load_into_a_fresh_node(base_url, fresh, tmp_path):
    url, token = fresh
    organizations = dump(base_url, "organizations", tmp_path)
    datasets = dump(base_url, "datasets", tmp_path)
    assert len(datasets) >= 30 and organizations

    report = load(url, token, "organizations", tmp_path / "organizations.jl")
    assert "Error" not in report, report
    report = load(url, token, "datasets", tmp_path / "datasets.jl")
    assert "Error" not in report, report

    (tmp_path / "copy").mkdir()
    copied = {p["id"]: p for p in dump(url, "datasets", tmp_path / "copy")}
    assert set(copied) == {p["id"] for p in datasets}
    for original in datasets:
        assert comparable(copied[original["id"]]) == comparable(original), original["name"]
    moved = {o["name"]: o for o in dump(url, "organizations", tmp_path / "copy")}
    for organization in organizations:
        for key in ("title", "description", "extras", "package_count"):
            assert moved[organization["name"]][key] == organization[key], (organization["name"], key)

    # Loading the same dump again updates in place (ckanapi finds each by id): nothing doubles.
    load(url, token, "datasets", tmp_path / "datasets.jl")
    assert len(requests.get(f"{url}/api/3/action/package_list", timeout=30).json()["result"]) == len(datasets)


def test_writes_have_ckans_semantics_and_errors(fresh):
    url, token = fresh
    with ckanapi.RemoteCKAN(url, apikey=token, user_agent="causeway-interop") as ckan:
        created = ckan.action.package_create(
            name="migration-probe", title="Probe", owner_org="health-ministry", license_id="CC-BY-4.0",
            tags=[{"name": "probe"}], groups=[{"name": "heal"}],
            resources=[{"name": "Data", "format": "CSV", "url": "https://example.org/probe.csv"}])
        assert created["name"] == "migration-probe" and created["resources"][0]["url"] == "https://example.org/probe.csv"
        patched = ckan.action.package_patch(id="migration-probe", notes="Patched notes")
        assert patched["notes"] == "Patched notes" and patched["tags"] == created["tags"]
        resource = ckan.action.resource_create(package_id="migration-probe", name="More", format="JSON", url="https://example.org/more.json")
        assert ckan.action.resource_show(id=resource["id"])["format"] == "JSON"
        ckan.action.resource_delete(id=resource["id"])
        assert len(ckan.action.package_show(id="migration-probe")["resources"]) == 1
        # What cannot be mapped is named: an unknown extra, a group that is no DCAT theme, a licence.
        with pytest.raises(ckanapi.ValidationError) as refused:
            ckan.action.package_create(name="bad-probe", owner_org="health-ministry", license_id="cc-nc",
                                       groups=[{"name": "sport"}], extras=[{"key": "harvest_source", "value": "x"}])
        assert {"license_id", "groups", "extras"} <= set(refused.value.error_dict)
        with pytest.raises(ckanapi.ValidationError) as taken:
            ckan.action.package_create(name="migration-probe", owner_org="health-ministry", license_id="CC-BY-4.0")
        assert taken.value.error_dict["name"] == ["That URL is already in use."]
        ckan.action.package_delete(id="migration-probe")
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id="migration-probe")
    with ckanapi.RemoteCKAN(url, user_agent="causeway-interop") as anonymous:
        with pytest.raises(ckanapi.NotAuthorized):
            anonymous.action.package_create(name="anonymous", owner_org="health-ministry", license_id="CC-BY-4.0")
