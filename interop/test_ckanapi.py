"""Drives the demo node with ckanapi, the standard CKAN client, as a harvester would."""
import json
import os
import subprocess
import sys
import pathlib

import ckanapi
import pytest
import requests


def cli(base_url: str, *args: str) -> str:
    """Runs the ckanapi command line against the node and returns its standard output."""
    bin_dir = pathlib.Path(sys.executable).parent
    # `ckanapi dump` starts worker processes by name, so its folder must lead PATH.
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(
        [str(bin_dir / "ckanapi"), *args, "-r", base_url],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def remote(base_url):
    with ckanapi.RemoteCKAN(base_url, user_agent="causeway-interop") as ckan:
        yield ckan


def test_site_and_status(remote):
    status = remote.action.status_show()
    assert status["ckan_version"].startswith("2.")
    assert remote.action.site_read() is True


def test_package_list_and_show(remote):
    names = remote.action.package_list()
    assert len(names) >= 30
    package = remote.action.package_show(id=names[0])
    assert package["name"] == names[0]
    assert package["organization"]["name"]
    assert package["resources"], "every demo dataset has distributions"
    resource = remote.action.resource_show(id=package["resources"][0]["id"])
    assert resource["package_id"] == package["id"]


def test_not_found_is_ckans_error(remote):
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id="there-is-no-such-dataset")
    with pytest.raises(ckanapi.ValidationError):
        remote.action.package_search(rows="lots")


def test_search_with_facets(remote):
    result = remote.action.package_search(
        q="covid", fq="organization:health-ministry", facet="true",
        **{"facet.field": json.dumps(["organization", "tags", "res_format"]), "facet.limit": 5}, rows=5,
    )
    assert result["count"] >= 3
    assert all(p["organization"]["name"] == "health-ministry" for p in result["results"])
    assert result["facets"]["organization"] == {"health-ministry": result["count"]}
    assert len(result["search_facets"]["tags"]["items"]) <= 5
    assert result["search_facets"]["organization"]["items"][0]["display_name"] == "Ministry of Health"


def test_organizations_groups_tags(remote):
    organizations = remote.action.organization_list(all_fields=True)
    assert len(organizations) >= 5
    assert sum(o["package_count"] for o in organizations) == len(remote.action.package_list())
    assert "heal" in remote.action.group_list()
    assert "covid-19" in remote.action.tag_list()


def test_cli_action_and_dump(base_url, tmp_path):
    listed = json.loads(cli(base_url, "action", "package_list"))
    assert len(listed) >= 30
    out = tmp_path / "datasets.jsonl"
    cli(base_url, "dump", "datasets", "--all", "-q", "-O", str(out))
    dumped = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    assert sorted(d["name"] for d in dumped) == sorted(listed)
    assert all(d["resources"] for d in dumped)


def test_datastore_with_ckanapi(base_url, credentials):
    """The DataStore actions as ckanapi calls them: create with records, upsert, search, info, delete."""
    engineer = next(u for u in credentials["users"] if u["username"] == "ta.engineer")
    token = requests.post(f"{base_url}/api/v1/session",
                          json={"username": "ta.engineer", "password": engineer["password"]}).json()["token"]
    writer = ckanapi.RemoteCKAN(base_url, apikey=token)
    reader = ckanapi.RemoteCKAN(base_url)
    resource = "road-traffic-collisions-csv"
    writer.action.datastore_create(resource_id=resource, records=[
        {"collision_id": "C1", "date": "2024-03-01", "severity": "slight", "vehicles": 2, "location": "4.9,52.3"},
        {"collision_id": "C2", "date": "2024-03-02", "severity": "serious", "vehicles": 1, "location": "4.8,52.4"},
    ])
    writer.action.datastore_upsert(resource_id=resource, method="upsert", records=[
        {"collision_id": "C2", "date": "2024-03-02", "severity": "fatal", "vehicles": 1, "location": "4.8,52.4"},
        {"collision_id": "C3", "date": "2024-03-05", "severity": "slight", "vehicles": 3, "location": "4.7,52.1"},
    ])
    found = reader.action.datastore_search(resource_id=resource, filters={"severity": "slight"}, sort="vehicles desc")
    assert found["total"] == 2
    assert [r["collision_id"] for r in found["records"]] == ["C3", "C1"]
    assert reader.action.datastore_info(id=resource)["meta"]["count"] == 3
    writer.action.datastore_delete(resource_id=resource, filters={"collision_id": "C1"})
    assert reader.action.datastore_search(resource_id=resource)["total"] == 2
    with pytest.raises(ckanapi.NotAuthorized):
        reader.action.datastore_upsert(resource_id=resource, records=[])
    with pytest.raises(ckanapi.ValidationError):
        writer.action.datastore_upsert(resource_id=resource, method="insert", records=[
            {"collision_id": "C9", "date": "not a date", "severity": "slight", "vehicles": 1, "location": "1,1"}])
    # datastore_create with a resource dict adds a new resource to the package, as in CKAN.
    created = writer.action.datastore_create(
        resource={"package_id": "road-traffic-collisions", "name": "Speed checks"},
        fields=[{"id": "check_id", "type": "text"}, {"id": "speed", "type": "int"}], primary_key="check_id",
        records=[{"check_id": "K1", "speed": 48}, {"check_id": "K2", "speed": 61}])
    new = created["resource_id"]
    assert [r["check_id"] for r in reader.action.datastore_search(resource_id=new, sort="speed desc")["records"]] == ["K2", "K1"]
    assert any(r["id"] == new and r["name"] == "Speed checks" for r in reader.action.package_show(id="road-traffic-collisions")["resources"])
    with pytest.raises(ckanapi.NotFound):
        writer.action.datastore_create(resource={"package_id": "no-such-package"}, fields=[{"id": "a", "type": "text"}])
    with pytest.raises(ckanapi.ValidationError):
        writer.action.datastore_create(resource={"package_id": "road-traffic-collisions"})
    # Personal and restricted data is not served by the open DataStore.
    with pytest.raises(ckanapi.NotAuthorized):
        reader.action.datastore_search(resource_id="vulnerable-persons-register-csv")
