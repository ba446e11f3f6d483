"""What happens to a stream batch Lambda gives up on, and how a very long block is shown.

A discarded batch goes to the mapping's on-failure destination (SQS or SNS) as the documented
invocation record, which holds where the records are (KinesisBatchInfo / DDBStreamBatchInfo),
not the records themselves; without a destination the records are simply dropped. Both are
loud steps. The shard then moves on (lambda-behaviour.md §5, KP/DP/ONF). So it does when the
blocked batch's oldest records expire from the stream (§5, KOF/DOF): they are gone, and the
next poll reads on from the oldest record still kept.
"""

from __future__ import annotations

import json
import math
from typing import Any

from app.engine.delivery_targets import DELIVERY_FAILED_TAG, fifo_sentence, unsupported_target
from app.engine.wording import rough_duration


def records(n: int, adjective: str = "") -> str:
    """`1 record`, `3 new records`: counts read aloud in class."""
    return f"{n} {adjective + ' ' if adjective else ''}{'record' if n == 1 else 'records'}"


FAST_FORWARD_CAVEAT = ("Not simulated retry by retry: Lambda would go on retrying this batch "
                       "about once per poll. Each of those retries is known to fail as the "
                       "last one did: the same records meet the same code and settings.")
EXPIRY_CAVEAT = ("AWS does not document an on-failure record for records that expire while "
                 "their batch is retried; the simulation sends none.")


def invocation_record(poller, a, condition: str) -> dict[str, Any]:
    """The on-failure record for a stream batch, as Lambda sends it."""
    sim, source = poller.sim, poller.source
    response = a.last_response
    doc: dict[str, Any] = {
        "requestContext": {"requestId": sim.ids.uuid(),
                           "functionArn": sim.function_arn(poller.m.function),
                           "condition": condition, "approximateInvokeCount": a.invokes},
    }
    if response is not None:  # no response when the records aged out before any invoke
        doc["responseContext"] = {"statusCode": response.status, "executedVersion": "$LATEST"}
        if response.function_error:
            doc["responseContext"]["functionError"] = response.function_error
    doc["version"] = "1.0"
    doc["timestamp"] = sim.iso_time()
    doc[source.batch_info_key] = {
        "shardId": poller.shard.shard_id,
        "startSequenceNumber": a.records[0].sequence_number,
        "endSequenceNumber": a.records[-1].sequence_number,
        "approximateArrivalOfFirstRecord": source.arrival_iso(a.records[0]),
        "approximateArrivalOfLastRecord": source.arrival_iso(a.records[-1]),
        "batchSize": len(a.records),
        "streamArn": source.arn,
    }
    return doc


def discard(poller, a, condition: str) -> int:
    """Give up on batch `a` (sending its record to on_failure, if any); the next position."""
    sim, m = poller.sim, poller.m
    retries = f"{a.retries} {'retry' if a.retries == 1 else 'retries'}"
    why = {"RetryAttemptsExhausted": f"it failed after {retries} "
                                     f"(MaximumRetryAttempts {m.config.maximum_retry_attempts})",
           "RecordAgeExceeded": f"its oldest record is older than "
                                f"{m.config.maximum_record_age_in_seconds} s "
                                f"(MaximumRecordAgeInSeconds)"}[condition]
    m.last_result = "PROBLEM: Function call failed"
    poller.update_shard(blocked=False, in_flight=None, checkpoint=a.records[-1].sequence_number)
    destination = m.config.on_failure
    record = invocation_record(poller, a, condition)
    moves_on = (f"The {'lane' if poller.lanes else 'shard'} moves on: the next batch of "
                f"{poller.shard.scope} starts after them.")
    if poller.lanes is not None and poller.lanes.checkpoint:  # §17: one checkpoint per shard
        moves_on += (f" The checkpoint of {poller.shard.shard_id} is now "
                     f"#{poller.lanes.checkpoint[-6:]}, past what every lane has finished.")
    if destination is None:
        sim.recorder.record(
            "error", "lambda", poller.source.node, "pull",
            f"{records(len(a.records))} discarded ({condition}), no destination",
            f"Lambda gives up on the batch because {why}. The mapping has no on-failure "
            f"destination, so the batch ({records(len(a.records))}) is dropped without a trace. "
            f"{moves_on}", payload=record, tags=("discarded",), flow=a.flow)
        return a.start + len(a.records)
    _send(poller, a, destination, record, why, moves_on)
    return a.start + len(a.records)


