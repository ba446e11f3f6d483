"""DynamoDB typed attribute values and the DynamoDB Streams event (lambda-behaviour.md §8, DDB/DREC).

Scenario files write items as plain JSON; DynamoDB stores and streams them typed: strings
`{"S": ...}`, numbers `{"N": "101"}` (always a string), booleans, null, lists and maps.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

VIEW_TYPES = ("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES")


def number_string(value: int | float) -> str:
    """DynamoDB's canonical number text: no exponent, no trailing zeros (1.50 → "1.5")."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)).normalize(), "f")
    return text


def to_attribute_value(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):  # before int: True is an int in Python
        return {"BOOL": value}
    if isinstance(value, (int, float)):
        return {"N": number_string(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (list, tuple)):
        return {"L": [to_attribute_value(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {str(k): to_attribute_value(v) for k, v in value.items()}}
    raise TypeError(f"cannot store {type(value).__name__} in DynamoDB")


def to_typed_item(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: to_attribute_value(value) for name, value in item.items()}


def from_attribute_value(typed: dict[str, Any]) -> Any:
    """The inverse of `to_attribute_value`, as a handler's deserializer would do it."""
    (tag, value), = typed.items()
    if tag == "NULL":
        return None
    if tag == "N":
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if tag == "L":
        return [from_attribute_value(v) for v in value]
    if tag == "M":
        return {k: from_attribute_value(v) for k, v in value.items()}
    return value  # S, BOOL


def from_typed_item(item: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {name: from_attribute_value(value) for name, value in item.items()}


def attribute_size(typed: dict[str, Any]) -> int:
    """Bytes of one typed value by DynamoDB's item-size rules (numbers approximated)."""
    (tag, value), = typed.items()
    if tag == "S":
        return len(value.encode("utf-8"))
    if tag == "N":
        digits = len(value.lstrip("-").replace(".", "").strip("0")) or 1
        return (digits + 1) // 2 + 1
    if tag in ("BOOL", "NULL"):
        return 1
    if tag == "L":
        return 3 + sum(attribute_size(v) + 1 for v in value)
    return 3 + sum(len(k.encode("utf-8")) + attribute_size(v) + 1 for k, v in value.items())


def item_size(item: dict[str, dict[str, Any]] | None) -> int:
    if not item:
        return 0
    return sum(len(name.encode("utf-8")) + attribute_size(value) for name, value in item.items())


def stream_images(view_type: str, keys: dict, old: dict | None, new: dict | None) -> dict[str, Any]:
    """The images a stream record carries for its view type (KEYS_ONLY carries the keys only)."""
    images: dict[str, Any] = {"Keys": keys}
    if view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES") and new is not None:
        images["NewImage"] = new
    if view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES") and old is not None:
        images["OldImage"] = old
    return images


def dynamodb_record(*, event_id: str, event_name: str, region: str, creation_epoch_s: int,
                    images: dict[str, Any], sequence_number: str, size_bytes: int,
                    view_type: str, stream_arn: str) -> dict[str, Any]:
    """One entry of `Records`, shaped as AWS publishes it to Lambda."""
    return {
        "eventID": event_id,
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": {
            "ApproximateCreationDateTime": creation_epoch_s,
            **images,
            "SequenceNumber": sequence_number,
            "SizeBytes": size_bytes,
            "StreamViewType": view_type,
        },
        "eventSourceARN": stream_arn,
    }


def dynamodb_event(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Records": list(records)}
