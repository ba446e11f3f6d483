"""app/metrics: the CloudWatch-style series computed from a trace (issue 11, Charts).

Each test runs a small scenario and checks a series against what the steps themselves say
(counted independently here), not against numbers copied from a run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.engine import run
from app.engine.outcomes import step_outcome
from app.metrics import compute_metrics
from app.scenario.loader import load_scenario

sys.path.insert(0, str(Path(__file__).parent.parent / "engine"))
from lambda_scenarios import function, scenario  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _by_key(trace) -> dict:
    return {s.key: s for s in compute_metrics(trace)}


@pytest.fixture(scope="module")
def spike():
    return run(load_scenario(ROOT / "scenarios" / "traffic-spike.yaml"))


def test_traffic_spike_throttles_equal_the_429_steps(spike):
    series = _by_key(spike)["Throttles{FunctionName=price-order}"]
    throttle_steps = [s.index for s in spike if s.status == 429]
    assert throttle_steps  # the lesson has throttles
    assert series.points[-1][1] == len(throttle_steps)
    # the running total rises exactly at the 429 steps
    assert [i for i, _ in series.points[1:]] == throttle_steps
    assert series.value_at(throttle_steps[0] - 1) == 0


def test_traffic_spike_concurrency_reaches_but_never_exceeds_reserved_limit(spike):
    series = _by_key(spike)["ConcurrentExecutions{FunctionName=price-order}"]
    assert series.limit == 5 and series.limit_label == "reserved concurrency"
    assert series.maximum() == 5
    assert all(v <= series.limit for _, v in series.points)
    # at every throttle, the function was at its limit
    for step in spike:
        if step.status == 429:
            assert series.value_at(step.index) == 5


def test_invocations_and_cold_starts_count_execute_and_init_steps(spike):
    by = _by_key(spike)
    executes = [s for s in spike if s.kind == "execute" and s.target == "price-order"]
    inits = [s for s in spike if s.kind == "init" and "cold-start" in s.tags]
    assert by["Invocations{FunctionName=price-order}"].points[-1][1] == len(executes)
    cold = by["Cold starts{FunctionName=price-order}"]
    assert not cold.cloudwatch and "Init Duration" in cold.note
    assert cold.points[-1][1] == len(inits) == spike.summary["cold_starts"]


def test_sqs_queue_depth_and_in_flight_follow_the_queue():
    trace = run(load_scenario(ROOT / "scenarios" / "orders-sqs.yaml"))
    by = _by_key(trace)
    visible = by["ApproximateNumberOfMessagesVisible{QueueName=orders}"]
    in_flight = by["ApproximateNumberOfMessagesNotVisible{QueueName=orders}"]
    receive = next(s.index for s in trace if s.kind == "poll" and s.target == "orders"
                   and in_flight.value_at(s.index) > 0)  # the poller's ReceiveMessage
    sends = [s for s in trace.steps[:receive] if s.kind == "request" and s.target == "orders"]
    assert visible.value_at(receive - 1) == visible.maximum() == len(sends) > 1
    assert in_flight.value_at(receive) == len(sends)  # received: in flight, not visible
    assert visible.value_at(receive) == 0
    assert in_flight.points[-1][1] == 0
    dlq = by["ApproximateNumberOfMessagesVisible{QueueName=orders-dlq}"]
    assert dlq.points[-1][1] == len([s for s in trace if s.kind == "dead-letter"]) == 1


def test_iterator_age_is_one_series_per_function_across_shards():
    """MET: Lambda's IteratorAge has the FunctionName dimension, no shard; batches of both shards
    of clickstream add points to the one series."""
    trace = run(load_scenario(ROOT / "scenarios" / "clickstream-kinesis.yaml"))
    ages = [s for s in compute_metrics(trace) if s.metric == "IteratorAge"]
    assert [s.dimensions for s in ages] == [{"FunctionName": "count-clicks"}]
    shards = {r["eventID"].split(":")[0] for s in trace if s.kind == "invoke"
              and s.target == "count-clicks" for r in s.payload["Records"]}
    assert len(shards) == 2
    invokes = [s for s in trace if s.kind == "invoke" and s.target == "count-clicks"]
    assert sum(len(s.points) for s in ages) == len(invokes)
    assert all(s.unit == "Milliseconds" and v >= 0 for s in ages for _, v in s.points)


def test_async_events_received_and_event_age():
    trace = run(load_scenario(ROOT / "scenarios" / "photo-thumbnails.yaml"))
    by = _by_key(trace)
    queued = [s for s in trace if s.kind == "enqueue" and s.status == 202]
    assert by["AsyncEventsReceived{FunctionName=make-thumbnail}"].points[-1][1] == len(queued)
    depth = by["Async queue depth{FunctionName=make-thumbnail}"]
    assert depth.maximum() >= 1 and depth.points[-1][1] == 0
    assert "AsyncEventAge{FunctionName=make-thumbnail}" in by


def _async_failure(**fn):
    sc = scenario({"echo": function(faults={"fail": "always"},
                                    event_invoke_config={"maximum_retry_attempts": 1, **fn.pop("eic", {})},
                                    **fn)},
                  extra={"dlq": {"type": "sqs_queue"}, "failures": {"type": "sns_topic"}},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "invocation_type": "Event"}])
    return run(sc)


def test_errors_count_function_errors_and_dead_letter_errors_count_refused_dlq_sends():
    trace = _async_failure(dead_letter_queue="dlq")  # the role may not sqs:SendMessage
    by = _by_key(trace)
    errors = [s for s in trace if step_outcome(s) == "function-error"]
    assert len(errors) == 2  # first attempt and one retry
    assert by["Errors{FunctionName=echo}"].points[-1][1] == 2
    assert by["DeadLetterErrors{FunctionName=echo}"].points[-1][1] == 1


def test_destination_delivery_failures_count_refused_destination_sends():
    trace = _async_failure(eic={"on_failure": "failures"})
    assert _by_key(trace)["DestinationDeliveryFailures{FunctionName=echo}"].points[-1][1] == 1


def test_recursive_invocations_dropped_matches_the_run_summary():
    trace = run(load_scenario(Path(__file__).parent / "f2-write-back-loop.yaml"))
    series = _by_key(trace)["RecursiveInvocationsDropped{FunctionName=resize}"]
    assert series.points[-1][1] == trace.summary["recursive_invocations_dropped"] == 1


def test_every_builtin_gives_invocations_and_concurrency_for_every_function():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        trace = run(load_scenario(path))
        keys = {s.key for s in compute_metrics(trace)}
        functions = {s.target for s in trace if s.kind == "execute"}
        for fn in functions:
            assert f"Invocations{{FunctionName={fn}}}" in keys, path.name
            assert f"ConcurrentExecutions{{FunctionName={fn}}}" in keys, path.name
        assert len(keys) == len(compute_metrics(trace))  # one series per metric and dimension


def test_charts_put_the_throttles_on_the_concurrency_chart_and_lines_hold_their_value(spike):
    from app.metrics import charts_of, step_line

    charts = charts_of(compute_metrics(spike))
    now = next(c for c in charts if c.title == "price-order: running at once")
    assert now.limit == (5.0, "reserved concurrency")
    assert now.mark_steps() == [s.index for s in spike if s.status == 429]
    xs, ys = step_line([(0, 0.0), (3, 2.0)], last_index=9)
    assert list(zip(xs, ys)) == [(1, 0.0), (4, 0.0), (4, 2.0), (10, 2.0)]  # numbers from 1


def test_provisioned_and_spillover_invocations_split_the_invocations():
    trace = run(load_scenario(ROOT / "scenarios" / "canary-alias.yaml"))
    by = _by_key(trace)
    executes = [s for s in trace if s.kind == "execute" and s.target == "checkout"]
    provisioned = by["ProvisionedConcurrencyInvocations{FunctionName=checkout}"].points[-1][1]
    spill = by["ProvisionedConcurrencySpilloverInvocations{FunctionName=checkout}"].points[-1][1]
    assert provisioned == len([s for s in executes if "provisioned" in s.tags]) > 0
    assert spill == len([s for s in executes if "spillover" in s.tags]) > 0
    assert provisioned + spill <= by["Invocations{FunctionName=checkout}"].points[-1][1] == len(executes)


def test_a_suppressed_init_after_a_timeout_is_not_a_cold_start():
    """Two invokes that time out, 30 s apart: the second runs in the environment Lambda reset
    (a suppressed init, lambda-behaviour.md §11), not a new one. Like a count of REPORT lines with
    an Init Duration, the chart counts 1 cold start; Invocations counts both."""
    trace = run(scenario({"echo": function(timeout=1, faults={"time_out": True})}, script=[
        {"at": 0, "actor": "app", "action": "invoke", "function": "echo"},
        {"at": "30s", "actor": "app", "action": "invoke", "function": "echo"}]))
    by = _by_key(trace)
    assert by["Invocations{FunctionName=echo}"].points[-1][1] == 2
    assert by["Cold starts{FunctionName=echo}"].points[-1][1] == 1 == trace.summary["cold_starts"]
    reports = [s.payload["lines"][-1] for s in trace if s.kind == "log"]
    assert sum("Init Duration" in line for line in reports) == 1
