"""Replays the gather stage of ckanext-harvest's CKAN harvester against the node.

The requests are the ones that harvester sends (read in ckanext-harvest's ckanharvester.py):
`/api/2/action/package_search` with `rows=100`, `start` moving by 100, `sort=id asc`, the
configured filters joined by spaces in `fq`, paging until an empty page, refusing a page that
repeats the previous one and dropping identifiers already seen; a second job asks only for
`metadata_modified:[<gather start of the last good job - 1 hour>Z TO *]`, with the time in
Python's `isoformat()` (microseconds included). The harvester's code is not imported: it needs
a whole CKAN to run; its requests are what matter to the node.
"""
import datetime
import time

import pytest
import requests

DRAFT = {
    "name": "harvest-replay", "title": "Harvest replay", "description": "Changed between two harvests.",
    "publisher": "statistics-office", "keywords": ["harvest"], "themes": ["GOVE"],
    "contactPoint": {"name": "Tests", "email": "tests@example.org"}, "license": "CC-BY-4.0", "accessRights": "public",
    "distributions": [{"id": "harvest-replay-csv", "title": "Replay", "format": "CSV", "accessURL": "https://example.org/replay.csv"}],
}


class PagingError(Exception):
    pass


def search_for_datasets(base_url, fq_terms=None):
    """The harvester's search loop: every page until an empty one, duplicates dropped."""
    params = {"rows": "100", "start": "0", "sort": "id asc"}
    if fq_terms:
        params["fq"] = " ".join(fq_terms)
    datasets, seen, previous, requests_made = [], set(), None, 0
    while True:
        response = requests.get(f"{base_url}/api/2/action/package_search", params=params, timeout=60)
        requests_made += 1
        assert response.status_code == 200, response.text
        if previous is not None and response.content == previous:
            raise PagingError(f"the paging does not move: {response.url}")
        previous = response.content
        page = response.json()["result"]["results"]
        fresh = [p for p in page if p["id"] not in seen]
        seen |= {p["id"] for p in page}
        datasets.extend(fresh)
        if not page:
            return datasets, requests_made
        params["start"] = str(int(params["start"]) + int(params["rows"]))


@pytest.fixture(scope="module")
def headers(base_url, credentials):
    operator = next(u for u in credentials["users"] if u["username"] == "operator")
    token = requests.post(f"{base_url}/api/v1/session",
                          json={"username": "operator", "password": operator["password"]}, timeout=30).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_first_then_an_incremental_harvest(base_url, headers):
    created = requests.post(f"{base_url}/api/v1/datasets", json=DRAFT, headers=headers, timeout=30)
    assert created.status_code == 201, created.text

    # First job: everything, each dataset once, in identifier order.
    first_started = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    full, pages = search_for_datasets(base_url)
    names = requests.get(f"{base_url}/api/3/action/package_list", timeout=30).json()["result"]
    assert sorted(p["name"] for p in full) == sorted(names)
    assert [p["id"] for p in full] == sorted(p["id"] for p in full)
    assert pages == len(full) // 100 + 1 + (1 if len(full) % 100 else 0)
    assert "harvest-replay" in names

    # The dataset changes after the first job; the next asks for what changed since its start
    # less an hour, as the harvester does.
    time.sleep(1.1)
    changed = dict(DRAFT, title="Harvest replay, corrected")
    replaced = requests.put(f"{base_url}/api/v1/datasets/harvest-replay", json=changed, headers=headers, timeout=30)
    assert replaced.status_code == 200, replaced.text
    since = (first_started - datetime.timedelta(hours=1)).isoformat()
    incremental, _ = search_for_datasets(base_url, [f"metadata_modified:[{since}Z TO *]"])
    by_name = {p["name"]: p for p in incremental}
    assert by_name["harvest-replay"]["title"] == "Harvest replay, corrected"
    assert all(p["metadata_modified"] >= since for p in incremental)
    assert len({p["id"] for p in incremental}) == len(incremental)

    # A job started after the change finds nothing newer than itself.
    later = (datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + datetime.timedelta(seconds=1)).isoformat()
    nothing, _ = search_for_datasets(base_url, [f"metadata_modified:[{later}Z TO *]"])
    assert nothing == []


def test_organisation_and_group_filters(base_url):
    """`organizations_filter_include` ORs the organisations; `_exclude` prohibits each; groups alike."""
    everything, _ = search_for_datasets(base_url)
    included, _ = search_for_datasets(base_url, [" OR ".join(f"organization:{o}" for o in ("health-ministry", "land-authority"))])
    assert included and {p["organization"]["name"] for p in included} == {"health-ministry", "land-authority"}
    assert len(included) == sum(p["organization"]["name"] in ("health-ministry", "land-authority") for p in everything)
    excluded, _ = search_for_datasets(base_url, ["-organization:health-ministry", "-organization:land-authority"])
    assert len(excluded) + len(included) == len(everything)
    groups, _ = search_for_datasets(base_url, [" OR ".join(f"groups:{g}" for g in ("heal", "soci"))])
    assert groups and all({g["name"] for g in p["groups"]} & {"heal", "soci"} for p in groups)
    assert len(groups) == sum(bool({g["name"] for g in p["groups"]} & {"heal", "soci"}) for p in everything)


def test_remote_organisations_and_groups_are_fetched_by_name(base_url):
    """With `remote_orgs` / `remote_groups` set to `create`, the harvester shows each by name."""
    organization = requests.get(f"{base_url}/api/2/action/organization_show", params={"id": "land-authority"}, timeout=30).json()
    assert organization["success"] and organization["result"]["name"] == "land-authority"
    group = requests.get(f"{base_url}/api/2/action/group_show", params={"id": "heal"}, timeout=30).json()
    assert group["success"] and group["result"]["name"] == "heal"
