"""builtin.stream_metrics: turn a batch of stream records into custom metrics.

The chapter's analytics story: raw data lands in a table or a stream, and a function aggregates
it. Kinesis records carry base64 bytes (JSON here); DynamoDB records carry typed images, so the
handler decodes them the way a real one would (boto3's TypeDeserializer does the same job).
With both images, `sum_field` adds the change (new − old), so a MODIFY or REMOVE corrects the
total instead of counting an item twice.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from typing import Any

from app.engine.events.dynamodb import from_typed_item

MEMORY_MB = 42


def kinesis_values(record: dict[str, Any]) -> tuple[dict | None, dict | None]:
    """(old, new) for a Kinesis record: no old value, the new one is the decoded JSON."""
    raw = base64.b64decode(record["kinesis"]["data"])
    try:
        value = json.loads(raw)
    except ValueError:
        value = {"data": raw.decode("utf-8", "replace")}
    return None, value if isinstance(value, dict) else {"data": value}


def dynamodb_values(record: dict[str, Any]) -> tuple[dict | None, dict | None]:
    images = record["dynamodb"]
    old = from_typed_item(images["OldImage"]) if "OldImage" in images else None
    new = from_typed_item(images["NewImage"]) if "NewImage" in images else None
    if old is None and new is None:  # KEYS_ONLY: the key is all there is
        return None, from_typed_item(images["Keys"])
    return old, new


def _number(item: dict | None, field: str | None) -> float:
    if item is None or field is None:
        return 0
    value = item.get(field, 0)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def aggregate(records: list[dict[str, Any]], group_by: str | None, sum_field: str | None
              ) -> dict[str, Any]:
    """Counts by event name and by `group_by`, and the net change of `sum_field`."""
    by_event: Counter[str] = Counter()
    by_group: Counter[str] = Counter()
    total = 0
    for record in records:
        source = record.get("eventSource")
        old, new = kinesis_values(record) if source == "aws:kinesis" else dynamodb_values(record)
        by_event[record.get("eventName", "?")] += 1
        current = new if new is not None else old
        if group_by is not None and current is not None:
            by_group[str(current.get(group_by, "(none)"))] += 1
        total += _number(new, sum_field) - _number(old, sum_field)
    metrics: dict[str, Any] = {"records": len(records), "byEvent": dict(sorted(by_event.items()))}
    if group_by is not None:
        metrics["countBy"] = group_by
        metrics["counts"] = dict(sorted(by_group.items()))
    if sum_field is not None:
        metrics["sumField"] = sum_field
        metrics["change"] = int(total) if float(total).is_integer() else total
    return metrics


def handler(event, context):
    options = context.options
    records = event.get("Records", [])
    metrics = aggregate(records, options.group_by, options.sum_field)
    noun = "record" if len(records) == 1 else "records"
    print(f"Aggregated {len(records)} {noun}: {json.dumps(metrics, separators=(',', ':'))}")
    return metrics
