"""One poller per shard: read, batch, invoke synchronously, checkpoint, or retry and block.

The rules (lambda-behaviour.md §5, KIN/DDB/KP/DP; §11 for throttles):
- records of a shard go to the function in order, one batch at a time; with
  ParallelizationFactor N, up to N batches at once, in order per key (§17; one poller per lane,
  app/engine/stream_lanes.py);
- a failed batch is retried whole, and nothing later from that shard is sent until it succeeds
  or is discarded (MaximumRetryAttempts, MaximumRecordAgeInSeconds, or expiry of the records);
  then the shard moves on to the records after it (KOF/DOF);
- BisectBatchOnFunctionError splits a failing batch in two without using up a retry;
- throttles are retried until the records are too old or expire, not counted as retries.
AWS does not document the wait between stream retries: here a retry happens at the next poll.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from typing import Any

from app.engine.stream_batch_items import drop_filtered, partial_response
from app.engine.stream_first_poll import PROBLEM_CAVEAT, first_poll, read_permission  # noqa: F401
from app.engine.stream_failure import discard, expire, records, unbounded_retry_plan
from app.engine.stream_outlook import failure_repeats
from app.engine.stream_lanes import held_text, lane_checkpoint, lanes_text


MAX_BATCH_BYTES = 6 * 1024 * 1024  # §5 (ESM, KIN): a batch is cut at 6 MB
SHOWN_RETRIES = 3  # retries shown in full before a long block is fast-forwarded
RETRY_CAVEAT = ("AWS does not document how long Lambda waits between retries of a stream batch; "
                "the simulation retries at the shard's next poll.")



@dataclass
class Attempt:
    """A batch on its way through retries: a contiguous run of the shard's records."""

    start: int
    records: list
    retries: int = 0
    invokes: int = 0
    shown: int = 0
    last_response: Any = None
    flow: str = ""
    skip: frozenset = frozenset()  # ordinals of records no filter matches (§16): never sent


