"""FIFO deduplication on SendMessage (lambda-behaviour.md §14 row "FIFO deduplication", SQSSM, SQSDD).

Every message sent to a FIFO queue needs a MessageDeduplicationId: the one the sender gives, or,
with the queue's ContentBasedDeduplication, a SHA-256 of the body. With neither SQS refuses the
send (400 InvalidParameterValue, in `MISSING_DEDUP`'s words, observed). A send that repeats an id
within the 5-minute interval is accepted but not delivered, even if the first was deleted.
"""

from __future__ import annotations

import hashlib

DEDUPLICATION_INTERVAL_MS = 5 * 60_000.0  # §14 (SQSSM): FIFO deduplication interval
MISSING_DEDUP = ("The queue should either have ContentBasedDeduplication enabled or "
                 "MessageDeduplicationId provided explicitly")


def deduplication_id_for(queue, body: str, given: str | None) -> str | None:
    """The MessageDeduplicationId SQS uses for `body` sent to `queue` (an app.engine.sqs.Queue):
    the one given, else (ContentBasedDeduplication) a SHA-256 of the body, else None. Standard
    queues have none."""
    if not queue.fifo:
        return None
    if given is not None:
        return given
    if queue.config.content_based_deduplication:
        return hashlib.sha256(body.encode()).hexdigest()
    return None


def duplicate_of(queue, dedup_id: str | None, now_ms: float):
    """The message sent to `queue` with `dedup_id` less than 5 minutes before `now_ms` (even if
    since deleted), or None."""
    if dedup_id is None:
        return None
    sent = queue.deduplication.get(dedup_id)
    if sent is not None and now_ms - sent.sent_ms < DEDUPLICATION_INTERVAL_MS:
        return sent
    return None
