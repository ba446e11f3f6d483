"""Two runs of a scenario side by side: aligned steps, the first difference, what changed.

Steps are compared by a signature (kind, source, target, status, tags) that leaves out times,
ids and narration, so a run that only shifts in time still lines up. The common prefix and
suffix are matched directly and only the middle goes to difflib, so a what-if on a long trace
stays cheap.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from app.engine.trace import step_column, steps_of_kind
from app.engine.wording import step_label

Tag = Literal["equal", "replace", "delete", "insert"]
MAX_DIFFLIB = 20_000  # longer middles are aligned position by position
DELTA_KEYS = (("invocations", "invocations"), ("function_errors", "function errors"), ("retries", "retries"),
              ("throttles", "throttles (429)"), ("denied", "permission denials"),
              ("dead_letters", "dead letters"), ("destinations", "destinations"),
              ("dropped_events", "events lost"), ("cold_starts", "cold starts"), ("steps", "steps"))
DECISIVE = ("result", "throttle", "error", "dead-letter", "destination", "response", "checkpoint",
            "get-credentials", "not-simulated", "detect", "enqueue")
ENDING_KINDS = frozenset({*DECISIVE, "poll", "dequeue"})  # `endings` reads these steps only


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the side-by-side view; `old`/`new` are step indices or None."""

    tag: Tag
    old: int | None
    new: int | None


@dataclass(frozen=True, slots=True)
class Delta:
    name: str
    before: int
    after: int

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def __str__(self) -> str:
        diff = self.after - self.before
        return f"{self.name}: {self.before} → {self.after} ({diff:+d})"


@dataclass(frozen=True)
class Comparison:
    rows: tuple[Row, ...]
    first_difference: int | None  # index in the new run of the first step that differs
    first_difference_old: int | None  # the same place in the old run
    deltas: tuple[Delta, ...]
    endings: tuple[Delta, ...]  # how many events ended each way, before and after

    @property
    def steps_align(self) -> bool:
        """Every step lines up with one of the same kind between the same nodes (times, ids and
        payloads aside)."""
        return all(row.tag == "equal" for row in self.rows)

    @property
    def identical(self) -> bool:
        """The same run as far as a class can tell: the steps line up, and no total and no
        event's ending changed (a switch can keep every step and still deliver fewer records)."""
        return (self.steps_align and not any(d.changed for d in self.deltas)
                and not any(d.changed for d in self.endings))

    def summary_lines(self) -> list[str]:
        """What `play --compare` prints: the first difference, changed totals, event endings."""
        if self.identical:
            return ["The two runs are step for step the same, in every total and in how every "
                    "event ended."]
        if self.steps_align:
            lines = ["The steps line up one for one, but what they carried differs:"]
        else:
            where = (f"{step_label(self.first_difference)} of the new run"
                     if self.first_difference is not None
                     else f"the new run stops before {step_label(self.first_difference_old)} "
                          f"of the old one")
            lines = [f"First difference: {where}."]
        changed = [d for d in self.deltas if d.changed]
        lines += [f"  {d}" for d in changed] or ["  (the totals are the same)"]
        ends = [d for d in self.endings if d.changed]
        if ends:
            lines.append("Where the events ended:")
            lines += [f"  {d}" for d in ends]
        return lines


def signature(step) -> tuple:
    """What makes two steps "the same step" in two runs."""
    return (step.kind, step.source, step.target, step.status, tuple(step.tags))


def signatures(steps) -> list[tuple]:
    """`[signature(s) for s in steps]`, read from a packed trace's columns (no unpacking)."""
    return list(zip(*(step_column(steps, name) for name in ("kind", "source", "target", "status")),
                    map(tuple, step_column(steps, "tags"))))


def compare(old, new) -> Comparison:
    """Align two traces (any sequences of Steps with their `summary`, if they have one)."""
    a, b = signatures(old), signatures(new)
    prefix = _common_prefix(a, b)
    suffix = _common_prefix(a[prefix:][::-1], b[prefix:][::-1])
    rows = [Row("equal", i, i) for i in range(prefix)]
    rows += _middle_rows(a[prefix:len(a) - suffix], b[prefix:len(b) - suffix], prefix)
    rows += [Row("equal", len(a) - suffix + k, len(b) - suffix + k) for k in range(suffix)]
    return Comparison(tuple(rows), _first_in(prefix, a, b), _first_in(prefix, b, a),
                      _deltas(old, new), _ending_deltas(old, new))


def first_difference(old, new) -> int | None:
    """`compare(old, new).first_difference` without aligning the rest or totalling anything:
    the common prefix alone decides it."""
    a, b = signatures(old), signatures(new)
    return _first_in(_common_prefix(a, b), a, b)


def _first_in(prefix: int, a: list, b: list) -> int | None:
    """Index in `b` of the first step that differs from `a`, if `b` has one there."""
    differs = len(a) != len(b) or prefix < len(a)
    return prefix if differs and prefix < len(b) else None


