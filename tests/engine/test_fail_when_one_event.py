"""`faults.fail_when` on invocations that carry one event, not a batch of `Records`
(EventBridge, API Gateway proxy, a direct invoke): the path is read inside the event itself.

The teacher's file: fraud-check fails when detail.customer is mallory; it used to run fine.
"""
from __future__ import annotations

from pathlib import Path

from app.engine.function_code import fault_error
from app.engine.run import run
from app.scenario.loader import load_scenario
from app.scenario.resources import Faults
from lambda_scenarios import function, scenario

CASE = Path(__file__).parent / "cases" / "teacher-order-events-failwhen.yaml"


def test_eventbridge_event_fails_when_its_detail_matches():
    trace = run(load_scenario(CASE))
    results = [s for s in trace.steps if s.kind == "result" and s.source == "fraud-check"]
    failed = [s for s in results if "function-error" in (s.tags or ())]
    # mallory's order fails (first attempt and its one retry); alice's order succeeds
    assert len(failed) == 2
    assert all("detail.customer equals 'mallory'" in s.payload["errorMessage"] for s in failed)
    assert len(results) - len(failed) == 1
    assert trace.summary["destinations"] == 2  # one OnSuccess (alice), one OnFailure (mallory)


def test_direct_invoke_fails_when_the_event_matches_and_not_otherwise():
    sc = scenario({"echo": function(faults={"fail_when": {"path": "order.status",
                                                          "contains": "bad"}})},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "payload": {"order": {"status": "bad-card"}}},
                          {"at": "1s", "actor": "app", "action": "invoke", "function": "echo",
                           "payload": {"order": {"status": "ok"}}}])
    trace = run(sc)
    assert trace.summary["function_errors"] == 1
    assert trace.summary["invocations"] == 2


def test_api_gateway_body_is_read_as_json():
    faults = Faults(fail_when={"path": "body.status", "equals": "bad"})
    proxy = {"httpMethod": "POST", "body": '{"status": "bad"}'}
    assert "body.status equals 'bad'" in fault_error(faults, 1, (), proxy)
    assert fault_error(faults, 1, (), {**proxy, "body": '{"status": "fine"}'}) is None


def test_a_batch_is_still_read_record_by_record():
    """A `Records` event: the path starts inside each record, never at the event."""
    faults = Faults(fail_when={"path": "body", "contains": "poison"})
    batch = {"Records": [{"eventSource": "aws:sqs", "body": "fine"}]}
    assert fault_error(faults, 1, (), batch) is None
    assert "a record of the batch" in fault_error(
        faults, 1, (), {"Records": [{"eventSource": "aws:sqs", "body": "poison pill"}]})