def _send(poller, a, destination: str, record: dict, why: str, moves_on: str) -> None:
    sim, m = poller.sim, poller.m
    queues = sim.services["queues"]
    kind = sim.scenario.resources[destination].type
    arn, action = queues.arn(destination), queues.send_action(destination)
    iam = sim.services["iam"]
    decision = iam.check_identity(iam.role_session(m.role, m.function, node="lambda"), action, arn)
    noun = "queue" if kind == "sqs_queue" else "topic"
    if decision.decision != "allow":
        sim.recorder.record(
            "error", "lambda", destination, "pull",
            f"on-failure record to {destination} denied ({action}): DestinationDeliveryFailures",
            f"Lambda gives up on the batch because {why}, and tries to send its record to the "
            f"{noun} {destination} with the role {m.role}, but the role does not allow {action}. "
            f"The delivery fails: Lambda counts it in the DestinationDeliveryFailures metric and "
            f"the record is gone (lambda-behaviour.md §13 A3b). {moves_on}",
            payload=record, permission=decision,
            tags=("discarded", "denied", DELIVERY_FAILED_TAG), flow=a.flow)
        return
    unsupported = unsupported_target(sim.scenario, destination)
    if unsupported:  # §13 A3d: never delivered, whatever the role allows
        sim.recorder.record(
            "error", "lambda", destination, "pull",
            f"on-failure record to {destination} fails ({unsupported}): "
            f"DestinationDeliveryFailures",
            f"Lambda gives up on the batch because {why}, and tries to send its record to "
            f"{destination} with the role {m.role}, which may do that. But "
            + fifo_sentence(destination, "DestinationDeliveryFailures")
            + f" The record is gone. {moves_on}",
            payload=record, permission=decision, tags=("discarded", DELIVERY_FAILED_TAG),
            flow=a.flow)
        return
    sim.services["queues"].receive(destination, json.dumps(record, separators=(",", ":")), {},
                                   a.flow)
    sim.recorder.record(
        "destination", "lambda", destination, "pull",
        f"{records(len(a.records))} discarded ({record['requestContext']['condition']}) → {destination}",
        f"Lambda gives up on the batch because {why}. It sends the {noun} {destination} a record "
        f"of the failure: which shard and which sequence numbers, not the data itself, so read "
        f"them before the stream's retention runs out. {moves_on}",
        payload=record, permission=decision, tags=("discarded",), flow=a.flow)


def expire(poller, a) -> int:
    """The blocked batch `a` reached its oldest record's expiry (the stream's retention):
    a loud step for the records of it that are gone; the position reading goes on from (the
    oldest record still kept, maybe later records of `a`). lambda-behaviour.md §5 (KOF/DOF:
    Lambda retries until the records expire, then discards them and goes on with the stream)."""
    sim, m, shard = poller.sim, poller.m, poller.shard
    horizon = shard.trim_horizon(sim.now, a.start)
    gone = shard.records[a.start:horizon]
    kept = [r for r in a.records if shard.expires_at(r) > sim.now]
    m.last_result = "PROBLEM: Function call failed"
    poller.update_shard(blocked=False, blocked_until=None, in_flight=None,
                        checkpoint=gone[-1].sequence_number)
    one = len(gone) == 1
    rest = (f" The other {records(len(kept))} of the batch {'is' if len(kept) == 1 else 'are'} "
            f"still in the stream: the next poll reads {'it' if len(kept) == 1 else 'them'} "
            f"again, with what came after."
            if kept else f" The next poll reads on from the records written after "
                         f"{'it' if one else 'them'}.")
    sim.recorder.record(
        "error", "lambda", poller.source.node, "pull",
        f"{records(len(gone))} of the blocked batch expired on {shard.scope}; Lambda moves on",
        f"Lambda retried this batch until its oldest {'record' if one else 'records'} passed "
        f"the stream's retention ({rough_duration(shard.retention_ms)}): {records(len(gone))} "
        f"left the stream unprocessed and {'is' if one else 'are'} gone. The "
        f"{'lane' if poller.lanes else 'shard'} is no longer blocked: Lambda discards "
        f"{'it' if one else 'them'} and goes on with the stream, so later records reach "
        f"{m.function} again.{rest}",
        payload={**poller._records_summary(a), "Expired": [r.sequence_number for r in gone]},
        tags=("discarded", "expired"), flow=a.flow, caveat=EXPIRY_CAVEAT)
    return horizon


