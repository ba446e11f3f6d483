"""builtin.forward (issue 10, item 10): function code that writes to other services through the
SDK, one write per record, with the execution role checked; chains work end to end and loops
through SNS are stopped by Lambda (lambda-behaviour.md §13 A2)."""

from __future__ import annotations

import base64
import json

from app.engine.recursion import LIMIT
from app.engine.run import run
from tests.engine.messaging_scenarios import fan_out
from tests.engine.source_scenarios import build


def _chain(to: str, extra: dict, role_actions=("*",), payload=None):
    resources = {
        "app": {"type": "actor", "kind": "custom_app",
                "policies": [{"action": "lambda:InvokeFunction", "resource": "*"}]},
        "fwd-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                     "policies": [{"action": list(role_actions), "resource": "*"}]},
        "forward": {"type": "function", "handler": "builtin.forward", "role": "fwd-role",
                    "options": {"to": to}, "duration": "50ms"},
        **extra,
    }
    script = [{"at": 0, "actor": "app", "action": "invoke", "function": "forward",
               "payload": payload if payload is not None else {"Records": [
                   {"eventSource": "aws:sqs", "body": json.dumps({"id": "o-1", "total": 5})},
                   {"eventSource": "aws:sqs", "body": "plain text"}]}}]
    return build(resources, script, {"stop_after": "30s"})


def _dumped(sc) -> dict:
    """The resources as file data again (durations are stored in ms, files say "ms")."""
    out = {k: v.model_dump(exclude_none=True) for k, v in sc.resources.items()}
    for data in out.values():
        for key in ("duration", "init_duration"):
            if isinstance(data.get(key), float):
                data[key] = f"{data[key]:g}ms"
    return out


def _calls(trace, target):
    return [s for s in trace if s.kind == "sdk-call" and s.target == target]


def test_forward_to_a_table_writes_one_item_per_record_and_its_stream_feeds_a_function():
    """API → function → table → stream → function, end to end."""
    extra = {"orders": {"type": "dynamodb_table", "stream": {"view_type": "NEW_IMAGE"}},
             "reader-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                             "managed_policies": ["AWSLambdaDynamoDBExecutionRole"]},
             "reader": {"type": "function", "handler": "builtin.echo", "role": "reader-role"},
             "orders-to-reader": {"type": "event_source_mapping", "source": "orders",
                                  "function": "reader", "starting_position": "TRIM_HORIZON"}}
    trace = run(_chain("orders", extra))
    calls = _calls(trace, "orders")
    assert [c.payload["operation"] for c in calls] == ["PutItem", "PutItem"]
    assert calls[0].payload["params"]["Item"] == {"id": {"S": "o-1"}, "total": {"N": "5"}}
    assert calls[1].payload["params"]["Item"]["message"] == {"S": "plain text"}
    batch = next(s for s in trace if s.kind == "invoke" and s.target == "reader")
    images = [r["dynamodb"]["NewImage"] for r in batch.payload["Records"]]
    assert images[0] == {"id": {"S": "o-1"}, "total": {"N": "5"}}
    assert len(images) == 2


def test_forward_to_a_stream_bucket_and_queue():
    extra = {"clicks": {"type": "kinesis_stream"}, "archive": {"type": "s3_bucket"},
             "outbox": {"type": "sqs_queue"}}
    for to, operation in (("clicks", "PutRecord"), ("archive", "PutObject"), ("outbox", "SendMessage")):
        trace = run(_chain(to, extra))
        calls = _calls(trace, to)
        assert [c.payload["operation"] for c in calls] == [operation, operation], to
        assert calls[0].permission.decision == "allow"


def test_the_execution_role_is_checked_and_a_denied_write_is_a_function_error():
    trace = run(_chain("outbox", {"outbox": {"type": "sqs_queue"}}, role_actions=("s3:PutObject",)))
    (call,) = _calls(trace, "outbox")
    assert call.permission.decision == "deny" and "denied" in call.tags
    result = next(s for s in trace if s.kind == "result" and s.source == "forward")
    assert "function-error" in result.tags


def test_a_sns_message_forwards_its_message_text():
    sc = fan_out(subscribers=("forward",), fn_overrides={"forward": {
        "handler": "builtin.forward", "options": {"to": "archive"}, "role": "fwd-role"}})
    resources = {**_dumped(sc),
                 "archive": {"type": "s3_bucket"},
                 "fwd-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                              "policies": [{"action": "s3:PutObject", "resource": "*"}]}}
    trace = run(build(resources, [s.model_dump() for s in sc.script]))
    (call,) = _calls(trace, "archive")
    assert call.payload["params"]["Body"] == "<5 bytes>"  # "hello", the Sns.Message


def test_forwarding_back_into_the_same_topic_is_a_loop_lambda_stops():
    """topic → forward → same topic: the chain travels through SNS and Lambda stops it."""
    sc = fan_out(subscribers=("forward",), fn_overrides={"forward": {
        "handler": "builtin.forward", "options": {"to": "uploads"}}})
    resources = _dumped(sc)
    resources["fn-role"]["policies"] = [{"action": "sns:Publish", "resource": "*"}]
    trace = run(build(resources, [s.model_dump() for s in sc.script]))
    assert len([s for s in trace if s.kind == "execute" and s.target == "forward"]) == LIMIT
    assert len([s for s in trace if "recursion" in s.tags and "stopped" in s.tags]) == 1


def test_kinesis_data_is_decoded_before_forwarding():
    record = {"kinesis": {"data": base64.b64encode(b'{"id": "k"}').decode()}}
    trace = run(_chain("orders", {"orders": {"type": "dynamodb_table"}}, payload={"Records": [record]}))
    (call,) = _calls(trace, "orders")
    assert call.payload["params"]["Item"] == {"id": {"S": "k"}}


def test_queue_to_function_to_the_same_queue_is_a_loop_lambda_stops():
    """queue → forward → same queue (issue 10, item 10): the chain travels with each message."""
    resources = {
        "app": {"type": "actor", "kind": "custom_app",
                "policies": [{"action": "sqs:SendMessage", "resource": "*"}]},
        "inbox": {"type": "sqs_queue"},
        "fwd-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                     "policies": [{"action": ["sqs:*"], "resource": "*"}]},
        "forward": {"type": "function", "handler": "builtin.forward", "role": "fwd-role",
                    "options": {"to": "inbox"}, "duration": "50ms"},
        "inbox-to-forward": {"type": "event_source_mapping", "source": "inbox",
                             "function": "forward", "batch_size": 1},
    }
    script = [{"at": 0, "actor": "app", "action": "send_message", "queue": "inbox",
               "message_body": "ping"}]
    trace = run(build(resources, script, {"stop_after": "10min"}))
    assert len([s for s in trace if s.kind == "execute" and s.target == "forward"]) == LIMIT
    assert [s for s in trace if "recursion" in s.tags and "stopped" in s.tags]
