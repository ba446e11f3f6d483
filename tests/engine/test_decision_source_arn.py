"""A refused call's source ARN travels on its PermissionDecision, not only in the reason sentence.

The advice for a refused service call (lesson_warnings' suggested statement, api_id_advice's pin)
needs the aws:SourceArn the call carried. It used to be read back out of the reason's wording
("… with source ARN"), which breaks the day the sentence is reworded; now the resource-based,
queue and topic policy checks put it on the decision (`source_arn`), and the advice reads that.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.engine.api_id_advice import api_id_advice
from app.engine.iam import Principal
from app.engine.lesson_warnings import run_warnings
from app.engine.script_outcomes import run_attributed
from app.scenario.loader import load_scenario_text
from lambda_scenarios import scenario, simulation

CASES = Path(__file__).resolve().parents[1] / "cases"
PHOTOS = "arn:aws:s3:::photos"
S3 = Principal("s3.amazonaws.com", "service", "photos", "s3.amazonaws.com",
               source_arn=PHOTOS, source_account="123456789012")


def _iam(**permission):
    base = {"sid": "AllowS3", "principal": "s3.amazonaws.com"}
    sc = scenario({"echo": {"type": "function", "handler": "builtin.echo", "role": "echo-role",
                            "permissions": [{**base, **permission}]}})
    return simulation(sc).services["iam"]


def test_a_refused_service_call_carries_its_source_arn():
    denied = _iam(source_arn="arn:aws:s3:::other").check_invoke("echo", S3)
    assert denied.decision == "deny" and denied.source_arn == PHOTOS
    assert denied.to_json()["source_arn"] == PHOTOS


def test_an_allowed_service_call_carries_it_too_and_a_call_without_one_has_none():
    allowed = _iam(source_arn="arn:aws:s3:::photo*").check_invoke("echo", S3)
    assert allowed.decision == "allow" and allowed.source_arn == PHOTOS
    bare = Principal("s3.amazonaws.com", "service", "photos", "s3.amazonaws.com")
    refused = _iam(source_arn=PHOTOS).check_invoke("echo", bare)
    assert refused.decision == "deny" and refused.source_arn is None
    assert "source_arn" not in refused.to_json()


def _shop_without_statement():
    text = (CASES / "student-shop-seed.yaml").read_text()
    text = text.replace('    permissions: [{sid: AllowApiGateway, principal: apigateway.amazonaws.com, '
                        'source_arn: "arn:aws:execute-api:us-east-1:123456789012:be5ac1de18/*/POST/orders"}]\n', "")
    sc = load_scenario_text(text, "shop.yaml")
    attributed = run_attributed(sc)
    denied = [s.permission for s in attributed.trace.steps
              if s.permission is not None and s.permission.decision == "deny"]
    assert denied, "the case must refuse API Gateway's call"
    return sc, attributed, denied


def test_api_id_advice_reads_the_decision_not_its_sentence():
    """Reword the reason so it names no source: the pin is still found from the field."""
    sc, _, denied = _shop_without_statement()
    assert all(d.source_arn and d.source_arn.startswith("arn:aws:execute-api:") for d in denied)
    reworded = [replace(d, reason="refused (the sentence no longer names the source)") for d in denied]
    advice = api_id_advice(sc, "accept-order", reworded)
    assert advice is not None and advice.pins == ("add to shop-api: `api_id: 5f81909f06`",)


def test_a_suggested_statement_takes_its_source_arn_from_the_decision():
    sc, attributed, denied = _shop_without_statement()
    reworded = {id(s): replace(s, permission=replace(s.permission, reason="refused"))
                for s in attributed.trace.steps if s.permission is not None
                and s.permission.decision == "deny"}
    steps = [reworded.get(id(s), s) for s in attributed.trace.steps]

    class Reworded:  # the attributed run, with the reworded steps
        trace = replace(attributed.trace, steps=steps)

        def steps_of(self, index):
            return [reworded.get(id(s), s) for s in attributed.steps_of(index)]

    (line,) = [w.message for w in run_warnings(sc, Reworded())
               if "apigateway.amazonaws.com" in w.message]
    assert "arn:aws:execute-api:us-east-1:123456789012:5f81909f06/*/POST/orders" in line
