"""How each event of a run ended (succeeded, throttled, dead-letter queue, still queued…), counted
by outcome: read from a finished trace, or tallied step by step while the engine records it."""

from __future__ import annotations

from collections import Counter

from app.engine.trace import steps_of_kind
from app.lab.trace_facts import fact

DECISIVE = ("result", "throttle", "error", "dead-letter", "destination", "response", "checkpoint",
            "get-credentials", "not-simulated", "detect", "enqueue")
ENDING_KINDS = frozenset({*DECISIVE, "poll", "dequeue"})  # `endings` reads these steps only
_READS_PAYLOAD = frozenset({"response", "poll", "dequeue"})
DELETED = "deleted after processing"
DEAD_LETTER_QUEUE = "dead-letter queue"  # an ending: "dead-letter queue orders-dlq"


def endings(trace) -> Counter:
    """How each event (steps sharing a `flow`) ended, counted by outcome.

    An SQS message is one event: its flow starts with the SendMessage answer and ends deleted
    after processing (a batch's DeleteMessage names its receipt handle), in the dead-letter
    queue, or still queued. The batches Lambda receives are not events of their own: their
    results count in the totals (invocations, function errors), not here. Kept per trace; a
    Counter of its own for the caller."""
    return Counter(fact(trace, "endings", _count_endings))


def _count_endings(trace) -> Counter:
    tally = EndingsTally()
    for step in steps_of_kind(trace, ENDING_KINDS):  # the only kinds the tally looks at
        tally.see(step)
    return tally.counts()


class EndingsTally:
    """`endings` one step at a time, in trace order: `see(step)` for each step (any kind; only
    ENDING_KINDS count), `counts()` at the end. As a recorder listener it tallies a run while the
    engine records it (app.lab.session), so the finished trace is never unpacked for it."""

    __slots__ = ("last", "messages", "receipts", "batches", "_words")
    # As a recorder listener (the tally itself, not `see`) it is called only for these kinds
    # (app.engine.trace.Recorder.listeners): the other steps of a what-if are never decoded.
    kinds = ENDING_KINDS

    def __init__(self):
        self.last: dict[str, object] = {}
        self.messages: dict[str, str] = {}  # MessageId → the message's flow
        self.receipts: dict[str, str] = {}  # ReceiptHandle → the message's flow
        self.batches: set[str] = set()
        self._words: dict[tuple, str] = {}  # (kind, tags, status) → ending_of (not for responses)

    def see(self, step) -> None:
        kind = step.kind
        if kind not in ENDING_KINDS:
            return
        flow, last, batches = step.flow, self.last, self.batches
        if kind in _READS_PAYLOAD:
            payload = step.payload if isinstance(step.payload, dict) else {}
            if kind == "response" and flow is not None and "MessageId" in payload:
                self.messages[payload["MessageId"]] = flow
            elif kind == "poll" and flow is not None and payload.get("Messages"):
                batches.add(flow)
                for message in payload["Messages"]:
                    message_flow = self.messages.get(message.get("MessageId"))
                    if message_flow is not None:
                        self.receipts[message.get("ReceiptHandle")] = message_flow
            elif kind == "dequeue" and flow in batches:
                for entry in payload.get("Entries") or ():
                    entry_flow = self.receipts.get(entry.get("ReceiptHandle"))
                    if entry_flow is not None:
                        last[entry_flow] = DELETED
        if flow is not None and kind in DECISIVE and flow not in batches:
            if kind != "dead-letter" and last.get(flow) == DELETED:
                return  # a deleted message stays deleted
            last[flow] = self._ending(step, kind)

    __call__ = see

    def _ending(self, step, kind: str) -> str:
        """ending_of(step), remembered per (kind, tags, status) where the payload plays no part."""
        if kind == "response":
            return ending_of(step)
        try:  # a dead letter's ending names its queue (`target`)
            key = (kind, step.tags, step.status, step.target if kind == "dead-letter" else None)
            words = self._words.get(key)
        except TypeError:  # tags given as a list: not a key
            return ending_of(step)
        if words is None:
            words = self._words[key] = ending_of(step)
        return words

    def counts(self) -> Counter:
        """How many events ended each way so far."""
        return Counter(self.last.values())


def remember_endings(trace, counts: Counter) -> None:
    """Keep `counts` as `endings(trace)`: what an EndingsTally saw while the engine recorded
    `trace`, every step in order (app.lab.session does this for its re-runs)."""
    fact(trace, "endings", lambda _trace: Counter(counts))


def ending_of(step) -> str:
    """The outcome a flow's last decisive step stands for, in a student's words."""
    tags, kind = set(step.tags), step.kind
    if kind == "result":
        return "timed out" if "timeout" in tags else (
            "function error" if "function-error" in tags else "succeeded")
    if kind == "error":
        for tag, text in (("dropped", "lost"), ("discarded", "discarded"), ("denied", "denied")):
            if tag in tags:
                return text
        return f"error {step.status}" if step.status else "error"
    simple = {"throttle": "throttled (429)", "destination": "sent to a destination",
              "checkpoint": "processed", "not-simulated": "cut off (not simulated)",
              "enqueue": "still queued"}
    if kind in simple:
        return simple[kind]
    if kind == "dead-letter":  # per queue: two runs may fill different DLQs (report item 5)
        return "lost" if "denied" in tags else f"{DEAD_LETTER_QUEUE} {step.target}"
    if kind == "response" and isinstance(step.payload, dict) and "MessageId" in step.payload:
        return "still queued"  # SendMessage answered; nothing received the message since
    if kind == "detect":
        return "no matching notification" if "no-match" in tags else "detected, not delivered"
    if kind == "get-credentials":
        return "credentials issued" if step.status == 200 else "credentials refused"
    return f"HTTP {step.status}" if step.status else kind
