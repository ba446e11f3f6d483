"""Two runs of a scenario side by side: aligned steps, the first difference, what changed.

Steps are compared by a signature (kind, source, target, status, tags) that leaves out times,
ids and narration, so a run that only shifts in time still lines up. The common prefix and
suffix are matched directly and only the middle goes to difflib, so a what-if on a long trace
stays cheap.

What each run holds for a comparison (step signatures, event endings, stream records delivered)
is worked out once per trace and kept while the trace lives (app.lab.trace_facts): a what-if
compares every re-run with the same unmodified run, and a re-run's endings can be tallied while
the engine records it (`EndingsTally`, `remember_endings`), so comparing a 200,000-step what-if
unpacks no chunk of either trace (docs/decisions/0020-whatif-big.md).
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.engine.trace import step_column
from app.engine.wording import step_label
from app.lab.endings import EndingsTally, endings, remember_endings  # noqa: F401 (the lab imports them from here)
from app.lab.trace_facts import fact as _fact

Tag = Literal["equal", "replace", "delete", "insert"]
MAX_DIFFLIB = 20_000  # longer middles are aligned position by position
DELTA_KEYS = (("invocations", "invocations"), ("function_errors", "function errors"), ("retries", "retries"),
              ("throttles", "throttles (429)"), ("denied", "permission denials"),
              ("dead_letters", "dead letters"), ("destinations", "destinations"),
              ("lost_events", "events lost"), ("cold_starts", "cold starts"), ("steps", "steps"))


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
        return f"{self.name}: {self.before:,} → {self.after:,} ({diff:+,d})"


class Rows(Sequence):
    """The side-by-side rows of a comparison, built when read: a 200,000-step what-if makes
    200,000 rows, of which a view shows a screenful. Kept as runs of rows (`spans`: tag, first
    old index, first new index, how many), so `len`, `rows[i]`, iteration, `first_not_equal`
    and `all_equal` cost nothing per row they do not read. Equal to a tuple of the same Rows."""

    __slots__ = ("_spans", "_starts", "_len")

    def __init__(self, spans: list[tuple[Tag, int | None, int | None, int]]):
        self._spans = [span for span in spans if span[3] > 0]
        self._starts, total = [], 0
        for span in self._spans:
            self._starts.append(total)
            total += span[3]
        self._len = total

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._len)))
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("row index out of range")
        at = bisect_right(self._starts, index) - 1
        return _row(self._spans[at], index - self._starts[at])

    def __iter__(self):
        for span in self._spans:
            for k in range(span[3]):
                yield _row(span, k)

    def __eq__(self, other) -> bool:
        if isinstance(other, (Rows, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def first_not_equal(self) -> int | None:
        """Index of the first row whose tag is not "equal", or None."""
        return next((start for start, span in zip(self._starts, self._spans) if span[0] != "equal"),
                    None)

    def all_equal(self) -> bool:
        return all(span[0] == "equal" for span in self._spans)

    def __repr__(self) -> str:
        return f"<Rows: {self._len:,} in {len(self._spans)} runs>"


def _row(span, k: int) -> Row:
    tag, old, new, _count = span
    return Row(tag, None if old is None else old + k, None if new is None else new + k)


@dataclass(frozen=True)
class Comparison:
    rows: Sequence[Row]  # a Rows (lazy) from compare(); any sequence of Row works
    first_difference: int | None  # index in the new run of the first step that differs
    first_difference_old: int | None  # the same place in the old run
    deltas: tuple[Delta, ...]
    endings: tuple[Delta, ...]  # how many events ended each way, before and after

    @property
    def steps_align(self) -> bool:
        """Every step lines up with one of the same kind between the same nodes (times, ids and
        payloads aside)."""
        rows = self.rows
        return rows.all_equal() if isinstance(rows, Rows) else all(row.tag == "equal" for row in rows)

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
    """`[signature(s) for s in steps]`, read from a packed trace's columns (no unpacking).
    Kept per trace (the same list object for the same trace; the caller must not change it).
    Equal signatures are one tuple object, so a 200,000-step list holds a few hundred tuples."""
    return _fact(steps, "signatures", _signatures)


def _signatures(steps) -> list[tuple]:
    one: dict[tuple, tuple] = {}
    return [one.setdefault(sig, sig) for sig in
            zip(*(step_column(steps, name) for name in ("kind", "source", "target", "status")),
                map(tuple, step_column(steps, "tags")))]


def warm(trace, cancel=None) -> None:
    """Work out now what comparing `trace` with a re-run reads of it (signatures, endings,
    records delivered), so the first what-if does not (the window does this on a worker when a
    file opens: ~0.5 s for a 200,000-step trace). `cancel()`, asked before each fact, stops it
    (another file opened: nobody will compare this trace)."""
    for work in (signatures, endings, records_delivered):
        if cancel is not None and cancel():
            return
        work(trace)


def compare(old, new) -> Comparison:
    """Align two traces (any sequences of Steps with their `summary`, if they have one)."""
    a, b = signatures(old), signatures(new)
    prefix = _common_prefix(a, b)
    suffix = _common_prefix(a[prefix:][::-1], b[prefix:][::-1])
    spans = [("equal", 0, 0, prefix)]
    spans += _middle_spans(a[prefix:len(a) - suffix], b[prefix:len(b) - suffix], prefix)
    spans.append(("equal", len(a) - suffix, len(b) - suffix, suffix))
    return Comparison(Rows(spans), _first_in(prefix, a, b), _first_in(prefix, b, a),
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


def _common_prefix(a: list, b: list, block: int = 4096) -> int:
    """How many leading items `a` and `b` share; whole blocks are compared as list slices (in C)."""
    n, end = 0, min(len(a), len(b))
    while n + block <= end and a[n:n + block] == b[n:n + block]:
        n += block
    for x, y in zip(a[n:n + block], b[n:n + block]):
        if x != y:
            break
        n += 1
    return n


def _middle_spans(a: list, b: list, offset: int) -> list[tuple]:
    """The middle's rows as runs (tag, first old index, first new index, count), see Rows."""
    if not a and not b:
        return []
    if len(a) > MAX_DIFFLIB or len(b) > MAX_DIFFLIB:
        opcodes = [("replace", 0, len(a), 0, len(b))]
    else:
        opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    spans = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            spans.append(("equal", offset + i1, offset + j1, i2 - i1))
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        spans.append(("replace", offset + i1, offset + j1, pairs))
        spans.append(("delete", offset + i1 + pairs, None, i2 - i1 - pairs))
        spans.append(("insert", None, offset + j1 + pairs, j2 - j1 - pairs))
    return spans


