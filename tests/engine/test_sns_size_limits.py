"""SNS's 256 KiB message size, at Publish and where Lambda publishes for a function.

Sources: docs/reference/lambda-behaviour.md §20 (SNSPUB, SNSLARGE: a topic takes 262,144 bytes
unless MaximumMessageSize is raised; over it Publish answers 400 InvalidParameter), §4 (ONF: an
SNS destination drops the payload when request and response together are over 256 KB), §13 A3a
(RET, MET: a DLQ message too large for its target is not delivered: DeadLetterErrors).
"""

from __future__ import annotations

import json

import pytest

from app.engine.run import run
from app.engine.sns_limits import SNS_MAX_BYTES, message_size, without_payload
from lambda_scenarios import function, invoke, scenario, simulation
from tests.engine.messaging_scenarios import fan_out

BIG = "x" * 300_000  # over 256 KiB, under the 1 MB of an asynchronous invoke (§2)
PUBLISH = [{"action": ["sqs:SendMessage", "sns:Publish"], "resource": "*"}]


def _publish(message: str):
    return run(fan_out(script=[{"at": 0, "actor": "user", "action": "publish",
                                "topic": "uploads", "message": message}]))


def test_a_publish_over_256_kib_is_refused_with_invalid_parameter():
    trace = _publish(BIG)
    (error,) = [s for s in trace if s.kind == "error" and s.status == 400]
    assert error.payload["Error"]["Code"] == "InvalidParameter"
    assert "§20" in error.narration and "SNSLARGE" in error.narration
    assert not [s for s in trace if s.kind == "invoke"]  # no subscriber hears of it
    assert not [s for s in trace if s.kind == "response" and s.status == 200]


def test_a_publish_of_exactly_256_kib_is_accepted():
    trace = _publish("x" * SNS_MAX_BYTES)
    assert not [s for s in trace if s.status == 400]
    assert [s for s in trace if s.kind == "invoke"]


def test_the_size_counts_utf8_bytes_and_attributes():
    assert message_size("é") == 2
    assert message_size("m", {"kind": "test"}) == 1 + len("kind") + len("String") + len("test")


def _failing_async(target_type: str, **config):
    """A function that always fails, invoked with a 300 KB event, its DLQ or on-failure
    destination being `out` (an SNS topic or SQS queue)."""
    config.setdefault("event_invoke_config", {"maximum_retry_attempts": 0})
    sc = scenario({"echo": function(faults={"fail": "always"}, **config)},
                  extra={"out": {"type": target_type},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": PUBLISH}})
    sim = simulation(sc)
    invoke(sim, invocation_type="Event", payload={"a": BIG})
    sim.env.run()
    return sim.recorder.steps


def test_an_sns_dead_letter_queue_cannot_take_an_event_over_256_kib():
    steps = _failing_async("sns_topic", dead_letter_queue="out")
    (dead,) = [s for s in steps if s.kind == "dead-letter"]
    assert "delivery-failed" in dead.tags and "DeadLetterErrors" in dead.summary
    assert "§13 A3a" in dead.narration
    deleted = next(s for s in steps if s.kind == "error" and "EVENT DELETED" in s.summary)
    assert "DeadLetterErrors" in deleted.summary
    assert "larger than out takes" in deleted.narration and "refused when it is saved" not in (
        deleted.narration)


def test_an_sqs_dead_letter_queue_still_takes_it():
    steps = _failing_async("sqs_queue", dead_letter_queue="out")
    (dead,) = [s for s in steps if s.kind == "dead-letter"]
    assert "delivery-failed" not in dead.tags and "denied" not in dead.tags


def test_an_sns_on_failure_destination_gets_the_record_without_its_payload():
    steps = _failing_async("sns_topic", event_invoke_config={"maximum_retry_attempts": 0,
                                                             "on_failure": "out"})
    (record,) = [s for s in steps if s.kind == "destination" and s.source == "lambda"]
    assert "requestPayload" not in record.payload and "responsePayload" not in record.payload
    assert record.payload["requestContext"]["condition"] == "RetriesExhausted"
    assert "without its payload" in record.summary and "ONF" in record.narration
    assert "delivery-failed" not in record.tags  # it is delivered, only smaller


def test_an_sqs_on_failure_destination_keeps_the_payload():
    steps = _failing_async("sqs_queue", event_invoke_config={"maximum_retry_attempts": 0,
                                                             "on_failure": "out"})
    (record,) = [s for s in steps if s.kind == "destination" and s.source == "lambda"]
    assert record.payload["requestPayload"] == {"a": BIG}


@pytest.mark.parametrize("size", [10, SNS_MAX_BYTES - 200])
def test_a_small_record_keeps_its_payload(size):
    record = {"requestContext": {}, "requestPayload": {"a": "x" * size}, "responsePayload": None}
    sent, weighed = without_payload(record)
    assert sent is record and weighed == len(json.dumps(record["requestPayload"],
                                                        separators=(",", ":"))) + 4


def test_function_code_publishing_over_256_kib_gets_invalid_parameter():
    """The SDK's Publish from a function gets the same 400: botocore raises ClientError
    (InvalidParameter), the invoke fails with it, and nothing reaches the topic."""
    sc = scenario({"fwd": function(handler="builtin.forward", options={"to": "out"},
                                   role="echo-role")},
                  extra={"out": {"type": "sns_topic"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": PUBLISH}},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "fwd",
                           "payload": {"a": BIG}}])
    sim = simulation(sc)
    box = invoke(sim, function="fwd", payload={"a": BIG})
    sim.env.run()
    response = box["response"]
    assert response.function_error == "Unhandled"
    assert "InvalidParameter" in response.payload["errorMessage"]
    assert sim.services["sns"].published["out"] == 0


def test_a_topic_with_a_raised_maximum_message_size_takes_the_larger_message():
    """§20 (SNSLARGE): MaximumMessageSize up to 1 MiB; the same 300 KB message is accepted."""
    sc = fan_out(script=[{"at": 0, "actor": "user", "action": "publish", "topic": "uploads",
                          "message": BIG}])
    sc.resources["uploads"] = sc.resources["uploads"].model_copy(
        update={"maximum_message_size": 1_048_576})
    trace = run(sc)
    assert not [s for s in trace if s.status == 400]
    assert [s for s in trace if s.kind == "invoke"]


def test_a_dead_letter_topic_with_a_raised_size_takes_the_event():
    sc_steps = _failing_async("sns_topic", dead_letter_queue="out")
    assert "delivery-failed" in [s for s in sc_steps if s.kind == "dead-letter"][0].tags
    sc = scenario({"echo": function(faults={"fail": "always"}, dead_letter_queue="out",
                                    event_invoke_config={"maximum_retry_attempts": 0})},
                  extra={"out": {"type": "sns_topic", "maximum_message_size": 1_048_576},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": PUBLISH}})
    sim = simulation(sc)
    invoke(sim, invocation_type="Event", payload={"a": BIG})
    sim.env.run()
    (dead,) = [s for s in sim.recorder.steps if s.kind == "dead-letter"]
    assert "delivery-failed" not in dead.tags and "denied" not in dead.tags
