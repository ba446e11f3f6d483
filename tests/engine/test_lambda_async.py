"""Asynchronous invocation: retries, throttling backoff, event age, DLQ and destinations (§4, ASY)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from lambda_scenarios import function, invoke, scenario, simulation

QUEUES = {"dlq": {"type": "sqs_queue"}, "failures": {"type": "sqs_queue"},
          "successes": {"type": "sns_topic"}}
SEND = [{"action": ["sqs:SendMessage", "sns:Publish"], "resource": "*"}]


def _async(fn_overrides, policies=SEND, settings=None):
    sc = scenario({"echo": function(**fn_overrides)},
                  extra={**QUEUES, "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                                 "policies": policies}},
                  settings=settings)
    sim = simulation(sc)
    invoke(sim, invocation_type="Event")
    sim.env.run()
    return sim


def _steps(sim, kind):
    return [s for s in sim.recorder.steps if s.kind == kind]


@pytest.mark.parametrize("retries", [0, 1, 2])
def test_function_errors_retried_after_1_then_2_minutes_then_dlq(retries):
    """maximum_retry_attempts N: N+1 runs, 60 s then 120 s apart, then the event goes to the DLQ."""
    sim = _async({"faults": {"fail": "always"}, "dead_letter_queue": "dlq",
                  "event_invoke_config": {"maximum_retry_attempts": retries}})
    starts = [s.time_ms for s in _steps(sim, "execute")]
    assert len(starts) == retries + 1
    ends = [s.time_ms for s in _steps(sim, "result")]
    assert [b - a for a, b in zip(ends, starts[1:])] == [60_000.0, 120_000.0][:retries]
    assert len(_steps(sim, "retry")) == retries
    dlq = sim.services["queues"].messages["dlq"]
    assert len(dlq) == 1
    assert json.loads(dlq[0]["Body"]) == {"n": 1}  # the event itself
    attrs = dlq[0]["MessageAttributes"]
    assert set(attrs) == {"RequestID", "ErrorCode", "ErrorMessage"}


def test_dead_letter_step_shows_the_message_attributes_that_say_why():
    """The dead-letter step's payload is the SendMessage: the event as body plus RequestID,
    ErrorCode (a Number, 200: the code ran) and ErrorMessage, as the queue stores them (§4, ASY)."""
    sim = _async({"faults": {"fail": "always"}, "dead_letter_queue": "dlq",
                  "event_invoke_config": {"maximum_retry_attempts": 0}})
    dead = _steps(sim, "dead-letter")[0]
    attrs = dead.payload["MessageAttributes"]
    assert json.loads(dead.payload["MessageBody"]) == {"n": 1}  # a string: the event as JSON
    assert attrs["RequestID"] == {"DataType": "String", "StringValue": dead.flow}
    assert attrs["ErrorCode"] == {"DataType": "Number", "StringValue": "200"}
    error = _steps(sim, "result")[0].payload["errorMessage"]
    assert attrs["ErrorMessage"]["StringValue"] == error
    assert sim.services["queues"].messages["dlq"][0]["MessageAttributes"] == attrs
    assert "RequestID, ErrorCode and ErrorMessage" in dead.narration


def test_on_failure_destination_gets_the_documented_record():
    """On-failure destination: version, timestamp, requestContext, requestPayload, response*."""
    sim = _async({"faults": {"fail": "always"},
                  "event_invoke_config": {"maximum_retry_attempts": 1, "on_failure": "failures"}})
    record = json.loads(sim.services["queues"].messages["failures"][0]["Body"])
    assert record["version"] == "1.0"
    ctx = record["requestContext"]
    assert ctx["condition"] == "RetriesExhausted" and ctx["approximateInvokeCount"] == 2
    assert ctx["functionArn"].endswith(":function:echo:$LATEST")
    assert record["requestPayload"] == {"n": 1}
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST",
                                         "functionError": "Unhandled"}
    assert record["responsePayload"]["errorType"] == "RuntimeError"


def test_on_success_destination_receives_success_record():
    """A successful async run with on_success sends a Success record to the topic."""
    sim = _async({"event_invoke_config": {"on_success": "successes"}})
    msg = sim.services["queues"].messages["successes"][0]
    record = json.loads(msg["Message"])
    assert record["requestContext"]["condition"] == "Success"
    assert record["responsePayload"]["received"] == {"n": 1}


def test_lost_event_without_dlq_is_loud():
    """No DLQ and no destination: an `error` step tagged dropped says the event is lost."""
    sim = _async({"faults": {"fail": "always"}, "event_invoke_config": {"maximum_retry_attempts": 0}})
    last = sim.recorder.steps[-2]  # before the idle shutdown
    assert last.kind == "error" and "dropped" in last.tags
    assert "LOST" in last.summary


def test_async_result_steps_show_no_http_status():
    """An async run's result goes back to Lambda, not to a waiting caller: no status on it, while
    the enqueue carries the 202 the caller really got."""
    sim = _async({"faults": {"fail_first_attempts": 1}})
    results = _steps(sim, "result")
    assert len(results) == 2 and all(s.status is None for s in results)
    assert _steps(sim, "enqueue")[0].status == 202


def test_dropped_event_narration_points_at_logs_and_the_dropped_metric():
    """The event is gone, but the narration names what still shows it: the function's CloudWatch
    Logs and the AsyncEventsDropped metric (§4, ASY); it never claims nobody can know."""
    sim = _async({"faults": {"fail": "always"}, "event_invoke_config": {"maximum_retry_attempts": 0}})
    dropped = next(s for s in sim.recorder.steps if "dropped" in s.tags)
    assert "AsyncEventsDropped" in dropped.narration
    assert "echo's error lines in CloudWatch Logs" in dropped.narration
    assert "Nobody will know" not in dropped.narration


def _busy_then_async(fn_overrides):
    """Reserved concurrency 1, held for 15 min by a synchronous invoke at 0; an async event at
    1 ms is then throttled and retried (reserved concurrency 0 would skip the retries, §13 A1)."""
    fn = {"reserved_concurrent_executions": 1, "duration": "15min", "timeout": 900, **fn_overrides}
    sc = scenario({"echo": function(**fn)}, extra={**QUEUES, "echo-role": {
        "type": "iam_role", "trusts": "lambda.amazonaws.com", "policies": SEND}})
    sim = simulation(sc)
    invoke(sim)
    invoke(sim, invocation_type="Event", at=1.0)
    sim.env.run()
    return sim


def test_expired_event_that_never_ran_mentions_only_the_metric():
    """An event throttled until its maximum age never ran: no log lines to point at, only the metric."""
    sim = _busy_then_async({"event_invoke_config": {"maximum_event_age_in_seconds": 60}})
    dropped = next(s for s in sim.recorder.steps if "dropped" in s.tags)
    assert "AsyncEventsDropped" in dropped.narration and "CloudWatch Logs" not in dropped.narration


def test_dlq_needs_the_execution_role_permission():
    """Without sqs:SendMessage the DLQ delivery is denied and shown as lost."""
    sim = _async({"faults": {"fail": "always"}, "dead_letter_queue": "dlq",
                  "event_invoke_config": {"maximum_retry_attempts": 0}}, policies=[])
    dead = _steps(sim, "dead-letter")[0]
    assert dead.permission.decision == "deny" and "denied" in dead.tags
    assert sim.services["queues"].messages["dlq"] == []


def test_throttled_event_backs_off_from_1s_and_expires_at_max_age():
    """All reserved copies busy: the event is retried after 1 s, 2 s, 4 s, … and expires at its
    maximum age (§4 ASY)."""
    sim = _busy_then_async({"dead_letter_queue": "dlq",
                            "event_invoke_config": {"maximum_event_age_in_seconds": 60}})
    throttles = [s.time_ms for s in _steps(sim, "throttle")]
    gaps = [b - a for a, b in zip(throttles, throttles[1:])]
    assert gaps[:4] == [1_000.0, 2_000.0, 4_000.0, 8_000.0]
    assert throttles[-1] <= 60_000
    assert len(sim.services["queues"].messages["dlq"]) == 1
    assert len(_steps(sim, "execute")) == 1  # only the synchronous invoke ran
    attrs = sim.services["queues"].messages["dlq"][0]["MessageAttributes"]
    assert attrs["ErrorCode"]["StringValue"] == "429"  # it never ran: only throttled


def test_throttle_backoff_is_capped_at_5_minutes():
    """The throttle backoff grows to 5 minutes and stays there."""
    sim = _busy_then_async({"event_invoke_config": {"maximum_event_age_in_seconds": 3600}})
    throttles = [s.time_ms for s in _steps(sim, "throttle")]
    gaps = [b - a for a, b in zip(throttles, throttles[1:])]
    assert max(gaps) == 300_000.0 and gaps[-1] == 300_000.0


@settings(max_examples=25, deadline=None)
@given(retries=st.integers(0, 2), fail_first=st.integers(0, 4), dlq=st.booleans(),
       destination=st.booleans(), events=st.integers(1, 4))
def test_every_async_event_ends_somewhere(retries, fail_first, dlq, destination, events):
    """Each event either succeeds within its attempts, or reaches the DLQ/destination, or is
    dropped loudly; never silently lost."""
    fn = {"faults": {"fail_first_attempts": fail_first},
          "event_invoke_config": {"maximum_retry_attempts": retries,
                                  **({"on_failure": "failures"} if destination else {})},
          **({"dead_letter_queue": "dlq"} if dlq else {})}
    sc = scenario({"echo": function(**fn)}, extra={**QUEUES, "echo-role": {
        "type": "iam_role", "trusts": "lambda.amazonaws.com", "policies": SEND}})
    sim = simulation(sc)
    for i in range(events):
        invoke(sim, invocation_type="Event", at=i * 10_000)
    sim.env.run()
    q = sim.services["lambda"].async_queue
    assert q.counts["succeeded"] + q.counts["dropped"] + (
        len(sim.services["queues"].messages["failures"]) if destination else
        len(sim.services["queues"].messages["dlq"])) == events
    assert all(not v for v in q.events.values())
    runs = len([s for s in sim.recorder.steps if s.kind == "execute"])
    assert runs <= events * (retries + 1)
