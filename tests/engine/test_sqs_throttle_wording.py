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


def _reserved_zero():
    """orders-sqs with fulfil-orders' reserved concurrency switched to 0: (scenario, switch, trace)."""
    orders = load_scenario(ORDERS)
    switch = {s.id: s for s in switches_for(orders)}["knob:fulfil-orders:reserved"]
    return orders, switch, run(apply_edits(orders, switch.edits_for(0)))


def test_throttled_sqs_batch_says_aws_backs_off_within_the_visibility_timeout():
    orders, switch, trace = _reserved_zero()
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


def test_check_and_the_backoff_narration_agree_on_when_a_throttle_counts_a_receive():
    """A teacher read `check` say "a message that was only throttled … counts a receive" and the
    run say "the receive count does not go up". Both now say the same thing (§14 "On throttling",
    SQSCFG): retries inside the visibility timeout count no receive; outlasting it does."""
    from app.scenario.receive_count_warnings import receive_count_warnings

    orders, _, trace = _reserved_zero()
    backoffs = [s for s in trace if s.kind == "retry" and s.target == "fulfil-orders"]
    assert backoffs
    for step in backoffs:
        assert "does not go up" in step.narration
        assert "outlast the visibility timeout" in step.narration
    low = apply_edits(orders, ["resources.orders.redrive_policy.max_receive_count=3"])
    [warning] = receive_count_warnings(low)
    assert "only throttled" not in warning.message
    assert "throttled retries outlast the visibility timeout" in warning.message
