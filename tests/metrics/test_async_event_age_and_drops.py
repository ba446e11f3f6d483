"""AsyncEventAge and AsyncEventsDropped as AWS defines them (the expert's async probe,
tests/cases/probes/async-probe.yaml).

AWS, https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
(lambda-behaviour.md §4, §13 A1): AsyncEventAge is the time from queueing an event to invoking
the function, and it grows while the event is retried after function errors or throttles.
AsyncEventsDropped counts events dropped without a successful run, whether or not a DLQ or
on-failure destination then received them (the event is sent there before it is dropped); the
reasons include the maximum event age, running out of retries, and reserved concurrency 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.engine.run import run
from app.metrics.series import compute_metrics
from app.scenario.loader import load_scenario

sys.path.insert(0, str(Path(__file__).parent.parent / "engine"))
from lambda_scenarios import function, scenario  # noqa: E402

PROBE = Path(__file__).resolve().parents[1] / "cases" / "probes" / "async-probe.yaml"


def _series(trace, metric, fn):
    return next((s for s in compute_metrics(trace) if s.metric == metric
                 and s.dimensions == {"FunctionName": fn}), None)


def test_async_event_age_grows_with_each_retry():
    """flaky fails, is retried a minute later: the age at the retry is about a minute, not 0."""
    trace = run(load_scenario(PROBE))
    ages = _series(trace, "AsyncEventAge", "flaky")
    attempts = [s for s in trace.steps if s.kind in ("dequeue", "retry") and s.target == "flaky"]
    assert len(attempts) == 2 and len(ages.points) == 2
    assert ages.points[0][1] == 0 and ages.points[-1][1] >= 60_000


def test_async_event_age_grows_while_throttled():
    """slow (reserved concurrency 1) throttles two of three events: each retry is older."""
    trace = run(load_scenario(PROBE))
    ages = [v for _, v in _series(trace, "AsyncEventAge", "slow").points]
    assert max(ages) >= 15_000 and {1_000, 3_000, 7_000} <= set(ages)  # the 1, 2, 4 s backoff


def test_events_given_to_a_dlq_or_destination_count_as_dropped():
    """flaky's event goes to its DLQ and on-failure destination; slow's events run out of
    age into the destination: all are AsyncEventsDropped, none is lost."""
    trace = run(load_scenario(PROBE))
    gave_up = {fn: sum(1 for s in trace.steps if s.kind == "destination" and s.target == "failures"
                       and s.payload["requestContext"]["functionArn"].endswith(f":{fn}:$LATEST"))
               for fn in ("flaky", "slow")}
    assert gave_up["flaky"] == 1 and gave_up["slow"] >= 1
    for fn, n in gave_up.items():
        assert _series(trace, "AsyncEventsDropped", fn).points[-1][1] == n
    assert trace.summary["dropped_events"] == sum(gave_up.values())
    assert trace.summary["lost_events"] == 0
    marked = [s for s in trace.steps if "async-dropped" in s.tags]
    assert len(marked) == sum(gave_up.values())
    assert all("AsyncEventsDropped" in s.narration for s in marked)


def test_reserved_concurrency_zero_counts_each_event_dropped_and_lost_without_a_dlq():
    sc = scenario({"echo": function(reserved_concurrent_executions=0)}, script=[
        {"at": 0, "actor": "app", "action": "invoke", "function": "echo",
         "invocation_type": "Event", "repeat": 2}])
    trace = run(sc)
    assert _series(trace, "AsyncEventsDropped", "echo").points[-1][1] == 2
    assert trace.summary["dropped_events"] == 2 and trace.summary["lost_events"] == 2
