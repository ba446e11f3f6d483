"""What became of each SQS message a script entry sent, read from the trace, for `check`'s
line per entry: "4 messages sent; all 4 processed by store-order and deleted" says more than
SQS's "200 MessageId …", which only says the queue took the message.

A message's fate, from the steps that name it (lambda-behaviour.md §14 B9): deleted by the
event source mapping after its function ran (DeleteMessage, found by the receipt handle the
receive gave it), moved to the dead-letter queue by SQS (redrive policy), expired (retention
period), a FIFO duplicate that was never delivered, or still in the queue when the run ended.
Qt-free; reads only the trace.
"""

from __future__ import annotations

from app.engine.trace import Step, Trace


def message_fates(trace: Trace, scenario) -> dict[str, str]:
    """MessageId → what became of it, in words that follow "processed by …" / "not processed:"
    (see `sent_line`). Only messages whose fate the trace shows; the rest are still waiting."""
    receipts: dict[str, str] = {}  # ReceiptHandle → MessageId
    fates: dict[str, str] = {}
    for step in trace.steps:
        payload = step.payload if isinstance(step.payload, dict) else {}
        if step.kind == "poll":
            for m in payload.get("Messages", ()):
                receipts[m.get("ReceiptHandle")] = m.get("MessageId")
        elif step.kind == "dequeue":
            mapping = scenario.resources.get((step.flow or "").split("/", 1)[0])
            function = getattr(mapping, "function", None) or "the function"
            for entry in payload.get("Entries", ()):
                message_id = receipts.get(entry.get("ReceiptHandle"))
                if message_id:
                    fates[message_id] = f"processed by {function} and deleted"
        elif step.kind == "dead-letter" and payload.get("MessageId"):
            count = payload.get("ApproximateReceiveCount")
            fates[payload["MessageId"]] = (f"not processed: SQS moved it to {step.target}"
                                           + (f" after {count} receives" if count else ""))
        elif "expired" in step.tags and payload.get("MessageId"):
            fates[payload["MessageId"]] = "not processed: it expired in the queue"
    return fates


def sent_line(steps: list[Step], queue: str, fates: dict[str, str]) -> str | None:
    """`4 messages sent; all 4 processed by store-order and deleted`, or None when the entry
    sent nothing (refused: the caller's own line says why). `steps`: the entry's steps."""
    answers = [s for s in steps if s.kind == "response" and s.source == queue and s.status == 200
               and isinstance(s.payload, dict) and s.payload.get("MessageId")]
    if not answers:
        return None
    said: dict[str, int] = {}
    for step in answers:
        fate = ("a duplicate: not delivered" if "duplicate" in step.tags else
                fates.get(step.payload["MessageId"], f"still waiting in {queue} when the run ended"))
        said[fate] = said.get(fate, 0) + 1
    n = len(answers)
    head = f"{n} message{'s' if n != 1 else ''} sent"
    if len(said) == 1:
        fate = next(iter(said))
        return f"{head}; {'all ' + str(n) + ' ' if n > 1 else ''}{fate}"
    return f"{head}; " + "; ".join(f"{k}: {fate}" for fate, k in said.items())
