"""Compact step records: what the steps of one kind on a hot path share, kept once per run.

app.engine.fast_invoke records the five steps of a plain synchronous invoke tens of thousands of
times in a scaling lesson. Instead of 16 fields a step, such a step is kept as `(template
number, clock, *the fields that vary)` (or the few values they are made from, see
`StepTemplate.expand`), and reading it (app.engine.step_store) gives back the very field tuple
`Recorder.add` would have stored. `CompactRecording` is the recorder's side (`template`,
`add_compact`). See docs/decisions/0017-engine-throughput.md (round 5).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable

LIGHT_FIELDS = ("kind", "model", "source", "target", "status", "tags")  # see step_store
_CHUNK_MASK = 255  # = trace._CHUNK_MASK (CHUNK - 1), checked in app.engine.trace


def _slots() -> tuple[str, ...]:
    from app.engine.trace import Step
    return Step.__slots__


FIELDS = 16  # fields of a Step (`record_of`); a compact record is always shorter


class StepTemplate:
    """What the steps of one kind share on a hot path (app.engine.fast_invoke), so that each
    such step is recorded as a compact record `(template number, clock, *values)` instead of
    its 16 fields: the recorder writes, packs and compresses ~4 fields a step, not 16, and the
    light column takes the template's light tuple as it is. Reading expands a compact record
    into the very field tuple `record_of` gives for the step (tests/engine/test_step_templates.py).

    In: `fields`, a Step's field tuple with any value at index 0 (the index, which comes from the
    position) and at the variable places; `variable`, the field numbers (≥ 2, in the order the
    values come) given per step after the time. The constant fields must be immutable values
    (str, int, None, tuples, PermissionDecision): every step of the template shares them.
    `expand`, if given, makes the variable fields when the step is read: a compact record then
    holds `expand`'s arguments (`(number, clock, *arguments)`), and `expand(*arguments)` gives
    the variable fields in order (a text or payload built from a few numbers only when shown;
    it must give the same values every time)."""

    __slots__ = ("fields", "variable", "light", "pick", "expand")

    def __init__(self, fields: tuple, variable: tuple[int, ...],
                 expand: Callable[..., tuple] | None = None):
        if len(fields) != FIELDS or 0 in variable or 1 in variable or len(variable) > 12:
            raise ValueError("a template has 16 fields; index and time are never variable")
        self.fields, self.variable = tuple(fields), tuple(variable)
        slot = _slots().index
        self.light = (*(self.fields[slot(name)] for name in LIGHT_FIELDS),
                      None if self.fields[slot("permission")] is None
                      else self.fields[slot("permission")].decision)
        if any(slot(name) in self.variable for name in (*LIGHT_FIELDS, "permission")):
            raise ValueError("the light fields and the permission of a template are constant")
        # pick((index, number, time, *values) + fields) → the 16 fields, all in C
        width = 3 + len(self.variable)
        where = {field: 3 + n for n, field in enumerate(self.variable)}
        picks = [0, 2, *(where.get(k, width + k) for k in range(2, FIELDS))]
        getter = itemgetter(*picks)
        constant = self.fields
        self.expand = expand
        # (a compact record holds the clock's value as it is: time_ms, its rounding to 3 places,
        # is made when read, not once per SimPy event while recording: round costs ~0.3 µs)
        if expand is None:
            self.pick = lambda record: getter(
                (record[0], record[1], round(record[2], 3), *record[3:]) + constant)
        else:
            self.pick = lambda record: getter(
                (record[0], record[1], round(record[2], 3)) + expand(*record[3:]) + constant)



def _polished(expand, texts: list[tuple[int, bool]], names) -> Callable[..., tuple]:
    """`expand` (None: the values as given) whose summary and narration, at the places `texts`
    of its result ((place, is the summary)), come out corrected by `names`
    (SentenceNames.polish) when the step is read."""
    def shown(*values) -> tuple:
        fields = list(expand(*values) if expand is not None else values)
        for n, summary in texts:
            fields[n] = names.polish(fields[n], summary)
        return tuple(fields)
    return shown


class CompactRecording:
    """`Recorder.template` and `Recorder.add_compact` (app.engine.trace.Recorder inherits them;
    they use its `_steps`, `_count`, `_clock`, tails, listeners and watch as `add` does)."""

    def template(self, kind: str, source: str, target: str, model: str, summary: str,
                 narration: str, payload: Any = None, permission: Any = None,
                 status: int | None = None, headers: dict[str, str] | None = None,
                 chapter_step: int | None = None, tags: tuple[str, ...] = (),
                 flow: str | None = None, caveat: str | None = None,
                 variable: tuple[str, ...] = (), expand=None) -> int:
        """A template for `add_compact`: the fields of `add` that its steps share, and the
        names of the fields (`variable`, e.g. ("payload", "flow")) each step gives in that
        order. Their values here are ignored. `expand`: see `StepTemplate` (then
        `add_compact` gets its arguments). Out: the template's number. Raises ValueError for
        a light field or the permission named variable, and when the scenario's narration rules
        could rewrite the step (`add` then)."""
        if self._overrides:
            raise ValueError("narration rules rewrite steps one by one: use `add`")
        if not self._chapter_steps:
            chapter_step = None
        names = self._names  # app.engine.sentence_names: as `add` corrects its texts
        if names is not None:
            summary, narration = names.polish(summary, True), names.polish(narration)
        fields = (None, None, kind, source, target, model, summary, narration, payload,
                  permission, status, headers, chapter_step, tags, flow, caveat)
        key = (fields, variable, expand)
        number = self._templates.get(key)
        if number is None:
            texts = [(n, name == "summary") for n, name in enumerate(variable)
                     if name in ("summary", "narration")]
            shown = expand if names is None or not texts else _polished(expand, texts, names)
            number = self._templates[key] = self._steps.template(
                StepTemplate(fields, tuple(map(_slots().index, variable)), shown))
            self._template_kinds[number] = kind
        return number

    def add_compact(self, template: int, values: tuple) -> None:
        """`add` for a step of `template` (see `template`): `values` are its variable fields,
        in the template's order. Stored as the compact record `(template, clock, *values)`
        (the clock's value unrounded), read back as the Step `add` would have recorded (its
        `time_ms` the clock rounded to 3 places, as `add` rounds it). Raises as `add` does."""
        index = self._count
        self._count = index + 1
        if index & _CHUNK_MASK:  # (the clock as it is: StepTemplate.pick rounds it when read)
            self._step_tail.append((template, self._clock()) + values)
            pending = self._pending
            if pending:
                self._delta_tail.append(tuple(pending))
                pending.clear()
            else:
                self._delta_tail.append(())
        else:
            self._chunk_begins((template, self._clock()) + values, index)
        if self.listeners:
            self._tell(self._template_kinds[template])
        if index >= self._watch_from:
            self._watch(index + 1)

    def _tell(self, kind: str) -> None:
        """Hand the newest step (of `kind`) to the recorder's listeners: plain callbacks(step);
        one with a `kinds` attribute (a set of step kinds) is called only for steps of those
        kinds, and the step is decoded only if some listener wants it (the lab's endings tally
        of a what-if, decision 0017 round 6)."""
        step = None
        for listener in self.listeners:
            kinds = getattr(listener, "kinds", None)
            if kinds is None or kind in kinds:
                if step is None:
                    step = self._steps.last()
                listener(step)
