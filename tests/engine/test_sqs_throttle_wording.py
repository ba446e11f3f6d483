"""A throttled SQS invoke: AWS backs off and retries it while the messages stay hidden, and gives
them up only when their visibility timeout runs out (docs/reference/lambda-behaviour.md §14
"When Lambda is throttled", SQSERR;
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). LambdaScope does
that (test_sqs_throttle_backoff.py); the undocumented wait between tries is a caveat."""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario

ORDERS = Path(__file__).resolve().parents[2] / "scenarios" / "orders-sqs.yaml"


def test_throttled_sqs_batch_says_aws_backs_off_within_the_visibility_timeout():
    orders = load_scenario(ORDERS)
    switch = {s.id: s for s in switches_for(orders)}["knob:fulfil-orders:reserved"]
    trace = run(apply_edits(orders, switch.edits_for(0)))
    given_back = [s for s in trace if s.kind == "retry" and s.target == "orders"]
    assert given_back
    for step in given_back:
        assert "backed off and retried" in step.narration and "visibility timeout" in step.narration
        assert step.caveat and "does not document" in step.caveat
    assert "backs off and retries" in switch.prediction


def test_a_failed_sqs_batch_has_no_throttle_caveat():
    orders = load_scenario(ORDERS)
    switch = {s.id: s for s in switches_for(orders)}["fail:fulfil-orders"]
    trace = run(apply_edits(orders, switch.edits_for("always")))
    given_back = [s for s in trace if s.kind == "retry" and s.target == "orders"]
    assert given_back and not any(s.caveat for s in given_back)
    assert not any("backs off" in s.narration for s in given_back)
