"""Filtering and partial batch responses on a stream shard (lambda-behaviour.md §15, §16).

Hooks of `app.engine.stream_poller.ShardPoller`, kept here so the poller stays about polling:
- `drop_filtered`: records no filter matches are skipped, and the iterator moves past them
  (EVF); a batch left with nothing is checkpointed without an invoke;
- `partial_response`: with ReportBatchItemFailures the lowest reported sequence number
  becomes the checkpoint and everything from it on is retried, later successes included
  (KBF, DBF); with bisect on, a partial response splits the batch at that record instead of in
  halves (KIN22). An invalid response fails the whole batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.engine.batch_items import item_identifier, read_item_failures
from app.engine.stream_failure import records


@dataclass(frozen=True)
class PartialFailure:
    """Stands in for the invoke response when some records of a stream batch were reported
    failed: not ok, not a throttle, and not a reason to bisect."""

    status: int = 200
    payload: Any = None
    function_error: str | None = None
    partial: bool = True
    ok: bool = False


def drop_filtered(poller, a) -> bool:
    """Mark the records of `a` that no filter matches; False when none is left to send."""
    m = poller.m
    if not m.patterns:
        return True
    event = poller.source.event_for(a.records, m.role_arn)["Records"]
    skip = frozenset(r.ordinal for r, doc in zip(a.records, event) if not m.passes_filter(doc))
    if not skip:
        return True
    a.skip = skip
    kept = len(a.records) - len(skip)
    last = a.records[-1]
    if not kept:
        poller.position = a.start + len(a.records)
        poller.update_shard(checkpoint=last.sequence_number, blocked=False, in_flight=None)
    poller.sim.recorder.record(
        "checkpoint" if not kept else "batch", "lambda", poller.source.node, "pull",
        f"{records(len(skip))} filtered out" + (f", {kept} left" if kept else ", nothing to invoke"),
        f"No filter of the mapping {m.name} matches {records(len(skip))} of this batch, so Lambda "
        f"skips {'it' if len(skip) == 1 else 'them'}: the shard iterator moves past "
        f"{'it' if len(skip) == 1 else 'them'} and {m.function} never sees "
        f"{'it' if len(skip) == 1 else 'them'}. The record stays in the stream until retention "
        f"ends, but this mapping will not read it again."
        + (f" The other {records(kept)} go to the function." if kept else
           f" Nothing is left, so Lambda moves the checkpoint past the batch without an invoke."),
        payload={"Skipped": [r.sequence_number for r in a.records if r.ordinal in skip],
                 "FilterCriteria": {"Filters": [{"Pattern": f.pattern} for f in
                                                m.config.filter_criteria.filters]}},
        flow=a.flow, tags=("filtered",))
    return bool(kept)


def partial_response(poller, a, response):
    """Read a successful invoke's batchItemFailures; the response the poller should act on."""
    sent = [r for r in a.records if r.ordinal not in a.skip]
    event = poller.source.event_for(sent, poller.m.role_arn)["Records"]
    ids = [item_identifier(doc) for doc in event]
    items = read_item_failures(response.payload, ids)
    if items.ok:
        return response
    rec, m = poller.sim.recorder, poller.m
    if items.whole_batch:
        rec.record("retry", "lambda", m.function, "pull", "invalid partial batch response: whole batch failed",
                   f"{m.function} returned a batchItemFailures list Lambda cannot use "
                   f"({items.reason}), so Lambda treats the whole batch as failed.",
                   payload=response.payload, flow=a.flow, tags=("retry",))
        return PartialFailure(payload=response.payload)
    lowest = items.failed[0]
    k = next(i for i, r in enumerate(a.records) if r.sequence_number == lowest)
    if k:
        done = a.records[k - 1]
        poller.update_shard(checkpoint=done.sequence_number)
        a.start, a.records = a.start + k, a.records[k:]
    rec.record(
        "checkpoint", "lambda", poller.source.node, "pull",
        f"partial batch response: checkpoint before #{lowest[-6:]}, retry {records(len(a.records))}",
        f"{m.function} reported {records(len(items.failed))} as failed (batchItemFailures). With "
        f"ReportBatchItemFailures on, Lambda takes the lowest reported sequence number, "
        f"{lowest}, as its checkpoint: "
        + (f"the {records(k)} before it count as done, and " if k else "")
        + f"everything from it on ({records(len(a.records))}) is sent again, including records "
        f"after it that had succeeded."
        + (" Bisecting is not needed: the response already says where the batch failed."
           if poller.config.bisect_batch_on_function_error else ""),
        payload={"batchItemFailures": [{"itemIdentifier": i} for i in items.failed],
                 "checkpoint": a.records[0].sequence_number, "retried": len(a.records)},
        flow=a.flow, tags=("partial",))
    return PartialFailure(payload=response.payload)
