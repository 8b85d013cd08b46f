"""Shared fixtures: the node under test is started by interop/run and named here."""
import json
import os
import pathlib

import pytest


@pytest.fixture(scope="session")
def base_url() -> str:
    return os.environ["CAUSEWAY_URL"].rstrip("/")


@pytest.fixture(scope="session")
def credentials() -> dict:
    path = pathlib.Path(os.environ["CAUSEWAY_DATA_DIR"]) / "demo-credentials.json"
    return json.loads(path.read_text())
