"""The lab's predictions for SQS-mapped functions match the runs (expert review of `play`).

Sources: docs/reference/lambda-behaviour.md §14 (SQSERR, SQSCFG):
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html,
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html and
https://repost.aws/knowledge-center/lambda-sqs-scaling (a mapping does not count reserved
concurrency)."""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario

ORDERS = Path(__file__).resolve().parents[2] / "scenarios" / "orders-sqs.yaml"


def _orders():
    return load_scenario(ORDERS)


def _switch(scenario, switch_id):
    return {s.id: s for s in switches_for(scenario)}[switch_id]


def test_reserved_zero_on_an_sqs_function_predicts_redelivery_and_the_dlq_not_a_stream():
    """§14 SQSERR: at 0 the messages come back after the visibility timeout and SQS moves them
    to the queue's DLQ after maxReceiveCount; the run agrees (dead letters, no invocations)."""
    orders = _orders()
    switch = _switch(orders, "knob:fulfil-orders:reserved")
    zero = switch.prediction.split("At 0:")[1]
    assert "stream" not in zero
    assert "visibility timeout (20 s)" in zero and "orders-dlq" in zero and "§14" in zero
    trace = run(apply_edits(orders, switch.edits_for(0)))
    assert [s for s in trace if s.kind == "throttle"]
    assert [s for s in trace if s.kind == "dead-letter"]
    assert not [s for s in trace if s.kind == "execute" and s.target == "fulfil-orders"]


def test_fail_first_k_below_max_receive_count_predicts_success_and_the_run_agrees():
    """§14 SQSERR: with K below maxReceiveCount the redelivered messages succeed and are
    deleted; only the poison message of orders-sqs reaches the DLQ. The prediction says so."""
    orders = _orders()
    count = orders.resources["orders"].redrive_policy.max_receive_count
    switch = _switch(orders, "fail-first:fulfil-orders")
    assert f"if K is below {count}" in switch.prediction and "deletes the messages" in switch.prediction
    assert f"otherwise after {count} receives SQS moves them to orders-dlq" in switch.prediction
    baseline = len([s for s in run(orders) if s.kind == "dead-letter"])
    trace = run(apply_edits(orders, switch.edits_for(1)))
    assert len([s for s in trace if s.kind == "dead-letter"]) == baseline
    more = run(apply_edits(orders, switch.edits_for(3 * count)))  # several batches per receive
    assert len([s for s in more if s.kind == "dead-letter"]) > baseline
