"""Small stream scenarios built in code for the Kinesis, DynamoDB and event source mapping tests."""

from __future__ import annotations

import base64
import json

from app.engine.run import run
from app.scenario.models import Scenario

ACCOUNT = "123456789012"
STREAM_ARN = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/clicks"
TABLE_ARN = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/sales"


def kinesis_scenario(*, shards: int = 1, esm: dict | None = None, function: dict | None = None,
                     role: dict | None = None, script: list | None = None,
                     extra: dict | None = None, app_policies: list | None = None) -> Scenario:
    """An app allowed to PutRecord on `clicks`, a function `count` reading it through `esm`."""
    resources = {
        "app": {"type": "actor", "kind": "custom_app", "policies": app_policies if app_policies
                is not None else [{"action": "kinesis:PutRecord", "resource": STREAM_ARN}]},
        "clicks": {"type": "kinesis_stream", "shard_count": shards},
        "count-role": role or {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                               "managed_policies": ["AWSLambdaKinesisExecutionRole"]},
        "count": {"type": "function", "handler": "builtin.stream_metrics", "role": "count-role",
                  "options": {"group_by": "page"}, "duration": "50ms", "init_duration": "100ms",
                  **(function or {})},
        "esm": {"type": "event_source_mapping", "source": "clicks", "function": "count",
                "starting_position": "TRIM_HORIZON", **(esm or {})},
        **(extra or {}),
    }
    return _scenario(resources, script or clicks(3))


def table_scenario(*, view_type: str = "NEW_AND_OLD_IMAGES", stream: bool = True,
                   esm: dict | None = None, function: dict | None = None,
                   role: dict | None = None, script: list | None = None,
                   app_policies: list | None = None, extra: dict | None = None) -> Scenario:
    """An app allowed to write `sales`; with `esm` given, a function `agg` reads its stream."""
    resources = {
        "app": {"type": "actor", "kind": "custom_app", "policies": app_policies if app_policies
                is not None else [{"action": ["dynamodb:PutItem", "dynamodb:UpdateItem",
                                              "dynamodb:DeleteItem"], "resource": TABLE_ARN}]},
        "sales": {"type": "dynamodb_table", "partition_key": "sale_id",
                  **({"stream": {"view_type": view_type}} if stream else {})},
        **(extra or {}),
    }
    if esm is not None:
        resources["agg-role"] = role or {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                         "managed_policies": ["AWSLambdaDynamoDBExecutionRole"]}
        resources["agg"] = {"type": "function", "handler": "builtin.stream_metrics",
                            "role": "agg-role", "options": {"group_by": "region",
                                                            "sum_field": "amount"},
                            "duration": "50ms", "init_duration": "100ms", **(function or {})}
        resources["esm"] = {"type": "event_source_mapping", "source": "sales", "function": "agg",
                            "starting_position": "TRIM_HORIZON", **esm}
    return _scenario(resources, script or [put(1, "s-1", "north", 10)])


def _scenario(resources: dict, script: list) -> Scenario:
    return Scenario.model_validate({"title": "test", "teaches": "pull", "summary": "test",
                                    "resources": resources, "script": script,
                                    "chapter_steps": True})  # the chapter's Example 2, tags included


def clicks(n: int, *, start_ms: float = 100, every_ms: float = 100, key: str = "user-{n}") -> list:
    """`n` click records, one every `every_ms`, numbered 1..n in their data."""
    return [{"at": f"{start_ms}ms", "actor": "app", "action": "put_record", "stream": "clicks",
             "partition_key": key, "data": {"n": "{n}", "page": "/home"}, "repeat": n,
             "every": f"{every_ms}ms"}]


def put(at_ms: float, sale_id: str, region: str, amount) -> dict:
    return {"at": f"{at_ms}ms", "actor": "app", "action": "put_item", "table": "sales",
            "item": {"sale_id": sale_id, "region": region, "amount": amount}}


def invokes(trace, function: str = "count") -> list:
    """Invoke steps Lambda's pollers made, in order."""
    return [s for s in trace if s.kind == "invoke" and s.source == "lambda" and s.target == function]


def delivered(trace, function: str = "count") -> list[tuple[str, str, bool]]:
    """(shard, sequence number, succeeded) for every record of every invoke, in invoke order."""
    out = []
    for step in invokes(trace, function):
        ok = _outcome(trace, step)
        for record in step.payload["Records"]:
            shard, seq = record["eventID"].split(":") if "kinesis" in record else (
                _ddb_shard(record), record["dynamodb"]["SequenceNumber"])
            out.append((shard, seq, ok))
    return out


def _ddb_shard(record) -> str:
    return "ddb"


def _outcome(trace, invoke_step) -> bool:
    """Did this invoke succeed? The first result/throttle/error of the same flow after it says."""
    for step in trace.steps[invoke_step.index + 1:]:
        if step.flow == invoke_step.flow and step.kind in ("result", "throttle", "error"):
            return step.kind == "result" and "function-error" not in step.tags
    raise AssertionError(f"invoke {invoke_step.index} has no outcome")


def data_of(record: dict):
    return json.loads(base64.b64decode(record["kinesis"]["data"]))


__all__ = ["run", "kinesis_scenario", "table_scenario", "clicks", "put", "invokes", "delivered",
           "data_of", "STREAM_ARN", "TABLE_ARN", "ACCOUNT"]
