"""S3 notifications with a `queue` destination (lambda-behaviour.md §7, §14): S3 sends the S3
event as the SQS message body, after checking the queue policy when the configuration is saved."""

from __future__ import annotations

import json

from app.engine.run import run
from tests.engine.source_scenarios import ACCOUNT, build

S3_TO_QUEUE = {"sid": "AllowS3", "principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::photos",
               "source_account": ACCOUNT}


def _scenario(queue_permissions):
    resources = {
        "user": {"type": "actor", "kind": "user", "policies": [{"action": "s3:PutObject", "resource": "*"}]},
        "photos": {"type": "s3_bucket", "notifications": [
            {"id": "to-queue", "events": ["s3:ObjectCreated:*"], "queue": "uploads"}]},
        "uploads": {"type": "sqs_queue", "permissions": queue_permissions},
        "reader-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                        "policies": [{"action": ["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                                 "sqs:GetQueueAttributes"], "resource": "*"}]},
        "reader": {"type": "function", "handler": "builtin.echo", "role": "reader-role"},
        "uploads-to-reader": {"type": "event_source_mapping", "source": "uploads", "function": "reader"},
    }
    script = [{"at": 0, "actor": "user", "action": "put_object", "bucket": "photos",
               "key": "a b.jpg", "body": "x"}]
    return build(resources, script, {"stop_after": "20s"})


def test_s3_sends_the_event_as_the_message_body_and_the_mapping_delivers_it():
    trace = run(_scenario([S3_TO_QUEUE]))
    send = next(s for s in trace if s.kind == "request" and s.target == "uploads")
    assert send.source == "photos"
    batch = next(s for s in trace if s.kind == "invoke" and s.target == "reader")
    event = json.loads(batch.payload["Records"][0]["body"])
    record = event["Records"][0]
    assert record["eventSource"] == "aws:s3" and record["s3"]["object"]["key"] == "a+b.jpg"
    assert record["s3"]["configurationId"] == "to-queue"


def test_s3_refuses_a_queue_whose_policy_does_not_let_it_send():
    trace = run(_scenario([]))
    assert trace[0].kind == "error" and trace[0].status == 400
    assert "destination queue" in trace[0].payload["Error"]["ArgumentValue"]
    assert not any(s.target == "reader" and s.kind == "invoke" for s in trace)
