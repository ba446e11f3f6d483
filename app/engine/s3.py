"""Amazon S3: buckets, objects and the notification configuration that pushes events to Lambda.

The chapter's Example 1 (push model): a write (step 1) → S3 detects the event and matches it
against the bucket's notification configuration (step 2) → S3 invokes the function
asynchronously (step 3) → Lambda runs it (step 4). S3 may invoke only because the function's
resource-based policy allows `s3.amazonaws.com` for this bucket (lambda-behaviour.md §6, RBP);
the chapter's step 3 says "execution role", but the note under it, and AWS today, say it is the
function's resource-based policy. Lambda checks it when S3 calls Invoke.

Object bodies (photo bytes) live once in `blobs` (the recorder's side table, which becomes
`Trace.blobs`), keyed by `body_ref` = "s3/<ETag>"; bucket state holds
a description of each object plus a reference to those same bytes (never a copy), so the trace
stays light and the inspector can preview images.
"""

from __future__ import annotations

import base64
import hashlib
import io
import mimetypes
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from app.engine.events import s3 as s3_events
from app.engine.s3_configuration import validate_notifications
from app.engine.s3_notifications import DeliveryChain, matching_configurations
from app.engine.signing import expired_error, stopped_before_sending
from app.engine.step_store import Blob
from app.handlers.sdk import ClientError, SdkTarget
from app.scenario.safety import BUNDLED_ASSETS, resolve_asset

S3_PRINCIPAL = "s3.amazonaws.com"
ASSETS_DIR = BUNDLED_ASSETS
DEFAULT_CONTENT_TYPE = "binary/octet-stream"  # what S3 stores when a PUT names no type
MAX_LISTED = 200  # objects shown per bucket in the state (the most recently written)


@dataclass(frozen=True, slots=True)
class StoredObject:
    """What the inspector shows for one object; the bytes are in `S3Service.blobs`."""

    key: str
    size: int
    etag: str
    content_type: str
    last_modified: str
    version_id: str | None
    body_ref: str
    written_by: str

    def to_state(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__
                if getattr(self, name) is not None}


@dataclass(frozen=True, slots=True)
class Write:
    """One successful PutObject/DeleteObject, as S3 reports it in events and responses."""

    bucket: str
    key: str
    event_type: str  # s3:ObjectCreated:Put, s3:ObjectRemoved:Delete, …
    obj: StoredObject | None  # None for a delete
    version_id: str | None
    sequencer: str
    event_time: str
    request_id: str
    host_id: str
    principal_id: str
    source_ip: str
    writer: str  # the node that wrote: an actor or a function
    flow: str


def find_asset(path: str, scenario_path: Path | None) -> Path:
    """An upload's file: next to the scenario file first, then in the bundled assets/ (the
    loader's rule, which also refuses paths that climb out of both folders)."""
    return resolve_asset(path, scenario_path.parent if scenario_path else None)


def stable_id(prefix: str, text: str, length: int) -> str:
    """An AWS-looking upper-case id derived from a name, so it does not depend on event order."""
    digest = hashlib.sha256(text.encode()).hexdigest().upper()
    return (prefix + digest)[:length]


