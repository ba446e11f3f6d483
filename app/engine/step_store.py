"""Where a trace keeps its steps and state: a few large compressed buffers, not millions of objects.

A 1,000,000-step run used to hold ~700 MB as a Step object, a payload dict, a delta tuple and
their strings per step (docs/decisions/0012-trace-memory.md): tens of millions of small objects
that also kept the window's memory from going back to the system after the trace was dropped
(a few survivors pin a whole arena). Here every CHUNK steps are written as one `pickle` of plain
tuples, compressed with zlib (level 1: fast, and the repeated keys and texts of 256 steps shrink
~5x) once the run's budget of uncompressed bytes is spent (app.engine.packing.RAW_BUDGET), and
Step objects are built again when someone reads them. `pickle` gives an exact round
trip: tuples stay tuples, dicts keep their order, floats keep their bits (0.0 vs -0.0), bools stay
bools. The newest steps (fewer than CHUNK) stay as objects until the chunk is full, so the last
step can still be replaced while recording (a script note) and the last delta extended.
See docs/decisions/0015-columnar-trace.md.

Reading: `store[i]` decodes one chunk (~0.1-0.5 ms) and keeps the last few decoded; iterating
decodes each chunk once. Thread-safe for readers: a finished trace is never written again.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from functools import partial
from operator import attrgetter, itemgetter
from typing import Any, Callable

from app.engine.packing import (Blob, Budget, _hand_over, pack, pack_plain,  # noqa: F401
                                pack_state, settle, unpack)
from app.engine.step_templates import FIELDS, LIGHT_FIELDS, StepTemplate

CHUNK = 256  # steps per compressed chunk; equals trace.SNAPSHOT_EVERY so state blocks align
CACHED = 8  # decoded chunks kept for quick re-reads (seek back and forth, timeline paging)


class _Chunks:
    """An append-only list of values kept as packed chunks of CHUNK values plus an unpacked
    tail. `decode(chunk_list)` turns a decoded chunk into what readers get (e.g. Steps)."""

    __slots__ = ("_packed", "_tail", "_cache", "_encode", "_decode", "_blobs", "_pack",
                 "_tail_read")

    def __init__(self, encode: Callable[[list], list], decode: Callable[[list, int], list],
                 blobs: dict, packer: Callable[[Any], Any] | None = None):
        self._blobs, self._pack = blobs, packer or pack
        self._packed: list[Any] = []
        self._tail: list[Any] = []
        self._cache: dict[int, list] = {}
        self._encode, self._decode = encode, decode
        self._tail_read: tuple[int, list] | None = None  # (len of the tail, it decoded)

    def __len__(self) -> int:
        return len(self._packed) * CHUNK + len(self._tail)

    def append(self, value: Any) -> None:
        if len(self._tail) == CHUNK:  # packed only when the next one comes: the last stays open
            self.flush()
        self._tail.append(value)

    def flush(self) -> None:
        """Pack the full tail (CHUNK values) and empty it in place (the recorder holds it)."""
        self._packed.append(self._pack(self._encode(self._tail)))
        self._tail.clear()
        self._tail_read = None

    def set_last(self, value: Any) -> None:
        self._tail[-1] = value
        self._tail_read = None

    def settle(self) -> None:
        """Wait for the compressor: every packed chunk is bytes afterwards (a finished trace)."""
        _hand_over()
        self._packed[:] = map(settle, self._packed)

    def tail_values(self) -> list:
        """The open chunk's values, decoded (kept until the tail changes)."""
        tail, read = self._tail, self._tail_read
        if read is None or read[0] != len(tail):
            read = self._tail_read = (len(tail), self._decode(tail, len(self._packed) * CHUNK))
        return read[1]

    def chunk(self, number: int) -> list:
        """The values of chunk `number` (0-based), decoded (a list the caller must not change)."""
        if number == len(self._packed):
            return self.tail_values()
        cache = self._cache
        values = cache.get(number)
        if values is None:
            values = self._decode(unpack(self._packed[number], self._blobs), number * CHUNK)
            if len(cache) >= CACHED:
                try:
                    del cache[next(iter(cache))]
                except (KeyError, StopIteration, RuntimeError):  # another reader got there first
                    pass
            cache[number] = values
        return values

    def get(self, index: int) -> Any:
        number, offset = divmod(index, CHUNK)
        return self.chunk(number)[offset]

    def iterate(self):
        for number in range(len(self._packed)):
            yield from self.chunk(number)
        yield from self.tail_values()


