"""Private statistics against OpenDP: for the same query and privacy loss, the noise scale
Causeway uses is the one OpenDP (the `opendp` library) calibrates, and the cost it reports is
what OpenDP's privacy map says. The queries run on the live node under the demo's research
agreement (the health ministry's case registry on the census sample), with losses small
enough to leave the day's allowance for others."""
import math

import opendp.prelude as dp
import pytest
import requests

dp.enable_features("contrib")

ROUTE = "/exchange/statistics-office/datasets/census-2021-microdata-sample/statistics"
CLIENT = "health-ministry/case-registry"


@pytest.fixture(scope="module")
def token(base_url, credentials):
    secret = next(c["client_secret"] for c in credentials["clients"] if c["client_id"] == CLIENT)
    answer = requests.post(f"{base_url}/oauth/token", auth=(CLIENT, secret), data={"grant_type": "client_credentials"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def ask(base_url, token, query):
    answer = requests.post(base_url + ROUTE, json=query, timeout=60,
                           headers={"Authorization": f"Bearer {token}", "Causeway-Purpose": "research-statistics"})
    assert answer.status_code == 200, answer.text
    return answer.json()["answer"]


SPACE = dp.vector_domain(dp.atom_domain(T=int)), dp.symmetric_distance()


def opendp_scale(transformation, rows, loss):
    """The smallest scale OpenDP's privacy map accepts for `rows` rows per person at `loss`."""
    if "epsilon" in loss:
        return dp.binary_search_param(lambda s: transformation >> dp.m.then_laplace(s), d_in=rows, d_out=loss["epsilon"])
    return dp.binary_search_param(lambda s: transformation >> dp.m.then_gaussian(s), d_in=rows, d_out=loss["rho"])


@pytest.mark.parametrize("loss", [{"epsilon": 0.01}, {"epsilon": 0.05}, {"epsilon": 0.2}, {"rho": 0.001}, {"rho": 0.01}])
def test_a_count_has_opendps_noise_scale(base_url, token, loss):
    answer = ask(base_url, token, {"statistic": "count", "where": [{"field": "sex", "value": "F"}], "loss": loss})
    expected = opendp_scale(dp.t.make_count(*SPACE), 1, loss)
    assert math.isclose(answer["noiseScale"], expected, rel_tol=1e-6), (answer, expected)
    assert answer["mechanism"] == ("discrete-laplace" if "epsilon" in loss else "discrete-gaussian")
    # The cost reported is OpenDP's privacy map of that scale, as ρ.
    measurement = dp.t.make_count(*SPACE) >> (dp.m.then_laplace(expected) if "epsilon" in loss else dp.m.then_gaussian(expected))
    spent = measurement.map(1)
    assert math.isclose(answer["rho"], spent * spent / 2 if "epsilon" in loss else spent, rel_tol=1e-6)


@pytest.mark.parametrize("rows", [1, 3])
def test_a_bounded_sum_has_opendps_noise_scale(base_url, token, rows):
    query = {"statistic": "sum", "column": "household_size", "bounds": {"lower": 0, "upper": 8}, "loss": {"epsilon": 0.05}}
    if rows > 1:
        query["perPerson"] = {"column": "region_code", "maxRows": rows}
    answer = ask(base_url, token, query)
    clamped_sum = SPACE >> dp.t.then_clamp(bounds=(0, 8)) >> dp.t.then_sum()
    expected = opendp_scale(clamped_sum, rows, {"epsilon": 0.05})
    assert math.isclose(answer["noiseScale"], expected, rel_tol=1e-6), (answer, expected)
    assert answer["rowsPerPerson"] == rows


def test_a_spent_budget_is_refused_in_words(base_url, token):
    answer = requests.post(base_url + ROUTE, json={"statistic": "count", "loss": {"epsilon": 19}}, timeout=30,
                           headers={"Authorization": f"Bearer {token}", "Causeway-Purpose": "research-statistics"})
    assert answer.status_code == 403
    problem = answer.json()
    assert problem["code"] == "privacy.budget-exhausted"
    assert problem["budget"]["remaining"] < 1 and "Nothing was spent" in problem["detail"]