def _common_prefix(a: list, b: list) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _middle_rows(a: list, b: list, offset: int) -> list[Row]:
    if not a and not b:
        return []
    if len(a) > MAX_DIFFLIB or len(b) > MAX_DIFFLIB:
        opcodes = [("replace", 0, len(a), 0, len(b))]
    else:
        opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    rows = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            rows += [Row("equal", offset + i, offset + j) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        rows += [Row("replace", offset + i1 + k, offset + j1 + k) for k in range(pairs)]
        rows += [Row("delete", offset + i, None) for i in range(i1 + pairs, i2)]
        rows += [Row("insert", None, offset + j) for j in range(j1 + pairs, j2)]
    return rows


# ------------------------------------------------------------------------------ what changed
def _deltas(old, new) -> tuple[Delta, ...]:
    before, after = _totals(old), _totals(new)
    deltas = [Delta(label, before.get(key, 0), after.get(key, 0)) for key, label in DELTA_KEYS]
    deltas.insert(4, Delta(_delivered_label(old, new), records_delivered(old), records_delivered(new)))
    return tuple(deltas)


def _totals(trace) -> dict:
    summary = getattr(trace, "summary", None)
    if summary:
        return summary
    kinds = Counter(s.kind for s in trace)
    return {"invocations": kinds["execute"], "retries": kinds["retry"], "throttles": kinds["throttle"],
            "dead_letters": kinds["dead-letter"], "steps": len(trace),
            "denied": sum(1 for s in trace if s.permission and s.permission.decision == "deny")}


def records_delivered(trace) -> int:
    """Stream records handed to a function, counting every attempt (retries deliver again)."""
    total = 0
    for step in steps_of_kind(trace, {"invoke"}):
        if step.model == "pull" and isinstance(step.payload, dict):
            total += len(step.payload.get("Records") or ())
    return total


def _delivered_label(*traces) -> str:
    """"stream records delivered", "messages delivered" (SQS), or "records delivered" for both."""
    sources = {record.get("eventSource") for trace in traces for step in steps_of_kind(trace, {"invoke"})
               if step.model == "pull" and isinstance(step.payload, dict)
               for record in step.payload.get("Records") or () if isinstance(record, dict)}
    if sources == {"aws:sqs"}:
        return "messages delivered"
    return "records delivered" if "aws:sqs" in sources else "stream records delivered"


def endings(trace) -> Counter:
    """How each event (steps sharing a `flow`) ended, counted by outcome.

    An SQS message is one event: its flow starts with the SendMessage answer and ends deleted
    after processing (a batch's DeleteMessage names its receipt handle), in the dead-letter
    queue, or still queued. The batches Lambda receives are not events of their own: their
    results count in the totals (invocations, function errors), not here."""
    last: dict[str, object] = {}
    messages: dict[str, str] = {}  # MessageId → the message's flow
    receipts: dict[str, str] = {}  # ReceiptHandle → the message's flow
    batches: set[str] = set()
    for step in steps_of_kind(trace, ENDING_KINDS):  # the only kinds the loop below looks at
        payload = step.payload if isinstance(step.payload, dict) else {}
        if step.kind == "response" and step.flow is not None and "MessageId" in payload:
            messages[payload["MessageId"]] = step.flow
        elif step.kind == "poll" and step.flow is not None and payload.get("Messages"):
            batches.add(step.flow)
            for message in payload["Messages"]:
                flow = messages.get(message.get("MessageId"))
                if flow is not None:
                    receipts[message.get("ReceiptHandle")] = flow
        elif step.kind == "dequeue" and step.flow in batches:
            for entry in payload.get("Entries") or ():
                flow = receipts.get(entry.get("ReceiptHandle"))
                if flow is not None:
                    last[flow] = "deleted after processing"
        if step.flow is not None and step.kind in DECISIVE and step.flow not in batches:
            if last.get(step.flow) == "deleted after processing" and step.kind != "dead-letter":
                continue  # a deleted message stays deleted
            last[step.flow] = ending_of(step)
    return Counter(last.values())


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
    if kind == "dead-letter":
        return "lost" if "denied" in tags else "dead-letter queue"
    if kind == "response" and isinstance(step.payload, dict) and "MessageId" in step.payload:
        return "still queued"  # SendMessage answered; nothing received the message since
    if kind == "detect":
        return "no matching notification" if "no-match" in tags else "detected, not delivered"
    if kind == "get-credentials":
        return "credentials issued" if step.status == 200 else "credentials refused"
    return f"HTTP {step.status}" if step.status else kind


def _ending_deltas(old, new) -> tuple[Delta, ...]:
    before, after = endings(old), endings(new)
    names = sorted(set(before) | set(after))
    return tuple(Delta(name, before.get(name, 0), after.get(name, 0)) for name in names)


# ------------------------------------------------------------------------------ the player
def keep_position(old, new, index: int, comparison: Comparison | None = None) -> tuple[int, int | None]:
    """Where the player goes after a re-run, and which step to mark "changed".

    Before the first difference the runs agree, so the player stays at `index` and the first
    difference (if any) is marked; at or past it the player jumps back to the first difference.
    """
    if not len(new):
        return 0, None
    first = (comparison.first_difference if comparison is not None
             else first_difference(old, new))
    if first is None:
        return max(0, min(index, len(new) - 1)), None
    if 0 <= index < first:
        return index, first
    return first, first
