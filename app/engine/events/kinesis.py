"""The Kinesis event Lambda sends a function, record by record (lambda-behaviour.md §8, source KIN).

`data` is the record's bytes in base64, exactly what the producer put; JSON a scenario writes is
serialised compactly first, the way an SDK producer would send `json.dumps(obj)`.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def data_bytes(data: Any) -> bytes:
    """The bytes a producer puts: a string as UTF-8, anything else as compact JSON."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8")
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def kinesis_record(*, shard_id: str, sequence_number: str, partition_key: str, data: bytes,
                   arrival_epoch_s: float, role_arn: str, region: str,
                   stream_arn: str) -> dict[str, Any]:
    """One entry of `Records`, shaped as AWS publishes it."""
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": partition_key,
            "sequenceNumber": sequence_number,
            "data": base64.b64encode(data).decode("ascii"),
            "approximateArrivalTimestamp": round(arrival_epoch_s, 3),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard_id}:{sequence_number}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": role_arn,
        "awsRegion": region,
        "eventSourceARN": stream_arn,
    }


def kinesis_event(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Records": list(records)}
