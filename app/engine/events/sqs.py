"""The SQS event Lambda builds for a batch of messages (lambda-behaviour.md §14, SQS22, GOEV).

Field by field: `messageId`, `receiptHandle` (new on every receive), `body`, `attributes`
(ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp; FIFO adds
SequenceNumber, MessageGroupId, MessageDeduplicationId; every value a string), then
`messageAttributes` ({name: {stringValue, stringListValues, binaryListValues, dataType}}),
`md5OfMessageAttributes` when there are any, `md5OfBody`, `eventSource` "aws:sqs",
`eventSourceARN` and `awsRegion`.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any


def md5_of_body(body: str) -> str:
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def md5_of_message_attributes(attributes: dict[str, str]) -> str:
    """SQS's MD5OfMessageAttributes for String attributes: for each name in sorted order, the
    length-prefixed name, data type, transport type 1 (string) and length-prefixed value."""
    data = b""
    for name in sorted(attributes):
        for part in (name, "String"):
            raw = part.encode("utf-8")
            data += struct.pack(">I", len(raw)) + raw
        value = attributes[name].encode("utf-8")
        data += b"\x01" + struct.pack(">I", len(value)) + value
    return hashlib.md5(data).hexdigest()


def sqs_record(message, *, receipt_handle: str, queue_arn: str, region: str,
               epoch_ms) -> dict[str, Any]:
    """One entry of the event's `Records` for `message` (an `app.engine.sqs.Message`).

    `epoch_ms(t)`: wall-clock milliseconds for simulated time `t`."""
    attributes = {
        "ApproximateReceiveCount": str(message.receive_count),
        "SentTimestamp": str(epoch_ms(message.sent_ms)),
        "SenderId": message.sender_id,
        "ApproximateFirstReceiveTimestamp": str(epoch_ms(message.first_receive_ms)),
    }
    if message.sequence_number is not None:  # FIFO only (a fair standard queue has groups too)
        attributes.update({"SequenceNumber": message.sequence_number,
                           "MessageGroupId": message.group_id,
                           "MessageDeduplicationId": message.deduplication_id})
    record: dict[str, Any] = {
        "messageId": message.message_id,
        "receiptHandle": receipt_handle,
        "body": message.body,
        "attributes": attributes,
        "messageAttributes": {name: {"stringValue": value, "stringListValues": [],
                                     "binaryListValues": [], "dataType": "String"}
                              for name, value in message.attributes.items()},
    }
    if message.attributes:
        record["md5OfMessageAttributes"] = md5_of_message_attributes(message.attributes)
    record.update({"md5OfBody": md5_of_body(message.body), "eventSource": "aws:sqs",
                   "eventSourceARN": queue_arn, "awsRegion": region})
    return record
