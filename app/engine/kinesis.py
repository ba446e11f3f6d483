"""Amazon Kinesis Data Streams: shards, PutRecord, and what Lambda's pollers read.

A partition key picks its shard the way Kinesis does: the MD5 of the key, read as a 128-bit
integer, falls into one shard's hash-key range; a new stream splits the range into equal parts.
Sequence numbers are 56-digit decimal strings, increasing within a shard.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from app.engine.events.kinesis import data_bytes, kinesis_event, kinesis_record
from app.engine.signing import expired_error, stopped_before_sending
from app.engine.stream_shard import Shard, StreamRecord

HASH_SPACE = 2 ** 128
POLL_INTERVAL_MS = 1000.0  # lambda-behaviour.md §5 (KIN): each shard polled once per second
READ_ACTIONS = ("kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords",
                "kinesis:ListShards")  # part of AWSLambdaKinesisExecutionRole, §6 (MPK)


def hash_key_ranges(shard_count: int) -> list[tuple[int, int]]:
    """Equal, contiguous [start, end] ranges covering 0 … 2^128 − 1, as CreateStream makes them."""
    starts = [i * HASH_SPACE // shard_count for i in range(shard_count)] + [HASH_SPACE]
    return [(starts[i], starts[i + 1] - 1) for i in range(shard_count)]


def hash_key(partition_key: str) -> int:
    return int.from_bytes(hashlib.md5(partition_key.encode("utf-8")).digest(), "big")


def shard_index(partition_key: str, shard_count: int) -> int:
    """Which shard a partition key lands on."""
    h = hash_key(partition_key)
    for i, (start, end) in enumerate(hash_key_ranges(shard_count)):
        if start <= h <= end:
            return i
    raise AssertionError("hash ranges cover the whole key space")


def shard_id(index: int) -> str:
    return f"shardId-{index:012d}"


class KinesisStream:
    """One stream, and the face it shows to an event source mapping's pollers."""

    source_kind = "kinesis"
    batch_info_key = "KinesisBatchInfo"
    poll_interval_ms = POLL_INTERVAL_MS
    read_actions = READ_ACTIONS
    supports_at_timestamp = True

    def __init__(self, sim, name: str, resource):
        self.sim = sim
        self.name = name
        self.node = name
        self.arn = sim.kinesis_arn(name)
        self.retention_ms = resource.retention_period_hours * 3_600_000.0
        self._tag = int(hashlib.md5(self.arn.encode()).hexdigest(), 16) % 10 ** 20
        self.shards = [Shard(sim.env, shard_id(i), self.retention_ms, r)
                       for i, r in enumerate(hash_key_ranges(resource.shard_count))]

    @property
    def retention_hours(self) -> float:
        return self.retention_ms / 3_600_000.0

    def sequence_number(self, index: int, count: int) -> str:
        """56 digits: stream tag, shard, arrival time, then a per-shard counter (so increasing)."""
        return f"49{self._tag:020d}{index:04d}{int(self.sim.now):012d}{count:018d}"

    def append(self, partition_key: str, data: Any) -> StreamRecord:
        index = shard_index(partition_key, len(self.shards))
        shard = self.shards[index]
        seq = self.sequence_number(index, len(shard.records) + 1)
        raw = data_bytes(data)
        document = {"partitionKey": partition_key, "sequenceNumber": seq, "data": raw,
                    "arrival_epoch_s": self.sim.epoch_seconds()}
        record = StreamRecord(shard.shard_id, seq, self.sim.ids.next("stream-record"),
                              self.sim.now, document, len(raw) + len(partition_key.encode()),
                              f"partition key {partition_key}")
        shard.append(record)
        self.sim.recorder.set_state(self.node, "shards",
                                    {s.shard_id: s.summary() for s in self.shards})
        return record

    def event_for(self, records: list[StreamRecord], role_arn: str) -> dict[str, Any]:
        """The event a batch becomes; `invokeIdentityArn` is the mapping's execution role."""
        return kinesis_event([kinesis_record(
            shard_id=r.shard_id, sequence_number=r.sequence_number,
            partition_key=r.document["partitionKey"], data=r.document["data"],
            arrival_epoch_s=r.document["arrival_epoch_s"], role_arn=role_arn,
            region=self.sim.region, stream_arn=self.arn) for r in records])

    def arrival_iso(self, record: StreamRecord) -> str:
        return self.sim.iso_time(record.arrival_ms)