# ------------------------------------------------------------------------------ what changed
def _deltas(old, new) -> tuple[Delta, ...]:
    before, after = _totals(old), _totals(new)
    deltas = [Delta(label, before.get(key, 0), after.get(key, 0)) for key, label in DELTA_KEYS]
    deltas.insert(4, Delta(_delivered_label(old, new), records_delivered(old), records_delivered(new)))
    at = next(i for i, d in enumerate(deltas) if d.name == "dead letters") + 1
    deltas[at:at] = _dead_letters_per_queue(old, new)
    return tuple(deltas)


def _dead_letters_per_queue(old, new) -> list[Delta]:
    """`dead letters in <queue>` for every dead-letter queue of either run (name order): the
    total alone read "24 → 24" when one run's 24 were orders in orders-dlq and the other's
    emails in email-dlq (teacher's report item 5). Shown where they changed, as every delta."""
    before, after = _dead_by_queue(old), _dead_by_queue(new)
    return [Delta(f"dead letters in {queue}", before.get(queue, 0), after.get(queue, 0))
            for queue in sorted(set(before) | set(after))]


def _dead_by_queue(trace) -> dict[str, int]:
    """The run's dead letters per queue: its summary's `dead_letters_by_queue`, else counted
    from its `dead-letter` steps (a refused send, tag `denied`, delivered nothing)."""
    summary = getattr(trace, "summary", None) or {}
    if "dead_letters_by_queue" in summary:
        return summary["dead_letters_by_queue"]
    return dict(Counter(s.target for s in trace if s.kind == "dead-letter" and "denied" not in s.tags))


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
    return _fact(trace, "pull", _pull_records)[0]


def _pull_records(trace) -> tuple[int, frozenset]:
    """(records handed to functions by pollers, their `eventSource`s): only the `invoke` steps
    of the `pull` model are unpacked (kind and model are columns)."""
    kind_of, model_of = step_column(trace, "kind"), step_column(trace, "model")
    total, sources = 0, set()
    for index in [i for i, (kind, model) in enumerate(zip(kind_of, model_of))
                  if kind == "invoke" and model == "pull"]:
        payload = trace[index].payload
        if isinstance(payload, dict):
            records = payload.get("Records") or ()
            total += len(records)
            sources.update(r.get("eventSource") for r in records if isinstance(r, dict))
    return total, frozenset(sources)


def _delivered_label(*traces) -> str:
    """"stream records delivered", "messages delivered" (SQS), or "records delivered" for both."""
    sources = set().union(*(_fact(trace, "pull", _pull_records)[1] for trace in traces))
    if sources == {"aws:sqs"}:
        return "messages delivered"
    return "records delivered" if "aws:sqs" in sources else "stream records delivered"


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