class S3Service:
    """`sim.services["s3"]`: the buckets of the scenario."""

    def __init__(self, sim):
        self.sim = sim
        self.buckets = sim.scenario.of_type("s3_bucket")
        self.objects: dict[str, dict[str, StoredObject]] = {name: {} for name in self.buckets}
        self._listed: dict[str, dict[str, dict]] = {name: {} for name in self.buckets}  # state rows
        self.blobs: dict[str, bytes] = sim.recorder.blobs  # the Trace keeps them for previews
        self.chain = DeliveryChain(sim, self)
        self._serial = 0
        self._assets: dict[str, bytes] = {}
        for name, bucket in self.buckets.items():
            sim.recorder.set_state(name, "objects", {})
            sim.recorder.set_state(name, "object_count", 0)
            sim.recorder.set_state(name, "notifications", [
                {k: v for k, v in n.model_dump().items() if v is not None}
                for n in bucket.notifications])

    def start(self) -> None:
        """S3 checks each notification configuration as it is saved (§6 S3P, §13 A4)."""
        validate_notifications(self.sim, self)

    # ------------------------------------------------------------------ identities
    def owner_id(self) -> str:
        return stable_id("A", f"owner/{self.sim.account}", 14)

    def principal_id(self, caller) -> str:
        """`userIdentity.principalId`: AWS:<unique id>, with the session name for role sessions."""
        if caller.kind == "role-session":
            return f"AWS:{stable_id('AROA', caller.role or caller.name, 21)}:{caller.name}"
        if caller.kind == "anonymous":
            return "Anonymous"
        return f"AWS:{stable_id('AIDA', caller.arn or caller.name, 21)}"

    def source_ip(self, node: str) -> str:
        """Documentation-range addresses (RFC 5737): actors 198.51.100.x, functions 203.0.113.x."""
        net = "203.0.113" if node in self.sim.scenario.of_type("function") else "198.51.100"
        return f"{net}.{int(hashlib.sha256(node.encode()).hexdigest(), 16) % 250 + 2}"

    def _request_ids(self) -> tuple[str, str]:
        request_id = self.sim.ids.hex(16).upper()
        host_id = base64.b64encode(bytes.fromhex(self.sim.ids.hex(96))).decode()
        return request_id, host_id

    def _next_sequencer(self) -> str:
        self._serial += 1
        return s3_events.sequencer(self.sim.epoch_seconds() * 1000.0, self._serial)

    # ------------------------------------------------------------------ script actions
    def put_object(self, stimulus, caller):
        """SimPy process: an actor uploads a file (chapter Example 1, step 1)."""
        body = self._stimulus_body(stimulus)
        content_type = (stimulus.content_type or mimetypes.guess_type(stimulus.key)[0]
                        or DEFAULT_CONTENT_TYPE)
        yield self.sim.env.timeout(0)
        self._actor_write(stimulus, caller, "PutObject", "s3:PutObject",
                          {"Bucket": stimulus.bucket, "Key": stimulus.key,
                           "ContentType": content_type, "ContentLength": len(body)},
                          lambda flow: self._store(stimulus.bucket, stimulus.key, body,
                                                   content_type, caller, stimulus.actor, flow))

    def delete_object(self, stimulus, caller):
        """SimPy process: an actor deletes an object (ObjectRemoved:Delete)."""
        yield self.sim.env.timeout(0)
        self._actor_write(stimulus, caller, "DeleteObject", "s3:DeleteObject",
                          {"Bucket": stimulus.bucket, "Key": stimulus.key},
                          lambda flow: self._remove(stimulus.bucket, stimulus.key, caller,
                                                    stimulus.actor, flow))

    def _stimulus_body(self, stimulus) -> bytes:
        if stimulus.asset:
            if stimulus.asset not in self._assets:  # a load may upload the same file 1,000s of times
                self._assets[stimulus.asset] = find_asset(
                    stimulus.asset, self.sim.scenario.source_path).read_bytes()
            return self._assets[stimulus.asset]
        return (stimulus.body or "").encode()

    def _actor_write(self, stimulus, caller, operation, action, request, apply) -> None:
        """Request step with the identity-policy check, then S3's answer and notifications."""
        rec, actor, bucket = self.sim.recorder, stimulus.actor, stimulus.bucket
        if (getattr(self.sim.scenario.resources[actor], "kind", None) != "browser"  # SDK callers
                and stopped_before_sending(self.sim, caller, actor, bucket, operation, "push")):
            return  # a browser's plain HTTP request does reach S3, as an anonymous one
        resource = f"{self.sim.bucket_arn(bucket)}/{stimulus.key}"
        decision = self.sim.services["iam"].check_identity(caller, action, resource)
        allowed = decision.decision == "allow"
        flow = f"s3-{self.sim.ids.hex(8)}"
        verb = "uploads" if operation == "PutObject" else "deletes"
        rec.record("request", actor, bucket, "push",
                   f"{actor} {verb} {stimulus.key} ({operation} to {bucket})",
                   f"{actor} sends {operation} for s3://{bucket}/{stimulus.key}. S3 first checks "
                   f"the credentials {actor} signs with: "
                   + (f"the {decision.policy} allows {action} ({decision.matched})."
                      if allowed else f"{decision.reason}."),
                   payload={"operation": operation, **request}, permission=decision, flow=flow,
                   chapter_step=1 if operation == "PutObject" else None,
                   tags=() if allowed else ("denied",))
        expired = expired_error(decision, "s3")
        if expired:  # §13 A6: S3 says ExpiredToken, 400, before reading any policy
            rec.record("error", bucket, actor, "push", f"{bucket} answers {expired[0]} {expired[1]}",
                       f"S3 refuses the {operation} because {decision.reason}: nothing is "
                       f"written, so no event is sent and no function runs.",
                       payload={"Error": {"Code": expired[1], "Message": expired[2]}},
                       status=expired[0], flow=flow, tags=("denied",))
            return
        if not allowed:
            rec.record("error", bucket, actor, "push", f"{bucket} answers 403 AccessDenied",
                       f"S3 refuses the {operation}: nothing is written, so no event is sent "
                       f"and no function runs.",
                       payload={"Error": {"Code": "AccessDenied", "Message": "Access Denied"}},
                       status=403, flow=flow, tags=("denied",))
            return
        write = apply(flow)
        self._record_response(write, operation, actor)
        if write.event_type:
            self.chain.notify(write)

    def _record_response(self, write: Write, operation: str, actor: str) -> None:
        headers = {"x-amz-request-id": write.request_id, "x-amz-id-2": write.host_id}
        if write.obj is not None:
            headers["ETag"] = f'"{write.obj.etag}"'
        if write.version_id:
            headers["x-amz-version-id"] = write.version_id
        status = 200 if operation == "PutObject" else 204
        what = (f"stores {write.key} ({write.obj.size:,} bytes)" if write.obj
                else f"deletes {write.key}")
        self.sim.recorder.record(
            "response", write.bucket, actor, "push", f"{write.bucket} {what}: {status}",
            f"S3 {what} in {write.bucket} and answers {actor} with {status}. {actor} is done: "
            f"whatever happens next happens inside AWS, without {actor} waiting for it.",
            status=status, headers=headers, flow=write.flow)

    # ------------------------------------------------------------------ state changes
    def _store(self, bucket: str, key: str, body: bytes, content_type: str, caller,
               writer: str, flow: str) -> Write:
        etag = hashlib.md5(body).hexdigest()
        body_ref = f"s3/{etag}"
        if body_ref not in self.blobs:  # a Blob: packed trace state refers to it, never copies it
            self.blobs[body_ref] = Blob(body, body_ref)
        body = self.blobs[body_ref]
        version_id = self._version_id(bucket)
        obj = StoredObject(key, len(body), etag, content_type, self.sim.iso_time(), version_id,
                           body_ref, writer)
        self.objects[bucket].pop(key, None)  # re-inserted: the dict keeps write order
        self.objects[bucket][key] = obj
        self._listed[bucket][key] = {**obj.to_state(), "body": body}
        self._publish(bucket)
        return self._write(bucket, key, "s3:ObjectCreated:Put", obj, version_id, caller, writer,
                           flow)

    def _remove(self, bucket: str, key: str, caller, writer: str, flow: str) -> Write:
        existed = self.objects[bucket].pop(key, None) is not None
        self._listed[bucket].pop(key, None)
        self._publish(bucket)
        if self._versioned(bucket):
            return self._write(bucket, key, "s3:ObjectRemoved:DeleteMarkerCreated", None,
                               self._version_id(bucket), caller, writer, flow)
        return self._write(bucket, key, "s3:ObjectRemoved:Delete" if existed else "", None, None,
                           caller, writer, flow)

    def _write(self, bucket, key, event_type, obj, version_id, caller, writer, flow) -> Write:
        request_id, host_id = self._request_ids()
        return Write(bucket, key, event_type, obj, version_id, self._next_sequencer(),
                     self.sim.iso_time(), request_id, host_id, self.principal_id(caller),
                     self.source_ip(writer), writer, flow)

    def _versioned(self, bucket: str) -> bool:
        return bool(getattr(self.buckets[bucket], "versioning", False))

    def _version_id(self, bucket: str) -> str | None:
        if not self._versioned(bucket):
            return None
        return base64.b32encode(bytes.fromhex(self.sim.ids.hex(20))).decode().rstrip("=")

    def _publish(self, bucket: str) -> None:
        """Bucket state: each object's description plus its bytes, shared with `blobs` (not
        copied), so the inspector can preview images without the trace growing per step.
        Only the `MAX_LISTED` most recent writes are listed, so a load test stays fast."""
        objects, listed = self.objects[bucket], self._listed[bucket]
        recent = sorted(islice(reversed(objects), MAX_LISTED))  # not a copy of every key
        self.sim.recorder.set_state(bucket, "objects", {key: listed[key] for key in recent})
        self.sim.recorder.set_state(bucket, "object_count", len(objects))

    # ------------------------------------------------------------------ SDK (a function's calls)
    def sdk_target(self, operation: str, params: dict[str, Any]) -> SdkTarget:
        bucket, key = params.get("Bucket", ""), params.get("Key", "")
        action = {"GetObject": "s3:GetObject", "HeadObject": "s3:GetObject",
                  "PutObject": "s3:PutObject", "DeleteObject": "s3:DeleteObject"}.get(operation)
        if action is None:
            return SdkTarget(f"s3:{operation}", self.sim.bucket_arn(bucket), bucket)
        return SdkTarget(action, f"{self.sim.bucket_arn(bucket)}/{key}", bucket)

    def sdk_get_object(self, params, caller, flow) -> dict[str, Any]:
        obj = self._existing(params, caller, "GetObject", flow)
        return {"Body": io.BytesIO(self.blobs[obj.body_ref]), "ContentLength": obj.size,
                "ContentType": obj.content_type, "ETag": f'"{obj.etag}"',
                "LastModified": obj.last_modified,
                **({"VersionId": obj.version_id} if obj.version_id else {})}

    def sdk_head_object(self, params, caller, flow) -> dict[str, Any]:
        response = self.sdk_get_object(params, caller, flow)
        response.pop("Body")
        return response

    def sdk_put_object(self, params, caller, flow) -> dict[str, Any]:
        bucket, key = self._bucket(params, "PutObject"), params["Key"]
        body = params.get("Body", b"")
        body = body.encode() if isinstance(body, str) else bytes(body)
        content_type = params.get("ContentType") or DEFAULT_CONTENT_TYPE
        writer = caller.node
        write = self._store(bucket, key, body, content_type, caller, writer, flow)
        self.chain.notify(write, writer_flow=flow)
        return {"ETag": f'"{write.obj.etag}"',
                **({"VersionId": write.version_id} if write.version_id else {})}

    def sdk_delete_object(self, params, caller, flow) -> dict[str, Any]:
        bucket = self._bucket(params, "DeleteObject")
        write = self._remove(bucket, params["Key"], caller, caller.node, flow)
        if write.event_type:
            self.chain.notify(write, writer_flow=flow)
        return {"DeleteMarker": True, "VersionId": write.version_id} if write.version_id else {}

    def _bucket(self, params, operation) -> str:
        bucket = params.get("Bucket")
        if bucket not in self.objects:
            raise ClientError("NoSuchBucket", operation, "The specified bucket does not exist")
        return bucket

    def _existing(self, params, caller, operation, flow=None) -> StoredObject:
        """The object, or the error S3 gives: without s3:ListBucket a missing key is a 403."""
        bucket = self._bucket(params, operation)
        obj = self.objects[bucket].get(params.get("Key"))
        if obj is not None:
            return obj
        key = params.get("Key")
        may_list = self.sim.services["iam"].check_identity(
            caller, "s3:ListBucket", self.sim.bucket_arn(bucket))
        if may_list.decision == "allow":
            error = ClientError("NoSuchKey", operation, "The specified key does not exist.")
            status, why = 404, (f"There is no object {key} in {bucket}. Because the caller may "
                                f"list the bucket (s3:ListBucket, {may_list.matched}), S3 says "
                                f"so plainly: 404 NoSuchKey.")
        else:
            error = ClientError("AccessDenied", operation, "Access Denied")
            status, why = 403, (
                f"There is no object {key} in {bucket}, but S3 answers 403 AccessDenied, not "
                f"404: the caller may not list the bucket (no s3:ListBucket on "
                f"{self.sim.bucket_arn(bucket)}), and S3 will not tell such a caller whether "
                f"the key exists. Grant s3:ListBucket to get 404 NoSuchKey instead.")
        # API_GetObject: without s3:ListBucket a missing key is a 403 (§6).
        self.sim.recorder.record("error", bucket, caller.node, "internal",
                                 f"{bucket} answers {status} {error.response['Error']['Code']} "
                                 f"for {key}", why, payload=error.response, status=status,
                                 permission=may_list, flow=flow,
                                 tags=("denied",) if status == 403 else ())
        raise error


__all__ = ["S3Service", "StoredObject", "Write", "find_asset", "matching_configurations",
           "S3_PRINCIPAL"]