class ShardPoller:
    """Reads one shard (or, with ParallelizationFactor above 1, one lane of it: `lanes` is then
    the shard's app.engine.stream_lanes.Lanes and `shard` its LaneShard)."""

    def __init__(self, mapping, shard, lanes=None):
        self.m = mapping
        self.shard = shard
        self.lanes = lanes
        self.sim = mapping.sim
        self.source = mapping.source
        self.config = mapping.config
        self.position = 0  # index in shard.records of the next record to read
        self.start_ms = -math.inf
        self.catching_up = False  # more records were waiting than the last batch took
        self.last_poll = -math.inf
        self.batches = 0
        self._read_decision = None
        self._first_read: str | None = None  # caveat of a first poll that found records waiting

    # ------------------------------------------------------------------ the process
    def run(self):
        env = self.sim.env
        if self.m.created_at > env.now:
            yield env.timeout(self.m.created_at - env.now)
        self.position = self._start_position()
        self.last_poll = env.now
        self.update_shard(checkpoint=None, blocked=False)
        if not self._first_poll():
            return
        while True:
            if self.position >= len(self.shard.records):
                self.catching_up = False
                yield self.shard.arrival()  # idle: nothing is scheduled until a write
            if not self.catching_up and self._first_read is None:
                yield env.timeout(self._next_tick() - env.now)
            self.last_poll = env.now
            self._skip_expired()
            if self.position >= len(self.shard.records):
                continue
            waiting = len(self.shard.records) - self.position
            attempt = yield from self._gather()
            # §5 (KIN): when more records are waiting, Lambda keeps reading batches until it
            # has caught up, without waiting for the next poll.
            self.catching_up = waiting > len(attempt.records)
            if not drop_filtered(self, attempt):  # §16: every record filtered out
                continue
            yield from self._deliver(attempt)

    def _start_position(self) -> int:
        """Where reading starts; `start_ms` also hides records that arrive later but are older."""
        c = self.config
        if c.starting_position == "TRIM_HORIZON":
            self.start_ms = -math.inf
            return self.shard.trim_horizon(self.sim.now)
        if c.starting_position == "AT_TIMESTAMP":
            self.start_ms = c.starting_position_timestamp
        else:  # LATEST: only what is written once the mapping exists
            self.start_ms = self.m.created_at
        return self.shard.first_at_or_after(self.start_ms)

    def _next_tick(self) -> float:
        """The next poll time: ticks every poll interval from the mapping's creation."""
        interval, origin = self.source.poll_interval_ms, self.m.created_at
        t = origin + math.ceil((self.sim.now - origin) / interval - 1e-9) * interval
        while t <= self.last_poll:
            t += interval
        return t

    # ------------------------------------------------------------------ reading
    _read_permission = read_permission  # app/engine/stream_first_poll.py
    _first_poll = first_poll

    def _skip_expired(self) -> None:
        """Skip records written before the starting point (AT_TIMESTAMP, LATEST) or expired."""
        while (self.position < len(self.shard.records)
               and self.shard.records[self.position].arrival_ms < self.start_ms):
            self.position += 1
        horizon = self.shard.trim_horizon(self.sim.now, self.position)
        if horizon > self.position:
            lost = horizon - self.position
            self.position = horizon
            self._record("poll", f"{records(lost)} expired unread on {self.shard.scope}",
                         f"{records(lost)} on {self.shard.scope} passed the stream's "
                         f"retention before Lambda read them; they are gone.", tags=("expired",))

    def _gather(self):
        """Take a batch now, or open the batching window and wait for more records."""
        env, c = self.sim.env, self.config
        window = c.maximum_batching_window_in_seconds * 1000.0
        waiting = len(self.shard.records) - self.position
        if window <= 0 or waiting >= c.batch_size:
            attempt = self._take()
            self._record_poll(attempt, waiting)
            return attempt
        deadline = env.now + window
        self._record_poll(None, waiting, window_until=deadline)
        while len(self.shard.records) - self.position < c.batch_size and env.now < deadline:
            yield env.any_of([self.shard.arrival(), env.timeout(deadline - env.now)])
        attempt = self._take()
        full = len(attempt.records) >= c.batch_size
        self._record("batch", f"batch of {len(attempt.records)} ready "
                              f"({'batch full' if full else 'window over'})",
                     f"{'The batch is full' if full else 'The batching window is over'}: Lambda "
                     f"now invokes {self.m.function} with {records(len(attempt.records))} from "
                     f"{self.shard.shard_id}.", payload=self._records_summary(attempt),
                     flow=attempt.flow)
        return attempt

    def _take(self) -> Attempt:
        """Up to BatchSize records from the position on, cut at 6 MB (at least one record)."""
        batch, size = [], 0
        for record in self.shard.records[self.position:self.position + self.config.batch_size]:
            doc = json.dumps(self.source.event_for([record], self.m.role_arn)["Records"][0])
            if batch and size + len(doc) > MAX_BATCH_BYTES:
                break
            batch.append(record)
            size += len(doc)
        self.batches += 1
        number = self.lanes.next_batch() if self.lanes is not None else self.batches
        flow = f"{self.m.name}/{self.shard.shard_id}/batch-{number}"
        return Attempt(self.position, batch, flow=flow)

    def _record_poll(self, attempt: Attempt | None, waiting: int, window_until: float = 0.0):
        c = self.config
        if attempt is None:
            taken = f"it holds them for up to {c.maximum_batching_window_in_seconds} s " \
                    f"(MaximumBatchingWindowInSeconds), until {c.batch_size} are waiting"
            summary = f"poll {self.shard.scope}: {records(waiting)}, batching window open"
        else:
            taken = (f"it takes {len(attempt.records)} (BatchSize {c.batch_size}) and invokes "
                     f"{self.m.function} synchronously")
            summary = f"poll {self.shard.scope}: {records(waiting)} → batch of {len(attempt.records)}"
        first, self._first_read = self._first_read, None
        if first is not None:
            rate = "once a second" if self.source.source_kind == "kinesis" else "four times a second"
            how = (f"The event source mapping {self.m.name} is a Lambda resource, so Lambda itself "
                   f"polls {self._where()}, {rate}. Its first poll starts at "
                   f"{c.starting_position} and finds {records(waiting)} already waiting, written "
                   f"before the mapping existed")
        elif self.catching_up:
            how = (f"Lambda is still behind on {self.shard.shard_id}, so it reads on at once "
                   f"instead of waiting for the next poll, and finds {records(waiting)}")
        else:
            how = f"Lambda polls {self._where()} and finds {records(waiting, 'new')}"
        self._record("poll", summary,
                     f"{how}; {taken}.{self._lanes_text()} "
                     f"It reads with the role {self.m.role}. Lambda needs no permission on "
                     f"{self.m.function} to invoke it: Lambda itself is the caller.",
                     payload=self._get_records_response(waiting), permission=self._read_permission(),
                     chapter_step=2, flow=attempt.flow if attempt else None,
                     caveat=first or None)

    # ------------------------------------------------------------------ delivering
    def _deliver(self, first: Attempt):
        """Invoke until the batch succeeds, is discarded, or its oldest records expire (§5,
        KOF/DOF); then `position` is where reading goes on."""
        pending = [first]
        while pending:
            a = pending[0]
            if self.sim.now >= self.shard.expires_at(a.records[0]):
                self.position = expire(self, a)  # the rest is read again from the stream
                pending.clear()
                continue
            if self._too_old(a):
                self._resolve(pending, discard(self, a, "RecordAgeExceeded"))
                continue
            response = yield from self._invoke(a)
            if response.ok and self.config.report_batch_item_failures:
                response = partial_response(self, a, response)  # §15: may split the batch
            if response.ok:
                self._resolve(pending, self._checkpoint(a))
                continue
            throttled = response.status == 429
            if (not throttled and self.config.bisect_batch_on_function_error and len(a.records) > 1
                    and not getattr(response, "partial", False)):
                pending[0:1] = self._bisect(a)
                yield from self._wait_for_retry(pending[0])
                continue
            limit = self.config.maximum_retry_attempts
            if not throttled and 0 <= limit <= a.retries:
                self._resolve(pending, discard(self, a, "RetryAttemptsExhausted"))
                continue
            # A long block is fast-forwarded only over attempts known to fail as this one did
            # (app.engine.stream_outlook); the others are played one by one.
            if a.shown >= SHOWN_RETRIES and failure_repeats(self, a, response):
                plan = unbounded_retry_plan(self, a, throttled)
                if plan is not None:
                    outcome = yield from plan
                    if outcome != "expiry":  # at expiry, the check above ends the batch
                        self._resolve(pending, discard(self, a, outcome))
                    continue
            yield from self._retry(a, throttled)

    def _resolve(self, pending: list[Attempt], new_position: int) -> None:
        pending.pop(0)
        self.position = new_position

    def _invoke(self, a: Attempt):
        lam, iam = self.sim.services["lambda"], self.sim.services["iam"]
        caller = iam.service_principal("lambda.amazonaws.com", "lambda", source_arn=self.m.arn,
                                       source_account=self.sim.account)
        self.update_shard(blocked=a.invokes > 0,
                          in_flight=[a.records[0].sequence_number, a.records[-1].sequence_number])
        sent = [r for r in a.records if r.ordinal not in a.skip]
        response = yield from lam.invoke(
            self.m.function, self.source.event_for(sent, self.m.role_arn),
            invocation_type="RequestResponse", caller=caller, source="lambda", model="pull",
            flow=a.flow, record_ordinals=[r.ordinal for r in sent], check_permission=False,
            chapter={"invoke": 3}, label=self._label(), retry=self._retry_text(a),
            qualifier=getattr(self.m.config, "qualifier", None),  # §18: a mapping on an alias
            note=(f"It is the same {records(len(a.records))} of {self.shard.shard_id} as before."
                  if a.invokes else None))
        a.invokes += 1
        a.last_response = response
        return response

    def _checkpoint(self, a: Attempt) -> int:
        last = a.records[-1]
        self.m.last_result = "OK"
        self.update_shard(checkpoint=last.sequence_number, blocked=False, in_flight=None)
        if self.lanes is not None:
            lane_checkpoint(self, a)
            return a.start + len(a.records)
        self._record("checkpoint", f"checkpoint {self.shard.shard_id} at #{last.sequence_number[-6:]}",
                     f"{self.m.function} handled the batch, so Lambda moves its checkpoint on "
                     f"{self.shard.shard_id} past sequence number {last.sequence_number}. The "
                     f"next batch from this shard starts after it.",
                     payload={"ShardId": self.shard.shard_id,
                              "SequenceNumber": last.sequence_number,
                              "BatchSize": len(a.records)}, flow=a.flow)
        return a.start + len(a.records)

    def update_shard(self, **values) -> None:
        """Report this poller's checkpoint/blocked/in-flight state: straight to the mapping, or
        through the shard's lanes, which keep one checkpoint for the whole shard (§17)."""
        if self.lanes is not None:
            self.lanes.update(self.shard, values)
        else:
            self.m.update_shard(self.shard.shard_id, **values)

    def _bisect(self, a: Attempt) -> list[Attempt]:
        half = len(a.records) // 2
        left = Attempt(a.start, a.records[:half], a.retries, flow=a.flow + "a", skip=a.skip)
        right = Attempt(a.start + half, a.records[half:], a.retries, flow=a.flow + "b", skip=a.skip)
        self._record("retry", f"bisect: {len(a.records)} → {half} + {len(a.records) - half}",
                     f"The batch failed and BisectBatchOnFunctionError is on, so Lambda splits "
                     f"it in two and tries the first half ({records(half)}) next, then the "
                     f"second. Splitting does not use up a retry. Nothing later from "
                     f"{self.shard.scope} is sent meanwhile.",
                     payload={"first": self._records_summary(left),
                              "second": self._records_summary(right)},
                     tags=("retry", "bisect"), flow=a.flow, caveat=RETRY_CAVEAT)
        return [left, right]

    def _retry(self, a: Attempt, throttled: bool):
        if not throttled:
            a.retries += 1
        a.shown += 1
        limit = self.config.maximum_retry_attempts
        of = (" after a throttle" if throttled else
              f" {a.retries} of {limit}" if limit >= 0 else f" {a.retries} (no limit)")
        why = ("was throttled (no concurrency was free), which Lambda retries until the records "
               "are too old or expire, without counting it as a retry"
               if throttled else f"failed, so Lambda will send the same "
                                 f"{records(len(a.records))} again")
        self.m.last_result = "PROBLEM: Function call failed"
        self.update_shard(blocked=True)
        self._record("retry", f"retry{of}: same {records(len(a.records))} of {self.shard.scope}",
                     f"The batch {why}. The {'lane' if self.lanes else 'shard'} is blocked: no "
                     f"later record from {self.shard.scope} reaches {self.m.function} until this "
                     f"batch succeeds or is discarded.{self._held_text()}",
                     payload=self._records_summary(a), tags=("retry",) + (("throttled",) if throttled else ()),
                     flow=a.flow, caveat=RETRY_CAVEAT)
        yield from self._wait_for_retry(a)

    def _wait_for_retry(self, a: Attempt):
        """Until the next poll, or until the batch's oldest record reaches
        MaximumRecordAgeInSeconds or expires if that comes first: it is discarded then (§5 KP)."""
        until = min(self._next_tick(), max(self.sim.now, self.shard.expires_at(a.records[0])))
        age = self.config.maximum_record_age_in_seconds
        if age >= 0:
            until = min(until, max(self.sim.now, a.records[0].arrival_ms + age * 1000.0))
        yield self.sim.env.timeout(until - self.sim.now)
        self.last_poll = self.sim.now

    def _too_old(self, a: Attempt) -> bool:
        age = self.config.maximum_record_age_in_seconds
        return age >= 0 and self.sim.now - a.records[0].arrival_ms >= age * 1000.0

    # ------------------------------------------------------------------ helpers
    def _label(self) -> str | None:
        """The shard id (and lane), when the mapping's batches interleave."""
        if self.lanes is not None:
            return self.shard.scope
        return self.shard.shard_id if len(self.source.shards) > 1 else None

    @staticmethod
    def _retry_text(a: Attempt) -> str | None:
        """How a re-invoke of the same batch starts its summary; None for a first invoke."""
        if not a.invokes:
            return None
        if a.last_response is not None and a.last_response.status == 429:
            return "retry of the batch after a throttle"
        return f"retry {a.retries} of the batch"

    def _lanes_text(self, first: bool = False) -> str:
        return lanes_text(self, first) if self.lanes is not None else ""

    def _held_text(self) -> str:
        return held_text(self) if self.lanes is not None else ""

    def _where(self) -> str:
        if self.source.source_kind == "kinesis":
            return f"{self.shard.shard_id} of the Kinesis stream {self.source.node}"
        return f"{self.shard.shard_id} of the stream of table {self.source.node}"

    def _managed_policy(self) -> str:
        return ("AWSLambdaKinesisExecutionRole" if self.source.source_kind == "kinesis"
                else "AWSLambdaDynamoDBExecutionRole")

    def _records_summary(self, a: Attempt) -> dict[str, Any]:
        return {"ShardId": self.shard.shard_id, "BatchSize": len(a.records),
                "StartSequenceNumber": a.records[0].sequence_number,
                "EndSequenceNumber": a.records[-1].sequence_number,
                "Records": [r.label for r in a.records]}

    def _get_records_response(self, waiting: int) -> dict[str, Any]:
        """The GetRecords answer the poll saw (Kinesis or DynamoDB Streams shaped)."""
        records = self.shard.records[self.position:self.position + waiting]
        iterator = base64.b64encode(
            f"{self.source.arn}|{self.shard.shard_id}|{self.position + waiting}".encode()).decode()
        if self.source.source_kind == "kinesis":
            items = [{"SequenceNumber": r.sequence_number,
                      "ApproximateArrivalTimestamp": round(r.document["arrival_epoch_s"], 3),
                      "Data": base64.b64encode(r.document["data"]).decode("ascii"),
                      "PartitionKey": r.document["partitionKey"]} for r in records]
            # The poll read up to the newest record, so the iterator is at the tip: 0 behind.
            return {"Records": items, "NextShardIterator": iterator, "MillisBehindLatest": 0}
        items = [{k: v for k, v in r.document.items() if k != "eventSourceARN"} for r in records]
        return {"Records": items, "NextShardIterator": iterator}

    def _record(self, kind: str, summary: str, narration: str, **extra):
        target = self.source.node
        if kind in ("retry", "batch"):
            target = self.m.function
        return self.sim.recorder.record(kind, "lambda", target, "pull", summary, narration, **extra)
