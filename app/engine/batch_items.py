"""What streams and queues share about the records of a batch: how a filter and a fault see one
record, which id names it in a partial batch response, and how Lambda reads that response.

- Filtering (lambda-behaviour.md §16, EVF): SQS filters on `body` (JSON-decoded when it is
  JSON), Kinesis on `data` (base64 decoded, then JSON), DynamoDB on the record (`dynamodb`,
  `eventName`, …).
- Partial batch responses (§15, SQSERR, KBF, DBF): `{"batchItemFailures": [{"itemIdentifier":
  ID}]}` where ID is the SQS `messageId`, the Kinesis `kinesis.sequenceNumber` or the DynamoDB
  `dynamodb.SequenceNumber`. Empty or null means full success; a malformed entry, an empty or
  null id, or (SQS) an id not in the batch fails the whole batch.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

_MISSING = object()
MISSING = _MISSING  # what value_at returns for a path that names no field


def json_or_text(text: str) -> Any:
    """`text` read as JSON when it is JSON, else `text` itself (an SQS body, Kinesis data)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def decoded(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its payload readable: SQS `body` and Kinesis `data` JSON-decoded when
    they hold JSON (Kinesis data base64-decoded first). Other records come back as they are."""
    if record.get("eventSource") == "aws:sqs":
        return {**record, "body": json_or_text(record.get("body", ""))}
    if record.get("eventSource") == "aws:kinesis":
        raw = base64.b64decode(record["kinesis"]["data"]).decode("utf-8", "replace")
        return {**record, "kinesis": {**record["kinesis"], "data": json_or_text(raw)}}
    return record


def filter_document(record: dict[str, Any]) -> dict[str, Any]:
    """What a filter pattern is matched against (§16, EVF): Kinesis patterns name `data` (and, in
    the 2022 copy, `partitionKey`) at the top, so the document is the decoded `kinesis` object;
    SQS and DynamoDB patterns name the record's own keys."""
    doc = decoded(record)
    if record.get("eventSource") == "aws:kinesis":
        return doc["kinesis"]
    return doc


def item_identifier(record: dict[str, Any]) -> str | None:
    """The id a partial batch response uses for this record (§15)."""
    source = record.get("eventSource")
    if source == "aws:sqs":
        return record.get("messageId")
    if source == "aws:kinesis":
        return record["kinesis"]["sequenceNumber"]
    if source == "aws:dynamodb":
        return record["dynamodb"]["SequenceNumber"]
    return None


def value_at(record: dict[str, Any], path: str) -> Any:
    """The value at dotted `path` inside one record, or `_MISSING`. JSON text met on the way (an
    SQS body, Kinesis data) is decoded, so `body.status` reads a JSON body's field. A path that
    does not start at the record is tried inside `kinesis` (so `data.input` works too)."""
    doc = decoded(record)
    parts = path.split(".")
    if parts[0] not in doc and isinstance(doc.get("kinesis"), dict):
        doc = doc["kinesis"]
    value: Any = doc
    for part in parts:
        if isinstance(value, str):
            value = json_or_text(value)
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
    return value


def fail_when_matches(fail_when, record: dict[str, Any]) -> bool:
    """Does `faults.fail_when` ({path, equals|contains}) pick this record?"""
    value = value_at(record, fail_when.path)
    if value is _MISSING:
        return False
    if fail_when.contains is not None:
        if isinstance(value, list):
            return any(fail_when.contains == str(v) for v in value)
        text = value if isinstance(value, str) else json.dumps(value)
        return fail_when.contains in text
    want = fail_when.equals
    if value == want and type(value) is not bool or value is want:
        return True
    scalars = (str, int, float)
    return isinstance(value, scalars) and isinstance(want, scalars) and str(value) == str(want)


def with_rest_of_fifo_groups(records: list[dict[str, Any]], failed: list[dict[str, Any]]
                             ) -> list[dict[str, Any]]:
    """For a FIFO queue's batch, the built-in handler stops a message group at its first
    failure and reports the failed message and every later one of that group, so each group's
    order is kept. That is this handler's choice (Powertools' SqsFifoPartialProcessor with
    skip_group_on_error=True); the pattern AWS documents (§15, SQSERR) stops the whole batch at
    the first failure and reports everything after it. Other batches: `failed` as it is."""
    if not any(r.get("attributes", {}).get("MessageGroupId") for r in records if isinstance(r, dict)):
        return failed
    failed_ids = {id(r) for r in failed}
    stopped: set[str] = set()
    out = []
    for record in records:
        group = record.get("attributes", {}).get("MessageGroupId")
        if id(record) in failed_ids or group in stopped:
            stopped.add(group)
            out.append(record)
    return out


@dataclass
class ItemFailures:
    """How Lambda read a function's answer for a batch with ReportBatchItemFailures on."""

    whole_batch: bool = False  # the batch counts as failed in full
    failed: list[str] = field(default_factory=list)  # identifiers reported (in batch order)
    reason: str = ""  # why the whole batch failed, when it did

    @property
    def ok(self) -> bool:
        return not self.whole_batch and not self.failed


def read_item_failures(payload: Any, batch_ids: list[str]) -> ItemFailures:
    """Lambda's reading of a successful invoke's payload (§15 SQSERR/KBF).

    `batch_ids`: the identifiers of the batch, in order. An id not in the batch fails the whole
    batch (documented for SQS; the simulation treats stream batches the same way)."""
    if payload is None or (isinstance(payload, dict) and payload.get("batchItemFailures") in (None, [])):
        return ItemFailures()
    if not isinstance(payload, dict) or "batchItemFailures" not in payload:
        return ItemFailures()  # any other successful answer counts as full success
    entries = payload["batchItemFailures"]
    if not isinstance(entries, list):
        return ItemFailures(True, reason="batchItemFailures is not a list")
    failed = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"itemIdentifier"}:
            return ItemFailures(True, reason=f"an entry has a wrong key name: {json.dumps(entry)}")
        ident = entry["itemIdentifier"]
        if ident in (None, ""):
            return ItemFailures(True, reason="an itemIdentifier is empty or null")
        if ident not in batch_ids:
            return ItemFailures(True, reason=f"the itemIdentifier {ident} is not a message of this batch")
        failed.append(str(ident))
    order = {i: n for n, i in enumerate(batch_ids)}
    failed.sort(key=lambda i: order.get(i, len(order)))
    return ItemFailures(False, failed)