def unbounded_retry_plan(poller, a, throttled: bool):
    """A generator that fast-forwards a long block, or None if the rest is short enough to show.
    Call it only when every skipped attempt is known to fail (app.engine.stream_outlook).

    The generator's value is the condition that ends the block: a discard condition, or
    "expiry" (the caller then lets the oldest records expire, `expire`).
    """
    config, now = poller.config, poller.sim.now
    interval = poller.source.poll_interval_ms
    oldest = a.records[0].arrival_ms
    ends = {"expiry": poller.shard.expires_at(a.records[0])}
    if config.maximum_record_age_in_seconds >= 0:
        # Discarded when the oldest record reaches the age, not at a later poll (§5 KP).
        ends["RecordAgeExceeded"] = oldest + config.maximum_record_age_in_seconds * 1000.0
    if not throttled and config.maximum_retry_attempts >= 0:
        ends["RetryAttemptsExhausted"] = now + (config.maximum_retry_attempts - a.retries) * interval
    condition = min(ends, key=lambda k: (ends[k], k != "expiry"))
    remaining = math.ceil((ends[condition] - now) / interval)
    if remaining <= 3:
        return None
    return _fast_forward(poller, a, throttled, condition, ends[condition], remaining)


def _fast_forward(poller, a, throttled, condition, until_ms, remaining):
    sim, m = poller.sim, poller.m
    when = sim.iso_time(until_ms)
    wait = rough_duration(until_ms - sim.now)
    what = "throttled invokes" if throttled else "failed invokes"
    unit = "lane" if poller.lanes else "shard"
    # The skipped retries still count (Invocations and Errors, or Throttles; the summary), as
    # estimates: the discard record's approximateInvokeCount includes them (§5 KP/ONF), and the
    # run's numbers must tell the same story. `estimate` on the step says how many: those
    # before the run stops (settings.stop_after), if it stops first.
    stop = sim.scenario.settings.stop_after
    counted = remaining
    if stop is not None and stop < until_ms:
        counted = max(0, min(remaining, math.ceil((stop - sim.now) / poller.source.poll_interval_ms)))
    outcome = "throttled" if throttled else "function-error"
    estimate = {"FunctionName": m.function, "invocations": 0 if throttled else counted,
                "throttles": counted if throttled else 0, "outcome": outcome}
    poller.sim.services["event_source_mappings"].note_estimate(estimate)
    noun = "Throttles" if throttled else "Invocations and Errors"
    cloudwatch = (f"CloudWatch would count them as {counted:,} more {noun}" if counted == remaining
                  else f"The run stops before then: CloudWatch would count the {counted:,} of "
                       f"them before its end as more {noun}")
    if condition == "expiry":
        poller.update_shard(blocked=True, blocked_until=when)
        summary = f"{poller.shard.scope} stays blocked until {when}"
        narration = (
            f"{_no_earlier_limit(poller.config, throttled)} Lambda keeps retrying this batch "
            f"({records(len(a.records))}) for {wait}, until its oldest record expires from the "
            f"stream at {when}. Until then no later record of {poller.shard.scope} reaches "
            f"{m.function}. The simulation jumps to {when} instead of showing about "
            f"{remaining:,} more {what}; then the expired records are discarded and the "
            f"{unit} moves on. {cloudwatch}; the metrics and the run's totals include them as "
            f"estimates.")
    else:
        summary = f"{poller.shard.scope}: ~{remaining:,} more retries skipped, until {when}"
        narration = (
            f"Lambda would keep retrying this batch ({records(len(a.records))}) about "
            f"{remaining:,} more times over {wait}, and the {unit} stays blocked all that time. "
            f"The simulation jumps to {when}, when the batch is discarded ({condition}). "
            f"{cloudwatch}; the metrics and the run's totals include them as estimates, and so "
            f"does the discard record's approximateInvokeCount.")
    sim.recorder.record(
        "not-simulated", "lambda", poller.source.node, "pull", summary, narration,
        payload={**poller._records_summary(a), "estimate": estimate}, tags=("blocked",),
        flow=a.flow, caveat=FAST_FORWARD_CAVEAT)
    yield sim.env.timeout(max(0.0, until_ms - sim.now))
    if not throttled:
        a.retries = max(a.retries, config_retries(poller, condition, a.retries + remaining))
        # the skipped attempts were invocations: the count faults.fail_first_attempts reads
        sim.services["lambda"].executor.invocations[m.function] += remaining
    a.invokes += remaining
    return condition


def _no_earlier_limit(config, throttled: bool) -> str:
    """Why nothing ends the block before expiry, in the mapping's own settings."""
    if throttled:
        return ("Throttles do not count as retries, and no MaximumRecordAgeInSeconds ends the "
                "block earlier.")
    if config.maximum_retry_attempts < 0 and config.maximum_record_age_in_seconds < 0:
        return "MaximumRetryAttempts and MaximumRecordAgeInSeconds are -1 (no limit)."
    return "The retry limit and maximum record age are too far away to end the block earlier."


def config_retries(poller, condition: str, estimate: int) -> int:
    limit = poller.config.maximum_retry_attempts
    return limit if condition == "RetryAttemptsExhausted" and limit >= 0 else estimate
