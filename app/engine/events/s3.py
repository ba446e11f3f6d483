"""The S3 event notification document (lambda-behaviour.md §7, source S3M).

Shape as S3 publishes it for ObjectCreated/ObjectRemoved: `eventName` has no
`s3:` prefix, the object key is form-URL-encoded ("red flower.jpg" → "red+flower.jpg"), `size`
and `eTag` exist only for created objects, `versionId` only when the bucket is versioned.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

# §7 (S3M): from 2.4 on, one eventVersion for every event type, raised whenever the schema grows;
# the page's example is at 2.5 (before 2.4: 2.1 for most types, 2.2 replication, 2.3 lifecycle).
EVENT_VERSION = "2.5"


def encode_key(key: str) -> str:
    """URL-encode a key the way S3 writes it into events: spaces as `+`, `/` kept as is.

    S3M documents form encoding ("red flower.jpg" → "red+flower.jpg"); events from AWS keep the
    `/` of folder-like keys literal (seen in real events, e.g. minio/minio#11665), so it stays safe.
    """
    return quote_plus(key, safe="/")


def event_name(notification_type: str) -> str:
    """`s3:ObjectCreated:Put` (configuration syntax) → `ObjectCreated:Put` (event syntax)."""
    return notification_type.removeprefix("s3:")


def s3_object(key: str, sequencer: str, *, size: int | None = None, etag: str | None = None,
              version_id: str | None = None) -> dict[str, Any]:
    """The `s3.object` part; created objects carry size and eTag, deletes only key + sequencer."""
    obj: dict[str, Any] = {"key": encode_key(key)}
    if size is not None:
        obj["size"] = size
    if etag is not None:
        obj["eTag"] = etag
    if version_id is not None:
        obj["versionId"] = version_id
    obj["sequencer"] = sequencer
    return obj


def s3_record(*, region: str, event_time: str, name: str, principal_id: str, source_ip: str,
              request_id: str, host_id: str, configuration_id: str, bucket: str,
              owner_id: str, obj: dict[str, Any]) -> dict[str, Any]:
    """One entry of `Records`; `name` is the event type without `s3:` (e.g. ObjectCreated:Put)."""
    return {
        "eventVersion": EVENT_VERSION,
        "eventSource": "aws:s3",
        "awsRegion": region,
        "eventTime": event_time,
        "eventName": event_name(name),
        "userIdentity": {"principalId": principal_id},
        "requestParameters": {"sourceIPAddress": source_ip},
        "responseElements": {"x-amz-request-id": request_id, "x-amz-id-2": host_id},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": configuration_id,
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": owner_id},
                       "arn": f"arn:aws:s3:::{bucket}"},
            "object": obj,
        },
    }


def s3_event(*records: dict[str, Any]) -> dict[str, Any]:
    """The document Lambda hands to the handler: S3 sends one record per notification."""
    return {"Records": list(records)}


def sequencer(clock_ms: float, serial: int) -> str:
    """An 18-digit upper-case hex value that only grows: later writes get larger values.

    S3 documents the sequencer only as a hex string to compare, for events on the same key
    (S3M); clock first, then a per-run serial, so same-millisecond writes still increase.
    """
    return f"{int(clock_ms):012X}{serial:06X}"