# ---------------------------------------------------------------------------------------- steps
LIGHT_FIELDS = LIGHT_FIELDS  # (defined with the templates, whose light tuples use it)
"""Fields also kept as a column of small ids, so a scan over every step (the timeline's kinds,
a comparison's step signatures) reads them without unpacking a chunk: `StepStore.column`."""


class _Column:
    """The LIGHT_FIELDS of every packed step: per step a 2-byte id into a table of the distinct
    (kind, model, source, target, status, tags, permission decision) tuples (a few hundred in a
    big run)."""

    __slots__ = ("ids", "values", "_id_of")

    def __init__(self):
        self.ids, self.values, self._id_of = array("H"), [], {}

    def extend(self, values: list) -> None:
        id_of = self._id_of
        ids = list(map(id_of.get, values))  # one hash of each tuple when all are known (usual)
        if None in ids:
            for value in dict.fromkeys(values):  # new tuples numbered in order of first use
                if value not in id_of:
                    id_of[value] = len(self.values)
                    self.values.append(value)
            if len(self.values) > 0xFFFF and self.ids.typecode == "H":
                self.ids = array("I", self.ids)
            ids = map(id_of.__getitem__, values)
        self.ids.extend(ids)


class _Decision:
    __slots__ = ("decision",)

    def __init__(self, decision: str):
        self.decision = decision


class LightStep:
    """A step as far as its light tuple tells: kind, model, source, target, status, tags, and
    `permission` (an object with only `decision`, or None). Enough for
    app.engine.outcomes.step_outcome and starts_retry."""

    __slots__ = ("kind", "model", "source", "target", "status", "tags", "permission")

    def __init__(self, light: tuple):
        self.kind, self.model, self.source, self.target, self.status, self.tags, decision = light
        self.permission = None if decision is None else _Decision(decision)


RECORD_OF_STEP = None  # attrgetter of every Step field, in order (set by _step_codec)


def record_of(step) -> tuple:
    """A Step as the tuple of its fields, in `Step.__slots__` order: what the open chunk holds
    (the recorder appends such tuples directly, app.engine.trace.Recorder.add)."""
    return RECORD_OF_STEP(step)


def _step_codec(column: _Column, templates: list):
    global RECORD_OF_STEP
    from app.engine.trace import PermissionDecision, Step, _draft_of, _StepDraft

    RECORD_OF_STEP = attrgetter(*Step.__slots__)
    slot = Step.__slots__.index
    light = itemgetter(*(slot(name) for name in LIGHT_FIELDS), slot("permission"))
    decision = attrgetter(*PermissionDecision.__slots__)
    decision_draft = _draft_of(PermissionDecision)
    at = slot("permission")
    first = itemgetter(0)
    template_column: dict[int, int] = {}  # template number → its light tuple's id in the column

    def encode(records: list) -> list:
        """Field tuples of Steps (see `record_of`) → the same with a PermissionDecision as the
        tuple of its own (plain tuples pickle and unpickle without calling Python code). Adds
        each step's light tuple (LIGHT_FIELDS + the permission's decision) to the column. A
        compact record (`StepTemplate`) is kept as it is; its light tuple is its template's.
        A chunk of compact records only, whose templates an earlier chunk numbered in the
        column already (a load's usual chunk), adds their column ids without a Python loop."""
        records = list(records)
        if FIELDS not in map(len, records):
            ids = list(map(template_column.get, map(first, records)))
            if None not in ids:
                column.ids.extend(ids)
                return records
        compact = [i for i, fields in enumerate(records) if len(fields) != FIELDS]
        if compact:
            lights = [None] * len(records)
            for i in compact:
                lights[i] = templates[records[i][0]].light
            full = [i for i, fields in enumerate(records) if len(fields) == FIELDS]
            for i in full:
                lights[i] = light(records[i])
        else:
            full = range(len(records))
            lights = list(map(light, records))  # the permission last: None, or made its decision below
        same: dict[tuple, tuple] = {}  # equal decisions as one tuple: pickled once a chunk
        for i in [i for i in full if records[i][at] is not None]:
            fields = records[i]
            packed = decision(fields[at])
            records[i] = (*fields[:at], same.setdefault(packed, packed), *fields[at + 1:])
            lights[i] = (*lights[i][:-1], fields[at].decision)
        try:
            column.extend(lights)
        except TypeError:  # tags given as a list somewhere: the column keeps them as a tuple
            column.extend([(*row[:5], tuple(row[5]), row[6]) for row in lights])
        for i in compact:  # (light tuples of templates are never changed, nor ever lists)
            template_column[records[i][0]] = column._id_of[lights[i]]
        return records

    def decode(records: list, start: int) -> list:
        steps = []
        for offset, fields in enumerate(records):
            if len(fields) != FIELDS:  # a compact record: its template fills in the rest
                step = _StepDraft(*templates[fields[0]].pick((start + offset, *fields)))
            else:
                step = _StepDraft(*fields)
                if type(step.permission) is tuple:  # packed; in the open chunk it is the object
                    permission = decision_draft(*step.permission)
                    permission.__class__ = PermissionDecision
                    step.permission = permission
            step.__class__ = Step  # see trace._draft_of
            steps.append(step)
        return steps

    return encode, decode


