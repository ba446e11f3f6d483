"""A shard: the ordered, append-only list of records that Kinesis and DynamoDB Streams share.

Pollers never spin while a shard is quiet (docs/decisions/0002): they wait on `arrival()`, an
event the next `append` triggers. Positions are list indices; retention hides old records
rather than deleting them, so a position stays valid for the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import simpy


@dataclass(frozen=True, slots=True)
class StreamRecord:
    """One record as the source stores it; `document` is its entry in the event's `Records`."""

    shard_id: str
    sequence_number: str
    ordinal: int  # global 1-based write order across the run's streams (faults.fail_on_record)
    arrival_ms: float
    document: dict[str, Any] = field(hash=False, compare=False)
    size_bytes: int = 0
    label: str = ""  # a few words for narration: the partition key, or the item's key


class Shard:
    def __init__(self, env: simpy.Environment, shard_id: str, retention_ms: float,
                 hash_key_range: tuple[int, int] | None = None):
        self.env = env
        self.shard_id = shard_id
        self.retention_ms = retention_ms
        self.hash_key_range = hash_key_range
        self.records: list[StreamRecord] = []
        self._waiters: list[simpy.Event] = []
        self._subscribers: list = []

    @property
    def scope(self) -> str:
        """What narration calls the part a poller reads: the shard (a lane of it, with
        ParallelizationFactor: app.engine.stream_lanes)."""
        return self.shard_id

    def subscribe(self, callback) -> None:
        """Call `callback(record)` on every later append (ParallelizationFactor's lanes)."""
        self._subscribers.append(callback)

    def append(self, record: StreamRecord) -> None:
        self.records.append(record)
        for callback in self._subscribers:
            callback(record)
        waiters, self._waiters = self._waiters, []
        for event in waiters:
            if not event.triggered:
                event.succeed(record)

    def arrival(self) -> simpy.Event:
        """An event that fires when the next record is appended."""
        event = self.env.event()
        self._waiters.append(event)
        return event

    def expires_at(self, record: StreamRecord) -> float:
        return record.arrival_ms + self.retention_ms

    def trim_horizon(self, now: float, start: int = 0) -> int:
        """Index of the oldest record still retained at `now` (searching from `start` on)."""
        for i in range(start, len(self.records)):
            if self.expires_at(self.records[i]) > now:
                return i
        return len(self.records)

    def first_at_or_after(self, time_ms: float) -> int:
        """Index of the first record that arrived at or after `time_ms` (AT_TIMESTAMP, LATEST)."""
        for i, record in enumerate(self.records):
            if record.arrival_ms >= time_ms:
                return i
        return len(self.records)

    def summary(self) -> dict[str, Any]:
        """What the inspector shows for this shard."""
        out: dict[str, Any] = {"records": len(self.records),
                               "last_sequence_number": self.records[-1].sequence_number
                               if self.records else None}
        if self.hash_key_range is not None:
            out["hash_key_range"] = [str(self.hash_key_range[0]), str(self.hash_key_range[1])]
        return out
