"""builtin.forward: pass every record it receives on to `to` (a table, queue, topic, stream or
bucket) through the simulated SDK, one write per record, with the execution role's rights.

What it forwards from each record: an SNS record's `Sns.Message`, an SQS record's `body`, a
Kinesis record's decoded `data`, a DynamoDB stream record's `NewImage` (as a plain item), any
other record (S3) as JSON; an event without `Records` (an API Gateway request, a scheduled
event) is one record itself, and an API Gateway request forwards its `body` (and gets a 200 proxy
response back, so the API answers its caller).
How it writes, by the kind of `to`: DynamoDB PutItem (a JSON object is the item; other text
becomes `{id, message}`), SQS SendMessage, SNS Publish, Kinesis PutRecord (partition key: the
record's position), S3 PutObject (`forwarded/<request id>-<n>.json`). A denied or refused call
raises ClientError: a function error, as in a real function. Writes to SNS, SQS and S3 carry the
invocation's loop chain, so Lambda can stop a loop through them (lambda-behaviour.md §13 A2).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from app.engine.events.dynamodb import from_typed_item, to_typed_item
from app.scenario.handler_options import ForwardOptions


def payload_of(record: dict[str, Any]) -> Any:
    """What one record carries, as the code would pick it out."""
    if "Sns" in record:
        return record["Sns"].get("Message")
    if record.get("eventSource") == "aws:sqs":
        return record.get("body")
    if "kinesis" in record:
        return base64.b64decode(record["kinesis"]["data"]).decode("utf-8", "replace")
    if "dynamodb" in record:
        image = record["dynamodb"].get("NewImage") or record["dynamodb"].get("Keys", {})
        return from_typed_item(image)
    if "httpMethod" in record or "requestContext" in record and "body" in record:
        return record.get("body")
    return record


def _text(payload: Any) -> str:
    return payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"),
                                                              default=str)


def _item(payload: Any, request_id: str, n: int) -> dict[str, Any]:
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            pass
    if isinstance(payload, dict):
        return payload
    return {"id": f"{request_id}-{n}", "message": payload}


def handler(event, context):
    """Lambda entry point: one write to `options.to` per record; returns how many."""
    options = context.options
    if not isinstance(options, ForwardOptions):
        options = ForwardOptions.model_validate(options or {})
    records = event.get("Records") if isinstance(event, dict) else None
    records = records if isinstance(records, list) else [event]
    kind = context.sdk.kind_of(options.to)
    _, _, _, region, account = context.invoked_function_arn.split(":")[:5]
    for n, record in enumerate(records, start=1):
        payload = payload_of(record) if isinstance(record, dict) else record
        if kind == "dynamodb_table":
            item = _item(payload, context.aws_request_id, n)
            context.sdk.dynamodb.put_item(TableName=options.to, Item=to_typed_item(item))
        elif kind == "sqs_queue":
            context.sdk.sqs.send_message(
                QueueUrl=f"https://sqs.{region}.amazonaws.com/{account}/{options.to}",
                MessageBody=_text(payload))
        elif kind == "sns_topic":
            context.sdk.sns.publish(TopicArn=f"arn:aws:sns:{region}:{account}:{options.to}",
                                    Message=_text(payload))
        elif kind == "kinesis_stream":
            context.sdk.kinesis.put_record(StreamName=options.to, Data=_text(payload),
                                           PartitionKey=str(n))
        else:
            context.sdk.s3.put_object(Bucket=options.to,
                                      Key=f"forwarded/{context.aws_request_id}-{n}.json",
                                      Body=_text(payload).encode(), ContentType="application/json")
        print(f"Forwarded record {n} to {options.to}")
    result = {"forwarded": len(records), "to": options.to}
    if isinstance(event, dict) and "httpMethod" in event:  # API Gateway waits for a proxy reply
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps(result)}
    return result