class StepStore(Sequence):
    """The steps of a run, in order: `len`, `store[i]` (negative too), slices (a list), iteration,
    `index`, `count`, `in` and `==` work as on a list of Steps. Appending is the recorder's job.

    In: Steps (`append`). Out: Step objects built on access from packed chunks (equal to the
    ones recorded, field for field). Raises IndexError like a list.
    """

    __slots__ = ("_chunks", "_column", "_templates")

    def __init__(self, steps=(), blobs: dict | None = None, budget: Budget | None = None):
        """`blobs`: the run's blob table (kept for symmetry with StateStore; payloads hold no
        Blob, and one there would be packed as a copy). `budget`: the run's bytes that may stay
        uncompressed (app.engine.packing.Budget; None: every chunk is compressed)."""
        self._column = _Column()
        self._templates: list[StepTemplate] = []  # see `template`; compact records refer here
        self._chunks = _Chunks(*_step_codec(self._column, self._templates),
                               {} if blobs is None else blobs, partial(pack_plain, budget=budget))
        for step in steps:
            self._chunks.append(record_of(step))

    def append(self, step) -> None:
        self._chunks.append(record_of(step))

    def template(self, template: StepTemplate) -> int:
        """Keep `template` for this store's compact records; its number, which a compact record
        `(number, clock, *values)` in `tail` starts with (only the recorder, while recording)."""
        self._templates.append(template)
        return len(self._templates) - 1

    def set_last(self, step) -> None:
        """Replace the newest step (only the recorder, while recording)."""
        self._chunks.set_last(record_of(step))

    def last(self):
        """The newest step as a Step (only that one is decoded). Raises IndexError if empty."""
        chunks = self._chunks
        return chunks._decode(chunks._tail[-1:], len(self) - 1)[0]

    @property
    def tail(self) -> list:
        """The newest steps as field tuples (`record_of`) or compact records (`template`), not
        packed yet: the recorder appends here and calls `flush` when it holds CHUNK. Always the
        same list object."""
        return self._chunks._tail

    def flush(self) -> None:
        self._chunks.flush()

    def settle(self) -> None:
        """Wait until every chunk is compressed (the recorder's `finish` calls it)."""
        self._chunks.settle()

    def packed(self) -> list:
        """Every packed chunk (settled or still on its way: packing.pack)."""
        return self._chunks._packed

    def __len__(self) -> int:
        return len(self._chunks)

    def column(self, name: str) -> list:
        """`[step.<name> for step in self]`, fast for a name in LIGHT_FIELDS (no chunk is
        unpacked: ~5 ms for 200,000 steps instead of seconds); any other field is read step by
        step. Raises AttributeError for a name Step does not have."""
        if name not in LIGHT_FIELDS:
            return [getattr(step, name) for step in self]
        at = LIGHT_FIELDS.index(name)
        values = [light[at] for light in self._column.values]
        tail = list(map(attrgetter(name), self._chunks.tail_values()))
        return list(map(values.__getitem__, self._column.ids)) + tail

    def light_counts(self) -> tuple[list[tuple[LightStep, int]], list]:
        """How many packed steps share each light tuple, as (LightStep, count) pairs, and the
        open chunk's Steps: together every step, for totals that need only these fields
        (app.engine.summary) without unpacking anything."""
        counts = Counter(self._column.ids)
        values = self._column.values
        return ([(LightStep(values[i]), n) for i, n in counts.items()],
                list(self._chunks.tail_values()))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._chunks.get(i) for i in range(*index.indices(len(self)))]
        size = len(self._chunks)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("step index out of range")
        return self._chunks.get(index)

    def __iter__(self):
        return self._chunks.iterate()

    def __eq__(self, other) -> bool:
        if isinstance(other, (StepStore, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # mutable while recording, like a list

    def __repr__(self) -> str:
        return f"<StepStore of {len(self):,} steps>"


# ---------------------------------------------------------------------------------------- state
class StateStore:
    """Per-step state deltas (flat tuples, see trace.Recorder) in packed chunks of CHUNK, and a
    packed snapshot of the whole state after every CHUNK-th step (index 0, CHUNK, 2*CHUNK, …).

    `block(n)` → (snapshot after step n*CHUNK, the deltas of steps n*CHUNK … n*CHUNK+CHUNK-1);
    the snapshot is a fresh copy the caller may change.
    """

    __slots__ = ("_deltas", "_snapshots", "_blobs", "_budget")

    def __init__(self, blobs: dict | None = None, budget: Budget | None = None):
        """`blobs`: the run's blob table (Blobs in state are packed by reference to it);
        `budget`: as for StepStore (shared with the run's steps)."""
        self._blobs = {} if blobs is None else blobs
        self._budget = budget
        self._deltas = _Chunks(list, lambda values, start: values, self._blobs,
                               partial(pack_state, budget=budget, blobs=self._blobs))
        self._snapshots: list[Any] = []

    def __len__(self) -> int:
        return len(self._deltas)

    def append(self, delta: tuple) -> None:
        self._deltas.append(delta)

    @property
    def tail(self) -> list:
        """The newest deltas, not packed yet (see StepStore.tail)."""
        return self._deltas._tail

    def flush(self) -> None:
        self._deltas.flush()

    def settle(self) -> None:
        """Wait until every delta chunk and snapshot is compressed (see StepStore.settle)."""
        self._deltas.settle()
        self._snapshots[:] = map(settle, self._snapshots)

    def packed(self) -> list:
        """Every packed delta chunk and snapshot (settled or still on its way: packing.pack)."""
        return [*self._deltas._packed, *self._snapshots]

    def extend_last(self, more: tuple) -> None:
        tail = self._deltas._tail
        tail[-1] = tail[-1] + more

    def snapshot(self, state: dict[str, dict[str, Any]]) -> None:
        """Keep `state` as it is now (packed at once: later writes do not reach it)."""
        self._snapshots.append(_pack_state(state, self._budget, self._blobs))

    def replace_last_snapshot(self, state: dict[str, dict[str, Any]]) -> None:
        self._snapshots[-1] = _pack_state(state, self._budget, self._blobs)

    def block(self, number: int) -> tuple[dict[str, dict[str, Any]], list]:
        packed = self._snapshots[number]
        state = unpack(packed, self._blobs)
        return (_copy_state(state) if type(packed) is tuple else state), self._deltas.chunk(number)


def _copy_state(state: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Two levels deep is enough: values are never mutated once set."""
    return {node: dict(values) for node, values in state.items()}


def _pack_state(state: dict[str, dict[str, Any]], budget: Budget | None = None,
                blobs: dict | None = None) -> Any:
    packed = pack_state(state, budget, blobs)
    return (_copy_state(state),) if type(packed) is tuple else packed