class KinesisService:
    """`sim.services["kinesis"]`: every kinesis_stream of the scenario."""

    def __init__(self, sim):
        self.sim = sim
        self.streams = {name: KinesisStream(sim, name, res)
                        for name, res in sim.scenario.of_type("kinesis_stream").items()}
        for stream in self.streams.values():
            sim.recorder.set_state(stream.node, "shards",
                                   {s.shard_id: s.summary() for s in stream.shards})
            sim.recorder.set_state(stream.node, "retention_hours", stream.retention_hours)

    def put_record(self, stimulus, caller):
        """PutRecord by an actor (chapter Example 2, step 1). A SimPy process."""
        stream = self.streams[stimulus.stream]
        rec = self.sim.recorder
        request = {"StreamName": stream.name, "PartitionKey": stimulus.partition_key,
                   "Data": kinesis_record_data(stimulus.data)}
        if stopped_before_sending(self.sim, caller, caller.node, stream.node, "PutRecord", "pull"):
            return None
        decision = self.sim.services["iam"].check_identity(caller, "kinesis:PutRecord", stream.arn)
        rec.record("request", caller.node, stream.node, "pull",
                   f"{caller.node} → PutRecord on {stream.name} (key {stimulus.partition_key})",
                   _put_narration(caller.node, stream.name, stimulus, decision.decision == "allow"),
                   payload=request, permission=decision, chapter_step=1,
                   tags=() if decision.decision == "allow" else ("denied",))
        expired = expired_error(decision, "kinesis")
        if expired:  # §13 A6: refused before any policy is read
            rec.record("response", stream.node, caller.node, "pull", f"{expired[0]} {expired[1]}",
                       f"Kinesis refuses: {decision.reason}. Nothing is written to the stream.",
                       payload={"__type": expired[1], "message": expired[2]}, status=expired[0],
                       tags=("denied",))
            return None
        if decision.decision != "allow":
            rec.record("response", stream.node, caller.node, "pull",
                       "400 AccessDeniedException",
                       f"Kinesis refuses: {decision.reason}. Nothing is written to the stream.",
                       payload={"__type": "AccessDeniedException",
                                "message": f"User: {caller.display} is not authorized to perform: "
                                           f"kinesis:PutRecord on resource: {stream.arn}"},
                       status=400, tags=("denied",))
            return None
        record = stream.append(stimulus.partition_key, stimulus.data)
        rec.record("response", stream.node, caller.node, "pull",
                   f"200 {record.shard_id} #{record.sequence_number[-6:]}",
                   f"Kinesis hashes the partition key '{stimulus.partition_key}' to "
                   f"{record.shard_id} and stores the record there with the next sequence "
                   f"number of that shard. The record stays readable for "
                   f"{stream.retention_hours:g} hours.",
                   payload={"ShardId": record.shard_id, "SequenceNumber": record.sequence_number},
                   status=200)
        return record
        yield  # a SimPy process, even though PutRecord takes no simulated time

    # -- for function code's SDK calls (context.sdk.kinesis.put_record; builtin.forward)
    def sdk_target(self, operation: str, params: dict):
        from app.handlers.sdk import SdkTarget
        name = str(params.get("StreamName", ""))
        return SdkTarget(f"kinesis:{operation}", self.sim.kinesis_arn(name), name)

    def sdk_put_record(self, params, caller, flow) -> dict:
        """PutRecord from function code (identity checked by the SDK). Kinesis is not a service
        Lambda sees loops through (§13 A2c), so no chain travels."""
        from app.handlers.sdk import ClientError
        stream = self.streams.get(params.get("StreamName"))
        if stream is None:
            raise ClientError("ResourceNotFoundException", "PutRecord", "Stream not found")
        record = stream.append(str(params["PartitionKey"]), params["Data"])
        return {"ShardId": record.shard_id, "SequenceNumber": record.sequence_number}


def kinesis_record_data(data: Any) -> str:
    """`Data` as the PutRecord request carries it (base64 on the wire)."""
    return base64.b64encode(data_bytes(data)).decode("ascii")


def _put_narration(actor: str, stream: str, stimulus, allowed: bool) -> str:
    text = (f"The application {actor} writes a record to the Kinesis stream {stream}, with "
            f"partition key '{stimulus.partition_key}'.")
    if not allowed:
        return text + " Its credentials do not allow kinesis:PutRecord on this stream."
    return text + " Its identity policy allows kinesis:PutRecord on the stream."
