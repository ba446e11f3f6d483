"""The words of an SQS message that becomes visible again (kept apart from app/engine/sqs.py).

SQS counts time, not failures: a message nobody deleted within the visibility timeout becomes
visible again, also while the invoke that received it still runs; then two invokes work on it at
once (docs/reference/lambda-behaviour.md §14 "The visibility timeout ends mid-run", SQSVIS,
SQSERR; https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
"""

from __future__ import annotations

from app.engine.wording import count, short_id


def visible_again(queue: str, visibility_s: int, m, policy) -> tuple[str, str, tuple[str, ...]]:
    """(summary, narration, tags) of the step where message `m` (app.engine.sqs.Message) is
    visible again in `queue`; `policy`: the queue's redrive policy or None. A message an invoke
    still works on (`m.working`) is a redelivery, not a retry."""
    moves = (f" After {count(policy.max_receive_count, 'receive')} SQS moves it to "
             f"{policy.dead_letter_queue}" if policy else "")
    if m.working:
        return (f"message {short_id(m.message_id)} visible again in {queue} "
                f"(received {m.receive_count}×, still being processed)",
                f"The visibility timeout ({visibility_s} s) has ended and nobody has deleted the "
                f"message yet, so SQS makes it visible again, although the invoke that received it "
                f"is still running. That is not a failure: SQS only counts time. The next receive "
                f"hands the message out again (ApproximateReceiveCount {m.receive_count + 1}) while "
                f"that invoke goes on, so two invokes work on it at once. This is why AWS advises a "
                f"visibility timeout of at least six times the function's timeout "
                f"(lambda-behaviour.md §14)."
                + (moves + ", even while an invoke still works on it." if policy else ""),
                ("redelivery",))
    return (f"message {short_id(m.message_id)} visible again in {queue} (received {m.receive_count}×)",
            f"Nobody deleted the message within the visibility timeout ({visibility_s} s), so SQS "
            f"makes it visible again. The next receive gets it with ApproximateReceiveCount "
            f"{m.receive_count + 1}."
            + (moves + "." if policy else
               " The queue has no redrive policy: a message that always fails comes back until "
               "its retention period ends."),
            ("retry",))
