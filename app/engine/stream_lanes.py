"""ParallelizationFactor: up to N batches of one shard at once, in order per key.

docs/reference/lambda-behaviour.md §17 (KIN, DDB, KIN22, BOTOM) and §5:
https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html.
- ParallelizationFactor (1–10, default 1) is how many batches of one shard Lambda processes at
  the same time; 100 shards at 2 give up to 200 concurrent invokes.
- Order still holds per partition key (Kinesis) or per item, its partition and sort key
  (DynamoDB Streams).

How the records of a shard are split is not documented. LambdaScope splits a shard into N
*lanes*: a key joins a lane the first time it appears (keys take turns, so a small lesson's few
keys spread out), and keeps it. Each lane is a `LaneShard`, read by an ordinary
`ShardPoller`, so batching, retries, bisect, partial responses and filters work per lane exactly
as they do per shard. The checkpoint stays one per shard (what Lambda stores for a shard): it
moves only past records that are done in every lane, so a failing key blocks its own lane and
holds the shard's checkpoint, while other lanes carry on.
"""

from __future__ import annotations

import json
from typing import Any

from app.engine.stream_shard import Shard, StreamRecord

LANE_CAVEAT = ("AWS does not document how Lambda splits a shard among its concurrent batches. "
               "LambdaScope gives each partition key (each item key for DynamoDB) a lane of its "
               "own the first time the key appears, keys taking turns, and keeps it there: that "
               "keeps each key in order, as AWS documents.")


def record_key(record: StreamRecord) -> str:
    """The key whose order ParallelizationFactor keeps: Kinesis `partitionKey`, DynamoDB
    `dynamodb.Keys` (partition and sort key)."""
    doc = record.document
    if "partitionKey" in doc:
        return str(doc["partitionKey"])
    keys = doc.get("dynamodb", {}).get("Keys", {})
    return json.dumps(keys, sort_keys=True, separators=(",", ":"))


class LaneShard(Shard):
    """The records of one lane of a shard, in shard order; read like a shard by a poller.
    `shard_id` is the real shard's (the events name it); `scope` names the lane for narration."""

    def __init__(self, shard: Shard, index: int, count: int):
        super().__init__(shard.env, shard.shard_id, shard.retention_ms, shard.hash_key_range)
        self.index, self.count = index, count

    @property
    def scope(self) -> str:
        return f"lane {self.index + 1} of {self.shard_id}"


class Lanes:
    """The lanes of one shard for one mapping, the pollers reading them, and the per-shard
    checkpoint they share."""

    def __init__(self, mapping, shard: Shard, count: int):
        self.m, self.shard, self.count = mapping, shard, count
        self.lanes = [LaneShard(shard, i, count) for i in range(count)]
        self.pollers: list[Any] = []  # ShardPoller per lane, set by the mapping
        self._lane_of: dict[str, int] = {}
        self._place: dict[int, int] = {}  # record ordinal → its index in the shard
        self._done: dict[int, int] = {}  # lane → highest sequence number it has finished
        self._state: dict[int, dict[str, Any]] = {}
        self._checkpoint: str | None = None
        self.batches = 0  # one numbering per shard keeps batch flows unique
        for record in shard.records:
            self._route(record)
        shard.subscribe(self._route)

    def _route(self, record: StreamRecord) -> None:
        self._place[record.ordinal] = len(self._place)
        key = record_key(record)
        if key not in self._lane_of:
            self._lane_of[key] = len(self._lane_of) % self.count
        self.lanes[self._lane_of[key]].append(record)

    def next_batch(self) -> int:
        self.batches += 1
        return self.batches

    # ------------------------------------------------------------------ the shared checkpoint
    def update(self, lane: LaneShard, values: dict[str, Any]) -> None:
        """A lane's poller reports its state (`checkpoint` = the last record it finished);
        the mapping is told the shard's state: the shared checkpoint, blocked if any lane is."""
        if "checkpoint" in values and values["checkpoint"] is not None:
            self._done[lane.index] = max(self._done.get(lane.index, -1), int(values["checkpoint"]))
        self._state[lane.index] = {**self._state.get(lane.index, {}),
                                   **{k: v for k, v in values.items() if k != "checkpoint"}}
        self._checkpoint = self._shard_checkpoint()
        lanes = {f"lane {i + 1}": dict(s) for i, s in sorted(self._state.items())}
        self.m.update_shard(self.shard.shard_id, checkpoint=self._checkpoint,
                            blocked=any(s.get("blocked") for s in self._state.values()),
                            parallelization_factor=self.count, lanes=lanes)

    @property
    def checkpoint(self) -> str | None:
        return self._checkpoint

    def oldest_open(self) -> tuple[int, StreamRecord] | None:
        """(lane index, record) of the shard's oldest record not yet finished in its lane."""
        fronts = []
        for i, lane in enumerate(self.lanes):
            start = self.pollers[i].position if i < len(self.pollers) else 0
            done = self._done.get(i, -1)
            front = next((r for r in lane.records[start:] if int(r.sequence_number) > done), None)
            if front is not None:
                fronts.append((int(front.sequence_number), i, front))
        if not fronts:
            return None
        _, i, record = min(fronts)
        return i, record

    def _shard_checkpoint(self) -> str | None:
        """The last record of the shard before the oldest one still open; never moves back."""
        open_ = self.oldest_open()
        records = self.shard.records
        if open_ is None:
            candidate = records[-1].sequence_number if records else None
        else:
            place = self._place[open_[1].ordinal]
            candidate = records[place - 1].sequence_number if place else None
        if candidate is None or (self._checkpoint is not None
                                 and int(candidate) <= int(self._checkpoint)):
            return self._checkpoint
        return candidate


