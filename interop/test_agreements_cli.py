"""`causeway agreements`, run as stewards would: draft from a template, submit, approve by
four eyes, suspend with a reason, batch, and the exports, against the live demo node."""
import json
import os
import subprocess


def password(credentials: dict, username: str) -> str:
    return next(u["password"] for u in credentials["users"] if u["username"] == username)


def cli(credentials: dict, base_url: str, username: str, *args: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, CAUSEWAY_PASSWORD=password(credentials, username))
    environment.pop("CAUSEWAY_TOKEN", None)
    return subprocess.run(
        [os.environ["CAUSEWAY_BINARY"], "agreements", *args, "--server", base_url, "--username", username],
        capture_output=True, text=True, timeout=120, env=environment,
    )


def test_draft_approve_suspend_and_export(credentials, base_url):
    drafted = cli(credentials, base_url, "ta.engineer", "draft", "--template", "service-delivery",
                  "--provider", "capital-city", "--consumer", "transport-authority", "--system", "journey-planner",
                  "--dataset", "council-tax-accounts", "--field", "account_id", "--field", "address_id")
    assert drafted.returncode == 0, drafted.stderr
    agreement = json.loads(drafted.stdout)
    identifier = agreement["id"]
    assert agreement["state"] == "draft" and agreement["personalData"] is True

    assert cli(credentials, base_url, "ta.engineer", "transition", "submit", identifier).returncode == 0
    # The consumer cannot approve its own request; the provider's steward and DPO can, in turn.
    refused = cli(credentials, base_url, "ta.engineer", "transition", "approve", identifier)
    assert refused.returncode != 0 and "auth.forbidden" in refused.stderr
    assert cli(credentials, base_url, "cc.steward", "transition", "approve", identifier).stdout.split() == [identifier, "submitted"]
    again = cli(credentials, base_url, "cc.steward", "transition", "approve", identifier)
    assert again.returncode != 0 and "agreement.four-eyes" in again.stderr
    assert cli(credentials, base_url, "cc.dpo", "transition", "approve", identifier).stdout.split() == [identifier, "active"]

    no_reason = cli(credentials, base_url, "cc.dpo", "transition", "suspend", identifier)
    assert no_reason.returncode != 0 and "/reason" in no_reason.stderr
    suspended = cli(credentials, base_url, "cc.dpo", "transition", "suspend", identifier, "--reason", "Audit")
    assert suspended.stdout.split() == [identifier, "suspended"]

    listed = cli(credentials, base_url, "cc.steward", "list", "--state", "suspended")
    assert identifier in listed.stdout
    odrl = json.loads(cli(credentials, base_url, "cc.steward", "show", identifier, "--format", "odrl").stdout)
    assert odrl["@type"] == "Agreement" and odrl["permission"][0]["action"] == "use"
    summary = cli(credentials, base_url, "cc.steward", "show", identifier, "--format", "markdown").stdout
    assert "## Terms" in summary and "Audit" in summary
    stats = cli(credentials, base_url, "cc.steward", "stats").stdout
    assert "capital-city" in stats and "suspended 1" in stats


def test_batch_transition_reports_each_agreement(credentials, base_url):
    result = cli(credentials, base_url, "hm.dpo", "transition", "approve", "agr-demo-outbreak", "agr-unknown")
    lines = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert [line[:2] for line in lines] == [["agr-demo-outbreak", "200"], ["agr-unknown", "404"]]
    assert lines[0][2] == "active"
    assert result.returncode == 1


def test_templates_are_listed(credentials, base_url):
    output = cli(credentials, base_url, "so.steward", "templates").stdout
    assert "public-health-emergency\tbuilt-in" in output
