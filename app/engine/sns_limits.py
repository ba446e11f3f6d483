"""The size an SNS topic accepts, and what Lambda does when a record is larger.

A topic takes messages up to its `MaximumMessageSize`, 256 KiB (262,144 bytes) unless set; SNS
counts the UTF-8 message body and the message attributes together, and a larger Publish fails
with 400 `InvalidParameter` (docs/reference/lambda-behaviour.md §20, SNSPUB, SNSLARGE;
https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html). A topic's
`maximum_message_size` sets it (1,024 bytes to 1 MiB). Lambda publishing for a function:

- an SNS **destination** (on-failure or on-success): when the invocation's request and response
  payloads together are over 256 KB, Lambda still sends the record but drops the payload
  (§4, ONF: https://docs.aws.amazon.com/lambda/latest/api/API_OnFailure.html; the page names
  256 KB whatever the topic's size, and so does LambdaScope);
- an SNS **dead-letter queue**: the event itself is the message, so one larger than the topic's
  size cannot be sent;
  Lambda deletes the event and counts `DeadLetterErrors` (§13 A3a, RET, MET).

Qt-free; used by app.engine.sns (Publish) and app.engine.async_queue (DLQ and destinations).
"""

from __future__ import annotations

import json
from typing import Any

SNS_MAX_BYTES = 262_144  # §20 (SNSPUB, SNSLARGE): a topic's MaximumMessageSize unless set
TOO_LONG = "Invalid parameter: Message too long"  # (observed) the Message of the 400 answer


def message_size(message: str, attributes: dict[str, Any] | None = None) -> int:
    """Bytes SNS counts for a Publish: the message as UTF-8 plus, per attribute, its name, data
    type and value (the way SQS counts attributes too; the SNS page only says both count)."""
    size = len(message.encode())
    for name, value in (attributes or {}).items():
        kind = "String" if isinstance(value, str) else "Number"
        if isinstance(value, dict):  # {DataType, StringValue} as the API carries it
            kind, value = value.get("DataType", "String"), value.get("StringValue", "")
        size += len(name.encode()) + len(kind) + len(str(value).encode())
    return size


def too_long(message: str, attributes: dict[str, Any] | None = None,
             limit: int = SNS_MAX_BYTES) -> bool:
    """Would a topic whose MaximumMessageSize is `limit` (bytes) refuse this Publish?"""
    return message_size(message, attributes) > limit


def too_long_error() -> dict[str, Any]:
    """The body of SNS's 400 answer to a message over the limit (§20 SNSLARGE: InvalidParameter)."""
    return {"Error": {"Code": "InvalidParameter", "Message": TOO_LONG}}


def payload_bytes(record: dict[str, Any]) -> int:
    """The size of a destination record's request and response payloads together (§4, ONF)."""
    return sum(len(json.dumps(record[key], separators=(",", ":")).encode())
               for key in ("requestPayload", "responsePayload") if key in record)


def without_payload(record: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """(the record as Lambda sends it to an SNS destination, the payload bytes it weighed):
    with `requestPayload` and `responsePayload` left out when together they are over 256 KB
    (§4, ONF). Which fields go is our reading of "drops the payload"; the rest stays."""
    size = payload_bytes(record)
    if size <= SNS_MAX_BYTES:
        return record, size
    return {k: v for k, v in record.items() if k not in ("requestPayload", "responsePayload")}, size


def dead_letter_too_large(body: str, attributes: dict[str, str],
                          limit: int = SNS_MAX_BYTES) -> str | None:
    """Why Lambda cannot send this event to an SNS dead-letter queue whose MaximumMessageSize is
    `limit` (a sentence ending with the metric, §13 A3a), or None when it fits. `body`: the
    event as JSON; `attributes`: RequestID, ErrorCode and ErrorMessage, which count too."""
    size = message_size(body, attributes)
    if size <= limit:
        return None
    return (f"the event and its attributes come to {size:,} bytes, more than the topic's "
            f"MaximumMessageSize of {limit:,} bytes"
            + (" (256 KiB, the default)" if limit == SNS_MAX_BYTES else "")
            + ". Publish refuses it, so the delivery fails and Lambda counts it in the "
            "DeadLetterErrors metric (lambda-behaviour.md §13 A3a, §20 SNSPUB).")


def sns_destination_record(record: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """(the record Lambda publishes to an SNS destination, a sentence saying what it left out or
    None): over 256 KB of request and response payload, Lambda drops the payload (§4, ONF)."""
    sent, size = without_payload(record)
    if sent is record:
        return record, None
    return sent, (f"The invocation's request and response payloads come to {size:,} bytes, more "
                  f"than the 256 KB an SNS destination takes, so Lambda sends the record without "
                  f"them (requestPayload and responsePayload are left out; the context fields "
                  f"stay). The event itself cannot be read back from this record "
                  f"(lambda-behaviour.md §4, ONF).")


def fit_for_topic(topic, body: Any, attributes: dict[str, str] | None
                  ) -> tuple[Any, str | None, str | None]:
    """What Lambda sends to SNS topic `topic` (its scenario model): (the body, a sentence when a
    destination record lost its payload, a sentence when a dead-letter message is too large
    to send). `attributes`: a dead-letter message's (None for a destination record)."""
    if attributes:
        return body, None, dead_letter_too_large(json.dumps(body), attributes,
                                                 topic.maximum_message_size)
    sent, trimmed = sns_destination_record(body)
    return sent, trimmed, None
