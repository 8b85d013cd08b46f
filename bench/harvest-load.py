"""Drives package_create as `ckanapi load` does (one request per dataset, WORKERS at a time)
and, as the baseline, the same number of authenticated POSTs of the same bodies to site_read,
which parses the body and answers without writing. Prints one JSON line with both rates.

    python3 bench/harvest-load.py URL TOKEN COUNT WORKERS
"""
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

url, token, count, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
agencies = ["health-ministry", "land-authority", "social-services", "statistics-office", "capital-city", "transport-authority"]


def package(number: int) -> bytes:
    return json.dumps({
        "name": f"harvested-{number:07d}", "title": f"Harvested dataset {number}",
        "notes": "A dataset harvested from another portal, with a description of ordinary length. " * 3,
        "owner_org": agencies[number % len(agencies)], "license_id": "CC-BY-4.0",
        "tags": [{"name": "harvested"}, {"name": f"topic-{number % 50}"}], "groups": [{"name": "gove"}],
        "resources": [{"name": "Data", "format": "CSV", "url": f"https://portal.example/{number}.csv"}],
    }).encode()


def post(action: str, body: bytes) -> float:
    request = urllib.request.Request(f"{url}/api/3/action/{action}", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": token})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            assert json.load(response)["success"]
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{action} answered {error.code}: {error.read().decode()[:500]}")
    return time.perf_counter() - started


def run(action: str, offset: int) -> dict:
    bodies = [package(offset + n) for n in range(count)]
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        latencies = sorted(pool.map(lambda body: post(action, body), bodies))
    elapsed = time.perf_counter() - started
    return {"per_second": count / elapsed, "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000}


baseline = run("site_read", 0)
created = run("package_create", 0)
print(json.dumps({"baseline": baseline, "created": created}))
