"""The words of Lambda's SQS poller (app/engine/sqs_poller.py), kept apart so that module stays
about the poller's work: how many batches run at once, a delivery that is no retry, a delete with
an old receipt handle, and the caveats said once per run.

Sources: docs/reference/lambda-behaviour.md §14 (SQSSC scaling and MaximumConcurrency; SQSERR
throttles; "Visibility timeout"; "An old receipt handle", SQSDEL);
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html,
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html.
"""

from __future__ import annotations

from app.engine.wording import count, short_id

START_CONCURRENCY = 5  # §14 (SQSSC): five concurrent batches to begin with

THROTTLE_CAVEAT = ("AWS does not document how long Lambda waits between retries of a throttled "
                   "SQS batch; LambdaScope waits 1 s, then doubles the wait each time.")
# A timed-out invoke with ReportBatchItemFailures on (§3, §14 SQSERR, §15): the function never
# returned, so there is no partial batch response to read.
TIMED_OUT_BATCH = (" A timed-out invoke returns no response, so there is no batchItemFailures "
                   "list for Lambda to read: the whole batch counts as failed, the messages the "
                   "code got through too (lambda-behaviour.md §3, §15).")
SCALING_CAVEAT = ("Lambda's scaling is simplified: 5 concurrent batches at first, then 300 more "
                  "each minute the queue stays busy; AWS does not say exactly when it adds pollers.")
FIFO_SCALING_CAVEAT = ("For a FIFO queue AWS documents only the bound: at most as many concurrent "
                       "batches as there are active message groups (or MaximumConcurrency, if "
                       "lower), not how fast Lambda gets there; below that bound LambdaScope keeps "
                       "the standard queue's pace (5 at first, more each minute).")


PARALLEL_NOTE = ("This is no retry: the batch holds a message an earlier invoke is still working "
                 "on, because its visibility timeout ran out first (lambda-behaviour.md §14).")


def messages(n: int) -> str:
    """`1 message`, `10 messages`: a count of SQS messages for a sentence (wording.count)."""
    return count(n, "message")


def stale_handle_sentence(stale, done: int) -> str:
    """What a DeleteMessageBatch with old receipt handles does (§14, SQSDEL)."""
    ids = ", ".join(short_id(m.message_id) for m in stale)
    if len(stale) == 1:
        return (f" But the receipt handle of {ids} is from this batch's receive, and SQS has "
                f"handed that message out again since, with a new handle. The call still "
                f"succeeds, yet SQS need not delete a message named by an old handle, and here it "
                f"is not deleted: it stays in flight for the later receive, whose invoke deletes "
                f"it when it succeeds (lambda-behaviour.md §14, SQSDEL).")
    return (f" But the receipt handles of {ids} are from this batch's receive, and SQS has "
            f"handed those messages out again since, with new handles. The call still succeeds, "
            f"yet SQS need not delete messages named by old handles, and here they are not "
            f"deleted: they stay in flight for the later receive, whose invoke deletes them when "
            f"it succeeds (lambda-behaviour.md §14, SQSDEL).")


def scaling_sentence(fifo: bool, cap: int | None) -> str:
    """How many batches the poller runs at once, for its first step. `cap`: ScalingConfig
    MaximumConcurrency (2 to 1,000) or None (§14, SQSSC)."""
    if fifo:
        return ("The queue is FIFO: SQS hands out no more of a message group while some of it is "
                "in flight, so at most one batch per message group runs at a time and "
                "concurrency never exceeds the number of message groups with messages waiting"
                + (f", nor MaximumConcurrency ({cap})." if cap else "."))
    if cap is not None and cap <= START_CONCURRENCY:
        return (f"The mapping's ScalingConfig sets MaximumConcurrency {cap}, so it runs at most "
                f"{cap} batches at a time, however busy the queue gets (without it Lambda would "
                f"start with {START_CONCURRENCY} and add more).")
    return (f"At first it has up to {START_CONCURRENCY} batches in flight at once ("
            f"{START_CONCURRENCY} concurrent invokes) and adds more while the queue stays busy"
            + (f", up to {cap} at once (MaximumConcurrency)." if cap else "."))


def scaling_caveat(fifo: bool, cap: int | None) -> str | None:
    """The simplification to own up to: none when MaximumConcurrency keeps the poller at or below
    the documented start (the ramp never comes into play)."""
    if fifo:
        return FIFO_SCALING_CAVEAT
    return None if cap is not None and cap <= START_CONCURRENCY else SCALING_CAVEAT


def after_failure(policy, worst: int, n: int) -> str:
    """What happens next to a failed batch of `n` messages whose highest receive count is
    `worst`, given the queue's redrive `policy` (or None) (§14, SQSERR)."""
    if policy is None:
        return ("The queue has no redrive policy, so a message that always fails comes back "
                "again and again until its retention period ends.")
    if worst >= policy.max_receive_count:
        return (f"{'It has' if n == 1 else 'Some have'} now been received "
                f"{count(policy.max_receive_count, 'time')} (maxReceiveCount), so when the "
                f"timeout ends SQS moves {'it' if n == 1 else 'them'} to "
                f"{policy.dead_letter_queue}.")
    return (f"After {count(policy.max_receive_count, 'receive')} SQS moves a message to "
            f"{policy.dead_letter_queue}.")
