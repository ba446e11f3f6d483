"""AsyncEventsReceived goes to the function the event was queued for (teacher's report).

An SNS fan-out shares one flow between its subscribers, so the function "of the flow" is not
the function of the event: each enqueue belongs to the Invoke (Event) just before it. And
`play --summary` counts only Lambda's own destinations (OnSuccess/OnFailure, §13 A3), not SNS
delivering to an SQS subscriber. CloudWatch: docs/metrics.md, lambda-behaviour.md §4.
"""
from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.metrics.series import compute_metrics
from app.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "tests" / "engine" / "cases" / "teacher-upload-fanout-v2.lesson.yaml"


def _received(trace) -> dict[str, float]:
    return {s.dimensions["FunctionName"]: s.maximum() for s in compute_metrics(trace)
            if s.metric == "AsyncEventsReceived"}


def _queued_for(trace) -> dict[str, int]:
    """Counted from the steps' own words: "Lambda queues the event for F and answers 202"."""
    out: dict[str, int] = {}
    for step in trace.steps:
        if step.kind == "enqueue" and step.status == 202 and step.target == "lambda":
            fn = step.summary.split("queues the event for ")[1].split(" ")[0]
            out[fn] = out.get(fn, 0) + 1
    return out


def test_fan_out_sns_counts_one_event_for_each_subscriber():
    trace = run(load_scenario(ROOT / "scenarios" / "fan-out-sns.yaml"))
    assert _received(trace) == {"catalogue": 1.0, "resize-photo": 1.0}


def test_the_async_subscriber_gets_them_not_the_queue_polled_function():
    trace = run(load_scenario(LESSON))
    received = _received(trace)
    assert "process" not in received  # SQS-polled: invoked synchronously, never queued
    assert received == {fn: float(n) for fn, n in _queued_for(trace).items()} == {"notify": 4.0}


def test_summary_destinations_are_lambdas_own_not_sns_deliveries_to_a_queue():
    trace = run(load_scenario(LESSON))
    sns_to_sqs = [s for s in trace.steps if s.kind == "destination" and s.source == "uploads-dev"]
    assert len(sns_to_sqs) == 4  # what used to be counted
    assert trace.summary["destinations"] == 0
