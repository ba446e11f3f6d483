"""builtin.stream_metrics: decodes Kinesis and DynamoDB records and aggregates them."""

from __future__ import annotations

import base64
import json
from types import SimpleNamespace

from app.engine.events.dynamodb import to_typed_item
from app.handlers.stream_metrics import aggregate, handler


def kinesis(data) -> dict:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return {"eventSource": "aws:kinesis", "eventName": "aws:kinesis:record",
            "kinesis": {"data": base64.b64encode(raw).decode()}}


def ddb(name, old=None, new=None, keys=None) -> dict:
    images = {"Keys": to_typed_item(keys or {"id": "x"})}
    if old is not None:
        images["OldImage"] = to_typed_item(old)
    if new is not None:
        images["NewImage"] = to_typed_item(new)
    return {"eventSource": "aws:dynamodb", "eventName": name, "dynamodb": images}


def test_kinesis_json_is_counted_by_field():
    """Base64 JSON data is decoded and counted by `group_by`; amounts are summed."""
    records = [kinesis({"page": "/a", "ms": 5}), kinesis({"page": "/b", "ms": 7}),
               kinesis({"page": "/a", "ms": 1})]
    metrics = aggregate(records, "page", "ms")
    assert metrics["counts"] == {"/a": 2, "/b": 1} and metrics["change"] == 13
    assert metrics["records"] == 3


def test_kinesis_text_that_is_not_json_is_kept_whole():
    """Plain text data does not crash the handler; it counts under (none)."""
    metrics = aggregate([kinesis(b"hello")], "page", None)
    assert metrics["counts"] == {"(none)": 1}


def test_dynamodb_changes_adjust_the_total():
    """INSERT adds, MODIFY adds the difference, REMOVE subtracts the old amount."""
    records = [ddb("INSERT", new={"r": "n", "amount": 10}),
               ddb("MODIFY", old={"r": "n", "amount": 10}, new={"r": "n", "amount": 12.5}),
               ddb("REMOVE", old={"r": "s", "amount": 4})]
    metrics = aggregate(records, "r", "amount")
    assert metrics["change"] == 8.5
    assert metrics["byEvent"] == {"INSERT": 1, "MODIFY": 1, "REMOVE": 1}
    assert metrics["counts"] == {"n": 2, "s": 1}


def test_keys_only_records_count_by_key():
    """With KEYS_ONLY there are no images: the key is what can be grouped."""
    metrics = aggregate([ddb("INSERT", keys={"region": "west"})], "region", "amount")
    assert metrics["counts"] == {"west": 1} and metrics["change"] == 0


def test_handler_reads_options_and_logs(capsys):
    """The handler uses context.options and prints one summary line."""
    context = SimpleNamespace(options=SimpleNamespace(group_by="page", sum_field=None))
    result = handler({"Records": [kinesis({"page": "/a"})]}, context)
    assert result == {"records": 1, "byEvent": {"aws:kinesis:record": 1}, "countBy": "page",
                      "counts": {"/a": 1}}
    assert capsys.readouterr().out.startswith("Aggregated 1 record:")
