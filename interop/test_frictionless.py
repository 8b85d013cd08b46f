"""Causeway's validation against `frictionless validate` on a corpus of good and bad CSV files.

Each file in interop/frictionless/ is validated by frictionless (the reference) and uploaded to
Causeway into a distribution with the same Table Schema. The verdicts must agree, and so must
the errors: their Frictionless codes and rows, and for cell errors the field.
"""
import collections
import json
import pathlib
import subprocess
import sys

import pytest
import requests

CORPUS = pathlib.Path(__file__).parent / "frictionless"
SCHEMA = json.loads((CORPUS / "schema.json").read_text())
CELL_ERRORS = {"type-error", "constraint-error", "missing-cell", "unique-error"}


def reference(path: pathlib.Path) -> tuple[bool, collections.Counter]:
    # Relative paths: frictionless refuses absolute ones as unsafe.
    result = subprocess.run(
        [str(pathlib.Path(sys.executable).parent / "frictionless"), "validate", path.name,
         "--schema", "schema.json", "--json"], capture_output=True, text=True, cwd=CORPUS)
    report = json.loads(result.stdout)
    errors = [e for task in report["tasks"] for e in task["errors"]]
    return report["valid"], collections.Counter(
        (e["type"], e.get("rowNumber"), e.get("fieldName") if e["type"] in CELL_ERRORS else None) for e in errors)


@pytest.fixture(scope="module")
def upload(base_url, credentials):
    operator = next(u for u in credentials["users"] if u["username"] == "operator")
    token = requests.post(f"{base_url}/api/v1/session",
                          json={"username": "operator", "password": operator["password"]}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    dataset = {
        "name": "frictionless-corpus", "title": "Frictionless corpus", "description": "Validation corpus.",
        "publisher": "statistics-office", "keywords": ["test"], "themes": ["GOVE"],
        "contactPoint": {"name": "Tests", "email": "tests@example.org"}, "license": "CC-BY-4.0", "accessRights": "public",
        "distributions": [{"id": "corpus-csv", "title": "Corpus", "format": "CSV", "schema": SCHEMA}],
    }
    created = requests.post(f"{base_url}/api/v1/datasets", json=dataset, headers=headers)
    assert created.status_code == 201, created.text

    def send(path: pathlib.Path) -> dict:
        response = requests.put(f"{base_url}/api/v1/datasets/frictionless-corpus/distributions/corpus-csv/data?wait=true",
                                data=path.read_bytes(), headers={**headers, "Content-Type": "text/csv"})
        assert response.status_code in (201, 422), response.text
        return response.json()
    return send


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.csv")), ids=lambda p: p.name)
def test_verdict_and_errors_match_frictionless(path, upload):
    valid, expected = reference(path)
    assert valid == path.name.startswith("valid-"), "the corpus file's name says what frictionless should say"
    job = upload(path)
    assert (job["state"] == "succeeded") == valid, job
    found = collections.Counter(
        (e["code"], e.get("row"), e.get("field") if e["code"] in CELL_ERRORS else None) for e in job["errors"])
    assert found == expected
