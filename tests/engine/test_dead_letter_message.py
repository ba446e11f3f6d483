"""The dead-letter message: the event as a JSON string body, and why it failed in ErrorMessage.

Source: docs/reference/lambda-behaviour.md §4 (ASY: the DLQ gets the event; attributes RequestID,
ErrorCode, ErrorMessage; https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
An SQS message body is always a string (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
"""

from __future__ import annotations

import json

from lambda_scenarios import function, invoke, scenario, simulation

SEND = [{"action": ["sqs:SendMessage"], "resource": "*"}]


def _dead_letter(fn_overrides):
    sc = scenario({"echo": function(dead_letter_queue="dlq",
                                    event_invoke_config={"maximum_retry_attempts": 0},
                                    **fn_overrides)},
                  extra={"dlq": {"type": "sqs_queue"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": SEND}})
    sim = simulation(sc)
    invoke(sim, invocation_type="Event", payload={"orderId": "7"})
    sim.env.run()
    step = next(s for s in sim.recorder.steps if s.kind == "dead-letter")
    return sim, step


def test_message_body_is_the_event_as_a_json_string():
    sim, step = _dead_letter({"faults": {"fail": "always"}})
    assert isinstance(step.payload["MessageBody"], str)
    assert json.loads(step.payload["MessageBody"]) == {"orderId": "7"}
    stored = sim.services["queues"].messages["dlq"][0]
    assert stored["Body"] == step.payload["MessageBody"]


def test_error_message_holds_the_error_for_failures_and_timeouts():
    for faults in ({"fail": "always"}, {"time_out": True}):
        sim, step = _dead_letter({"faults": faults})
        error = next(s for s in sim.recorder.steps if s.kind == "result").payload
        message = step.payload["MessageAttributes"]["ErrorMessage"]["StringValue"]
        assert message and message == error["errorMessage"][:1024]
