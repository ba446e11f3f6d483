"""Where an asynchronous event goes when Lambda will not or cannot run it (issue 8, items 1 and 4).

Sources: docs/reference/lambda-behaviour.md §4 and §13 A1, A3
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html,
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from lambda_scenarios import function, invoke, scenario, simulation

QUEUES = {"dlq": {"type": "sqs_queue"}, "failures": {"type": "sns_topic"}}
SEND = [{"action": ["sqs:SendMessage", "sns:Publish"], "resource": "*"}]


def _async(fn_overrides, policies=SEND, invocation_type="Event"):
    sc = scenario({"echo": function(**fn_overrides)},
                  extra={**QUEUES, "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                                 "policies": policies}})
    sim = simulation(sc)
    box = invoke(sim, invocation_type=invocation_type)
    sim.env.run()
    return sim, box


def _steps(sim, kind):
    return [s for s in sim.recorder.steps if s.kind == kind]


# ------------------------------------------------------------------ item 1: reserved concurrency 0
@pytest.mark.parametrize("target", ["dead_letter_queue", "on_failure"])
def test_reserved_zero_sends_async_event_straight_to_the_failure_target_without_retries(target):
    """§13 A1 (RET): with reserved concurrency 0, new async events go straight to the DLQ or
    on-failure destination, without any retries; nothing waits in the queue for 6 hours."""
    where = ({"dead_letter_queue": "dlq"} if target == "dead_letter_queue"
             else {"event_invoke_config": {"on_failure": "failures"}})
    sim, _ = _async({"reserved_concurrent_executions": 0, **where})
    throttles = _steps(sim, "throttle")
    assert len(throttles) == 1, "one refusal, no backoff retries"
    assert _steps(sim, "retry") == [] and _steps(sim, "execute") == []
    queue = "dlq" if target == "dead_letter_queue" else "failures"
    assert len(sim.services["queues"].messages[queue]) == 1
    assert sim.now < 1_000.0, "the event is handed over at once, not after hours of retries"
    assert "without any retries" in throttles[0].narration
    assert sim.services["lambda"].async_queue.counts["dropped"] == 0


def test_reserved_zero_without_dlq_or_destination_drops_the_event_and_names_the_metric():
    """§13 A1 (RET, MET): with neither set, the event is dropped: AsyncEventsDropped."""
    sim, _ = _async({"reserved_concurrent_executions": 0})
    assert len(_steps(sim, "throttle")) == 1 and _steps(sim, "retry") == []
    dropped = [s for s in sim.recorder.steps if "dropped" in s.tags]
    assert len(dropped) == 1
    assert "reserved concurrency 0" in dropped[0].narration
    assert "AsyncEventsDropped" in dropped[0].narration
    assert "older than the maximum event age" not in dropped[0].narration
    assert sim.services["lambda"].async_queue.counts["dropped"] == 1


def test_reserved_zero_sync_invoke_keeps_its_429():
    """§1 (INV, ERR) and §11 (CON): a synchronous invoke of a reserved-0 function gets 429."""
    sim, box = _async({"reserved_concurrent_executions": 0, "dead_letter_queue": "dlq"},
                      invocation_type="RequestResponse")
    assert box["response"].status == 429
    assert sim.services["queues"].messages["dlq"] == []


# ------------------------------------------------------------------ item 4: delivery that fails
def test_denied_dlq_delivery_deletes_the_event_and_counts_dead_letter_errors():
    """§13 A3a (RET, MET): if Lambda cannot send to the DLQ it deletes the event and emits
    DeadLetterErrors; it never claims the function has no dead-letter queue."""
    sim, _ = _async({"faults": {"fail": "always"}, "dead_letter_queue": "dlq",
                     "event_invoke_config": {"maximum_retry_attempts": 0}}, policies=[])
    dead = _steps(sim, "dead-letter")[0]
    assert dead.permission.decision == "deny"
    assert "DeadLetterErrors" in dead.narration + dead.summary
    texts = " ".join(s.summary + " " + s.narration for s in sim.recorder.steps)
    assert "has no dead-letter queue" not in texts
    assert "no dead-letter queue or on-failure destination" not in texts
    gone = [s for s in sim.recorder.steps if "dropped" in s.tags]
    assert len(gone) == 1 and "deletes" in gone[0].narration
    assert "DeadLetterErrors" in gone[0].narration
    assert sim.services["queues"].messages["dlq"] == []


def test_denied_destination_delivery_counts_destination_delivery_failures():
    """§13 A3b (RET, MET): an on-failure destination the role may not publish to:
    DestinationDeliveryFailures, and the event is deleted."""
    sim, _ = _async({"faults": {"fail": "always"},
                     "event_invoke_config": {"maximum_retry_attempts": 0, "on_failure": "failures"}},
                    policies=[])
    sent = _steps(sim, "destination")[0]
    assert sent.permission.decision == "deny"
    assert "DestinationDeliveryFailures" in sent.narration + sent.summary
    gone = [s for s in sim.recorder.steps if "dropped" in s.tags]
    assert len(gone) == 1 and "DestinationDeliveryFailures" in gone[0].narration
    assert "no dead-letter queue or on-failure destination" not in gone[0].narration


def test_one_failed_target_of_two_keeps_the_event_at_the_other():
    """DLQ denied but the destination allowed: the event is not lost, the DLQ miss is counted."""
    sim, _ = _async({"faults": {"fail": "always"}, "dead_letter_queue": "dlq",
                     "event_invoke_config": {"maximum_retry_attempts": 0, "on_failure": "failures"}},
                    policies=[{"action": "sns:Publish", "resource": "*"}])
    assert [s for s in sim.recorder.steps if "dropped" in s.tags] == []
    record = json.loads(sim.services["queues"].messages["failures"][0]["Message"])
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert "DeadLetterErrors" in _steps(sim, "dead-letter")[0].narration


@settings(max_examples=30, deadline=None)
@given(reserved_zero=st.booleans(), dlq=st.booleans(), destination=st.booleans(),
       may_send=st.booleans(), events=st.integers(1, 3))
def test_every_refused_or_failed_event_is_delivered_or_counted_as_gone_once(
        reserved_zero, dlq, destination, may_send, events):
    """Invariant (§4, §13 A1, A3): each async event that cannot succeed is either delivered to a
    DLQ/destination or counted once as gone; with reserved concurrency 0 nothing is retried and
    the code never runs."""
    fn = {"faults": {"fail": "always"},
          "event_invoke_config": {"maximum_retry_attempts": 0,
                                  **({"on_failure": "failures"} if destination else {})},
          **({"dead_letter_queue": "dlq"} if dlq else {}),
          **({"reserved_concurrent_executions": 0} if reserved_zero else {})}
    sc = scenario({"echo": function(**fn)}, extra={**QUEUES, "echo-role": {
        "type": "iam_role", "trusts": "lambda.amazonaws.com",
        "policies": SEND if may_send else []}})
    sim = simulation(sc)
    for i in range(events):
        invoke(sim, invocation_type="Event", at=i * 1_000.0)
    sim.env.run()
    messages = sim.services["queues"].messages
    delivered = max(len(messages["dlq"]), len(messages["failures"]))
    gone = sim.services["lambda"].async_queue.counts["dropped"]
    assert delivered + gone == events
    assert gone == (0 if may_send and (dlq or destination) else events)
    assert len([s for s in sim.recorder.steps if "dropped" in s.tags]) == gone
    if reserved_zero:
        assert not [s for s in sim.recorder.steps if s.kind in ("execute", "retry")]
