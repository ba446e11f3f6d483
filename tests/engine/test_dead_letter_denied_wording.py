"""A dead-letter delivery the execution role may not make leaves no message, so its narration
does not describe the message attributes (RequestID, ErrorCode, ErrorMessage) of one; a delivered
message still gets that sentence (docs/reference/lambda-behaviour.md §4 ASY, §13 A3;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html)."""

from __future__ import annotations

from app.engine import run
from lambda_scenarios import function, scenario

ATTRIBUTES = "The message attributes RequestID, ErrorCode and ErrorMessage"


def _dead_letter_run(role_actions):
    sc = scenario({"echo": function(faults={"fail": "always"}, dead_letter_queue="dlq",
                                    event_invoke_config={"maximum_retry_attempts": 0})},
                  extra={"dlq": {"type": "sqs_queue"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": [{"action": a} for a in role_actions]}},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "invocation_type": "Event"}])
    return [s for s in run(sc) if s.kind == "dead-letter"]


def test_denied_dead_letter_does_not_describe_a_message_that_was_never_sent():
    steps = _dead_letter_run(["logs:CreateLogStream"])
    assert len(steps) == 1 and "denied" in steps[0].tags
    assert ATTRIBUTES not in steps[0].narration


def test_delivered_dead_letter_still_names_its_attributes():
    steps = _dead_letter_run(["sqs:SendMessage"])
    assert len(steps) == 1 and "denied" not in steps[0].tags
    assert ATTRIBUTES in steps[0].narration
