"""The S3 event document, field by field (lambda-behaviour.md §7, S3M)."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote_plus

from hypothesis import given
from hypothesis import strategies as st

from app.engine.events.s3 import encode_key, event_name, sequencer
from app.engine.s3 import ASSETS_DIR
from source_scenarios import of_kind, play, thumbnail_resources, upload

RECORD_KEYS = {"eventVersion", "eventSource", "awsRegion", "eventTime", "eventName",
               "userIdentity", "requestParameters", "responseElements", "s3"}


def _records(trace):
    return [s.payload["Records"][0] for s in of_kind(trace, "invoke")]


def test_key_is_form_encoded_with_plus_for_spaces():
    """"red flower.jpg" arrives as "red+flower.jpg"; a literal + is escaped; / stays."""
    assert encode_key("red flower.jpg") == "red+flower.jpg"
    assert encode_key("a+b.jpg") == "a%2Bb.jpg"
    assert encode_key("holiday/chelsea the cat.jpg") == "holiday/chelsea+the+cat.jpg"


@given(st.text(min_size=1, max_size=40))
def test_unquote_plus_gives_back_any_key(key):
    """What the thumbnail handler does (unquote_plus) undoes the encoding for every key."""
    assert unquote_plus(encode_key(key)) == key


def test_event_name_has_no_s3_prefix():
    """Configuration says s3:ObjectCreated:Put; the event says ObjectCreated:Put."""
    assert event_name("s3:ObjectCreated:Put") == "ObjectCreated:Put"


@given(st.lists(st.tuples(st.integers(0, 10**12), st.integers(1, 10**6)), min_size=2, max_size=20))
def test_sequencer_grows_with_time_then_serial(points):
    """Later (time, serial) pairs give larger, equally long hex sequencers."""
    points = sorted(set(points))
    values = [sequencer(ms, serial) for ms, serial in points]
    assert len({len(v) for v in values}) == 1
    assert [int(v, 16) for v in values] == sorted(int(v, 16) for v in values)


def test_put_record_has_exactly_the_published_fields():
    """One upload: the record S3 sends has AWS's fields and values, nothing of ours."""
    trace = play(thumbnail_resources(), [upload("red flower.jpg")])
    (record,) = _records(trace)
    assert set(record) == RECORD_KEYS
    assert record["eventVersion"] == "2.5" and record["eventSource"] == "aws:s3"
    assert record["awsRegion"] == "us-east-1" and record["eventName"] == "ObjectCreated:Put"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["eventTime"])
    assert record["userIdentity"]["principalId"].startswith("AWS:AIDA")
    assert set(record["requestParameters"]) == {"sourceIPAddress"}
    assert set(record["responseElements"]) == {"x-amz-request-id", "x-amz-id-2"}
    s3 = record["s3"]
    assert s3["s3SchemaVersion"] == "1.0" and s3["configurationId"] == "thumbs"
    assert s3["bucket"]["name"] == "photos" and s3["bucket"]["arn"] == "arn:aws:s3:::photos"
    assert set(s3["bucket"]["ownerIdentity"]) == {"principalId"}
    cat = (ASSETS_DIR / "photos" / "cat.jpg").read_bytes()
    assert s3["object"] == {"key": "red+flower.jpg", "size": len(cat),
                            "eTag": hashlib.md5(cat).hexdigest(),
                            "sequencer": s3["object"]["sequencer"]}


def test_response_element_ids_match_the_put_response():
    """x-amz-request-id in the event is the one S3 returned to the uploader."""
    trace = play(thumbnail_resources(), [upload()])
    response = of_kind(trace, "response")[0]
    (record,) = _records(trace)
    assert record["responseElements"]["x-amz-request-id"] == response.headers["x-amz-request-id"]
    assert response.headers["ETag"] == f'"{record["s3"]["object"]["eTag"]}"'


def test_sequencer_increases_for_writes_to_the_same_key():
    """Two uploads of the same key: the second event's sequencer is larger."""
    trace = play(thumbnail_resources(), [upload("a.jpg", at=0), upload("a.jpg", at=0),
                                         upload("a.jpg", at=2)])
    seqs = sorted((s.time_ms, s.payload["Records"][0]["s3"]["object"]["sequencer"])
                  for s in of_kind(trace, "invoke"))
    assert len(seqs) == 3
    values = [int(v, 16) for _, v in seqs]
    assert len(set(values)) == 3 and values[-1] == max(values)


def test_delete_record_has_key_and_sequencer_only():
    """ObjectRemoved:Delete carries no size or eTag."""
    notes = [{"events": ["s3:ObjectRemoved:*"], "function": "make-thumbnail"}]
    trace = play(thumbnail_resources(notifications=notes),
                 [upload("old.jpg"), {"at": 1, "actor": "user", "action": "delete_object",
                                      "bucket": "photos", "key": "old photo.jpg"},
                  {"at": 2, "actor": "user", "action": "delete_object", "bucket": "photos",
                   "key": "old.jpg"}])
    (record,) = _records(trace)  # deleting a missing key sends nothing
    assert record["eventName"] == "ObjectRemoved:Delete"
    assert set(record["s3"]["object"]) == {"key", "sequencer"}


def test_version_id_only_in_versioned_buckets():
    """A versioned bucket adds s3.object.versionId; an unversioned one has none."""
    plain = _records(play(thumbnail_resources(), [upload()]))[0]
    versioned = _records(play(thumbnail_resources(versioning=True), [upload()]))[0]
    assert "versionId" not in plain["s3"]["object"]
    assert isinstance(versioned["s3"]["object"]["versionId"], str)