# ---------------------------------------------------------------------- what the steps say
def _key_word(poller) -> str:
    return "partition key" if poller.source.source_kind == "kinesis" else "item key"


def lanes_text(poller, first: bool = False) -> str:
    """A sentence for a lane's poll: what the lane holds and why there are several; `first`:
    the shard's first poll, before any lane has records."""
    lane, n = poller.shard, poller.lanes.count
    if first:
        return (f" With ParallelizationFactor {n}, Lambda will run up to {n} batches of "
                f"{lane.shard_id} at once, in {n} lanes: all records of one "
                f"{_key_word(poller)} go to the same lane, so each {_key_word(poller)} stays in "
                f"order (§17).")
    return (f" With ParallelizationFactor {n}, Lambda runs up to {n} batches of "
            f"{lane.shard_id} at once; this is {lane.scope}, which holds every record of its "
            f"{_key_word(poller)}s, so each {_key_word(poller)} stays in order (§17).")


def held_text(poller) -> str:
    """A sentence for a retry in one lane: the other lanes go on, the checkpoint waits."""
    cp = poller.lanes.checkpoint
    return (f" The other lanes of {poller.shard.shard_id} carry on with their own "
            f"{_key_word(poller)}s, but the shard's one checkpoint cannot pass this batch"
            + (f" and stays at #{cp[-6:]}." if cp else "."))


def lane_checkpoint(poller, a) -> None:
    """The step for a lane's finished batch: the shard's checkpoint moved, or why it did not."""
    lanes, last = poller.lanes, a.records[-1]
    cp, open_ = lanes.checkpoint, lanes.oldest_open()
    shard = poller.shard.shard_id
    if open_ is not None and int(open_[1].sequence_number) < int(last.sequence_number):
        lane_no, record = open_[0] + 1, open_[1]
        moved = (f"Lambda keeps one checkpoint per shard, and lane {lane_no} has not finished "
                 f"record #{record.sequence_number[-6:]} ({record.label}), which is older, so "
                 + (f"the checkpoint of {shard} stays at #{cp[-6:]}" if cp else
                    f"{shard} has no checkpoint yet")
                 + ". The records of this batch are done, though: they are not sent again.")
        summary = f"{poller.shard.scope} done; checkpoint of {shard} " + (
            f"stays at #{cp[-6:]}" if cp else "not set yet")
    else:
        moved = (f"Every older record of {shard} is done in its lane too, so Lambda moves the "
                 f"shard's one checkpoint to #{cp[-6:] if cp else '?'}.")
        summary = f"checkpoint {shard} at #{cp[-6:] if cp else '?'} ({poller.shard.scope})"
    payload = {"ShardId": shard, "Lane": poller.shard.index + 1,
               "LaneSequenceNumber": last.sequence_number, "BatchSize": len(a.records)}
    if cp:
        payload["SequenceNumber"] = cp
    poller._record("checkpoint", summary,
                   f"{poller.m.function} handled the batch of {poller.shard.scope}. {moved}",
                   payload=payload, flow=a.flow)
