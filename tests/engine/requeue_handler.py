"""A test-only handler: sends every message it gets back to the queue it came from (a loop)."""

from __future__ import annotations


def handler(event, context):
    for record in event["Records"]:
        queue = record["eventSourceARN"].rsplit(":", 1)[-1]
        context.sdk.sqs.send_message(QueueUrl=f"https://sqs.us-east-1.amazonaws.com/123456789012/{queue}",
                                     MessageBody=record["body"])
    return {"sent": len(event["Records"])}
