"""Where a trace keeps its steps and state: a few large compressed buffers, not millions of objects.

A 1,000,000-step run used to hold ~700 MB as a Step object, a payload dict, a delta tuple and
their strings per step (docs/decisions/0012-trace-memory.md): tens of millions of small objects
that also kept the window's memory from going back to the system after the trace was dropped
(a few survivors pin a whole arena). Here every CHUNK steps are written as one `pickle` of plain
tuples, compressed with zlib (level 1: fast, and the repeated keys and texts of 256 steps shrink
~5x), and Step objects are built again when someone reads them. `pickle` gives an exact round
trip: tuples stay tuples, dicts keep their order, floats keep their bits (0.0 vs -0.0), bools stay
bools. The newest steps (fewer than CHUNK) stay as objects until the chunk is full, so the last
step can still be replaced while recording (a script note) and the last delta extended.
See docs/decisions/0015-columnar-trace.md.

Reading: `store[i]` decodes one chunk (~0.1-0.5 ms) and keeps the last few decoded; iterating
decodes each chunk once. Thread-safe for readers: a finished trace is never written again.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Sequence
from operator import attrgetter
from typing import Any, Callable

CHUNK = 256  # steps per compressed chunk; equals trace.SNAPSHOT_EVERY so state blocks align
LEVEL = 1  # zlib level: 1 keeps encoding at ~1 µs a step; 6 saves only ~10 % more
CACHED = 4  # decoded chunks kept for quick re-reads (seek back and forth, timeline paging)


def pack(value: Any) -> Any:
    """`value` as compressed bytes (exact round trip with `unpack`). A value pickle cannot write
    (a handler put an odd object in a payload) is kept as it is, inside a 1-tuple."""
    try:
        return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), LEVEL)
    except Exception:  # noqa: BLE001 - any unpicklable object: keep it unpacked, lose nothing
        return (value,)


def unpack(packed: Any) -> Any:
    """The value `pack` was given (a fresh copy, except for values kept unpacked)."""
    if type(packed) is tuple:
        return packed[0]
    return pickle.loads(zlib.decompress(packed))


class _Chunks:
    """An append-only list of values kept as packed chunks of CHUNK values plus an unpacked
    tail. `decode(chunk_list)` turns a decoded chunk into what readers get (e.g. Steps)."""

    __slots__ = ("_packed", "_tail", "_cache", "_encode", "_decode")

    def __init__(self, encode: Callable[[list], list], decode: Callable[[list, int], list]):
        self._packed: list[Any] = []
        self._tail: list[Any] = []
        self._cache: dict[int, list] = {}
        self._encode, self._decode = encode, decode

    def __len__(self) -> int:
        return len(self._packed) * CHUNK + len(self._tail)

    def append(self, value: Any) -> None:
        if len(self._tail) == CHUNK:  # packed only when the next one comes: the last stays open
            self._packed.append(pack(self._encode(self._tail)))
            self._tail = []
        self._tail.append(value)

    def set_last(self, value: Any) -> None:
        self._tail[-1] = value

    def chunk(self, number: int) -> list:
        """The values of chunk `number` (0-based), decoded (a list the caller must not change)."""
        if number == len(self._packed):
            return self._tail
        cache = self._cache
        values = cache.get(number)
        if values is None:
            values = self._decode(unpack(self._packed[number]), number * CHUNK)
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
        yield from self._tail


# ---------------------------------------------------------------------------------------- steps
def _step_codec():
    from app.engine.trace import Step, _StepDraft

    names = Step.__slots__
    record = attrgetter(*names)

    def encode(steps: list) -> list:
        return [record(step) for step in steps]

    def decode(records: list, start: int) -> list:
        steps = []
        for fields in records:
            step = _StepDraft(*fields)
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

    __slots__ = ("_chunks",)

    def __init__(self, steps=()):
        self._chunks = _Chunks(*_step_codec())
        for step in steps:
            self._chunks.append(step)

    def append(self, step) -> None:
        self._chunks.append(step)

    def set_last(self, step) -> None:
        """Replace the newest step (only the recorder, while recording)."""
        self._chunks.set_last(step)

    def __len__(self) -> int:
        return len(self._chunks)

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

    __slots__ = ("_deltas", "_snapshots")

    def __init__(self):
        self._deltas = _Chunks(list, lambda values, start: values)
        self._snapshots: list[Any] = []

    def __len__(self) -> int:
        return len(self._deltas)

    def append(self, delta: tuple) -> None:
        self._deltas.append(delta)

    def extend_last(self, more: tuple) -> None:
        tail = self._deltas._tail
        tail[-1] = tail[-1] + more

    def snapshot(self, state: dict[str, dict[str, Any]]) -> None:
        """Keep `state` as it is now (packed at once: later writes do not reach it)."""
        self._snapshots.append(_pack_state(state))

    def replace_last_snapshot(self, state: dict[str, dict[str, Any]]) -> None:
        self._snapshots[-1] = _pack_state(state)

    def block(self, number: int) -> tuple[dict[str, dict[str, Any]], list]:
        packed = self._snapshots[number]
        state = unpack(packed)
        return (_copy_state(state) if type(packed) is tuple else state), self._deltas.chunk(number)


def _copy_state(state: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Two levels deep is enough: values are never mutated once set."""
    return {node: dict(values) for node, values in state.items()}


def _pack_state(state: dict[str, dict[str, Any]]) -> Any:
    packed = pack(state)
    return (_copy_state(state),) if type(packed) is tuple else packed
