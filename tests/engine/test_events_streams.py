"""Stream event documents, field by field, as AWS publishes them (lambda-behaviour.md §8)."""

from __future__ import annotations

import base64
import json

from hypothesis import given, strategies as st

from app.engine.events.dynamodb import (dynamodb_record, from_attribute_value, item_size,
                                        stream_images, to_attribute_value, to_typed_item)
from app.engine.events.kinesis import data_bytes, kinesis_event, kinesis_record

SEQ = "49590338271490256608559692538361571095921575989136588898"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
ROLE = "arn:aws:iam::123456789012:role/count-role"


def test_kinesis_record_has_every_documented_field_and_nothing_else():
    """A Kinesis record carries exactly the fields of the documented example (§8, KIN)."""
    rec = kinesis_record(shard_id="shardId-000000000006", sequence_number=SEQ, partition_key="1",
                         data=b"Hello, this is a test.", arrival_epoch_s=1545084650.987,
                         role_arn=ROLE, region="us-east-2", stream_arn=STREAM)
    assert rec == {
        "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "1", "sequenceNumber": SEQ,
                    "data": "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==",
                    "approximateArrivalTimestamp": 1545084650.987},
        "eventSource": "aws:kinesis", "eventVersion": "1.0",
        "eventID": f"shardId-000000000006:{SEQ}", "eventName": "aws:kinesis:record",
        "invokeIdentityArn": ROLE, "awsRegion": "us-east-2", "eventSourceARN": STREAM,
    }
    assert kinesis_event([rec]) == {"Records": [rec]}


def test_kinesis_data_is_compact_json_in_base64():
    """JSON data is serialised compactly before base64; strings go as UTF-8 bytes."""
    assert data_bytes({"page": "/home", "n": 1}) == b'{"page":"/home","n":1}'
    assert data_bytes("café") == "café".encode()
    rec = kinesis_record(shard_id="s", sequence_number="1", partition_key="k",
                         data=data_bytes({"a": [1, 2]}), arrival_epoch_s=0.0, role_arn=ROLE,
                         region="us-east-1", stream_arn=STREAM)
    assert json.loads(base64.b64decode(rec["kinesis"]["data"])) == {"a": [1, 2]}


def test_typed_attribute_values_follow_dynamodb_json():
    """Strings S, numbers N as strings, BOOL, NULL, L and M, as DynamoDB types them."""
    assert to_attribute_value("x") == {"S": "x"}
    assert to_attribute_value(101) == {"N": "101"}
    assert to_attribute_value(1.50) == {"N": "1.5"}
    assert to_attribute_value(True) == {"BOOL": True}  # not {"N": "1"}
    assert to_attribute_value(None) == {"NULL": True}
    assert to_attribute_value([1, "a"]) == {"L": [{"N": "1"}, {"S": "a"}]}
    assert to_typed_item({"id": 7, "tags": {"x": False}}) == {
        "id": {"N": "7"}, "tags": {"M": {"x": {"BOOL": False}}}}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6).map(
        lambda f: round(f, 3)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=10)


@given(json_values)
def test_typed_values_round_trip(value):
    """Typing a plain JSON value and reading it back gives the same value."""
    back = from_attribute_value(to_attribute_value(value))
    assert back == value
    assert type(back) is type(value) or isinstance(value, float)


def test_stream_images_follow_the_view_type():
    """KEYS_ONLY carries keys only; NEW/OLD images appear only when the view type asks for them."""
    keys, old, new = {"id": {"S": "a"}}, {"id": {"S": "a"}, "v": {"N": "1"}}, {"id": {"S": "a"}, "v": {"N": "2"}}
    assert stream_images("KEYS_ONLY", keys, old, new) == {"Keys": keys}
    assert stream_images("NEW_IMAGE", keys, old, new) == {"Keys": keys, "NewImage": new}
    assert stream_images("OLD_IMAGE", keys, old, new) == {"Keys": keys, "OldImage": old}
    assert stream_images("NEW_AND_OLD_IMAGES", keys, old, new) == {
        "Keys": keys, "NewImage": new, "OldImage": old}
    assert stream_images("NEW_AND_OLD_IMAGES", keys, None, new) == {"Keys": keys, "NewImage": new}


def test_dynamodb_record_shape():
    """A DynamoDB Streams record for Lambda: documented top-level and `dynamodb` fields only."""
    images = {"Keys": {"Id": {"N": "101"}}, "NewImage": {"Id": {"N": "101"}, "Message": {"S": "New item!"}}}
    rec = dynamodb_record(event_id="c4ca4238a0b923820dcc509a6f75849b", event_name="INSERT",
                          region="us-west-2", creation_epoch_s=1767225600, images=images,
                          sequence_number="111", size_bytes=26, view_type="NEW_AND_OLD_IMAGES",
                          stream_arn="arn:aws:dynamodb:us-west-2:123456789012:table/t/stream/x")
    assert set(rec) == {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion",
                        "dynamodb", "eventSourceARN"}
    assert rec["eventSource"] == "aws:dynamodb" and rec["eventVersion"] == "1.1"
    assert rec["dynamodb"] == {"ApproximateCreationDateTime": 1767225600, **images,
                               "SequenceNumber": "111", "SizeBytes": 26,
                               "StreamViewType": "NEW_AND_OLD_IMAGES"}


def test_item_size_counts_names_and_values():
    """Item size: attribute name bytes plus value bytes (a string's UTF-8 length)."""
    assert item_size({"id": {"S": "abc"}}) == 2 + 3
    assert item_size({"ok": {"BOOL": True}}) == 2 + 1
    assert item_size(None) == 0
