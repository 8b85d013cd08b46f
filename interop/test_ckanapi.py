"""Drives the demo node with ckanapi, the standard CKAN client, as a harvester would."""
import json
import os
import subprocess
import sys
import pathlib

import ckanapi
import pytest


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
