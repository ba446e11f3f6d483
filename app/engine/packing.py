"""Packing a chunk of a trace: pickle or marshal, then zlib (past a run's budget of
uncompressed bytes), maybe on a second thread.

What app.engine.step_store keeps is made here: `pack` (pickle, Blobs by reference), `pack_plain`
(marshal when every value is a plain built-in type, else pickle), `unpack` (either, told apart
by pickle's first byte) and `settle` (a compression still under way → its bytes). Compression
runs on one worker thread when a core is free for it (`choose_compressor`), else in line; the
bytes are the same either way. See docs/decisions/0015-columnar-trace.md and
docs/decisions/0017-engine-throughput.md.
"""

from __future__ import annotations

import contextlib
import io
import marshal
import os
import pickle
import threading
import time
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

LEVEL = 1  # zlib level: 1 keeps encoding at ~1 µs a step; 6 saves only ~10 % more
RAW_BUDGET = 128 * 2**20
"""Bytes of packed chunks a run keeps without compressing them (`Budget`): zlib was ~13 % of a
load's instructions, and a 100,000-request run's chunks are ~90 MB uncompressed. Past the budget every
chunk is compressed as before, so a 1,000,000-step trace still stays far below 500 MB
(docs/decisions/0017-engine-throughput.md, round 4)."""
_ZLIB_START = zlib.compress(b"")[0]  # 0x78: what every zlib stream of ours starts with


class Blob(bytes):
    """Bytes kept once in the run's blob table (`Trace.blobs`) under `ref`, e.g. an S3 object's
    body. Packed steps and state refer to a Blob by `ref` instead of copying its bytes, and
    unpacking gives back the very object in the table. In: the bytes and their key."""

    def __new__(cls, data: bytes, ref: str):
        blob = super().__new__(cls, data)
        blob.ref = ref
        return blob

    def __reduce__(self):  # outside a pack (copy, plain pickle): an ordinary copy
        return Blob, (bytes(self), self.ref)


def _blob(ref: str) -> Blob:  # only a name for the pickle stream: _Unpickler resolves it
    raise RuntimeError("a packed Blob is read through its table")


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):  # called for our own types only, never for str/int/dict…
        if type(obj) is Blob:
            return _blob, (obj.ref,)
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, blobs: dict):
        super().__init__(io.BytesIO(data))
        self._blobs = blobs

    def find_class(self, module: str, name: str):
        if name == "_blob" and module == __name__:
            return self._blobs.__getitem__
        return super().find_class(module, name)


def _compressor():
    """The one worker thread that compresses packed chunks (made on first use). zlib lets go of
    the GIL while it works, so compressing overlaps with the simulation on a second core."""
    global _COMPRESSOR
    with _COMPRESSOR_MADE:  # two runs recording at once make one thread, not two
        if _COMPRESSOR is None:
            _COMPRESSOR = ThreadPoolExecutor(1, thread_name_prefix="lambdascope-zlib")
        return _COMPRESSOR


_COMPRESSOR: ThreadPoolExecutor | None = None
_COMPRESSOR_MADE = threading.Lock()
MARSHAL_VERSION = 4  # exact for floats (binary), shares repeated objects (refs)
_PICKLE_START = pickle.PROTO[0]  # every pickle of protocol 2+ starts with this byte (0x80)
HAND_OVER = 12  # pickles handed to the compressor together (waking a thread costs ~0.1 ms)


class Budget:
    """What is left of one run's RAW_BUDGET (bytes): a packed chunk that fits is kept as it is,
    uncompressed (`_compressed`). In: the size in bytes (RAW_BUDGET unless given)."""

    __slots__ = ("left",)

    def __init__(self, size: int | None = None):
        self.left = RAW_BUDGET if size is None else size


class _Pending:
    """Pickled bytes on their way through the compressor: `result` is set (zlib of `data`) by
    the compressor's `job`; `settle` waits for it."""

    __slots__ = ("data", "result", "job")

    def __init__(self, data: bytes):
        self.data, self.result, self.job = data, None, None


_WAITING: list[_Pending] = []  # packed, not handed to the compressor yet
THREADED = False  # compress on the worker thread (see `choose_compressor`)


def choose_compressor() -> bool:
    """Compress on the worker thread only when a core is free for it: more than one core and a
    load average below cores - 1. On a busy machine the two threads pass the GIL back and forth
    while the OS runs other work, which cost more than compressing in line. Sets and returns
    THREADED (read once per run, by app.engine.trace.Recorder; what is packed is the same)."""
    global THREADED
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    THREADED = cores > 1 and load <= cores - 1
    return THREADED


def _compressed(data: bytes, budget: Budget | None = None) -> bytes | _Pending:
    """`data` itself while it fits in `budget` (what is left of it shrinks by its length), else
    zlib of `data`, worked out on the compressor thread a few at a time (`_hand_over`); `settle`
    gives the very bytes `zlib.compress(data, LEVEL)` gives. `unpack` tells the two apart by the
    first byte: pickle starts with 0x80 and a chunk's marshal with a list's code, zlib with 0x78."""
    if budget is not None and len(data) <= budget.left and data[0] != _ZLIB_START:
        budget.left -= len(data)
        return data
    if not THREADED:
        return zlib.compress(data, LEVEL)
    pending = _Pending(data)
    _WAITING.append(pending)
    if len(_WAITING) >= HAND_OVER:
        _hand_over()
    return pending


def _hand_over() -> None:
    """Give every waiting pickle to the compressor as one job (safe from any thread: each is
    popped by one caller only). A compressor that takes no more work (interpreter shutdown)
    means the batch is compressed here; either way every popped pickle gets its `job`, so a
    `settle` waiting for it never waits for ever."""
    batch = []
    with contextlib.suppress(IndexError):
        while True:
            batch.append(_WAITING.pop())
    if not batch:
        return
    try:
        job = _compressor().submit(_compress_all, batch)
    except RuntimeError:  # "cannot schedule new futures after (interpreter) shutdown"
        _compress_all(batch)
        job = Future()
        job.set_result(None)
    for pending in batch:
        pending.job = job


def drop_waiting(packed) -> None:
    """Take those of the `packed` values (what `pack` gave) that still wait to be handed to the
    compressor off its waiting list: the chunks of a run that will never be settled (it was
    cancelled, or failed), whose bytes the list held until the next run filled it. Safe from
    any thread: each is removed on its own (another run's waiting chunks stay), and one that
    another thread is handing over meanwhile is simply compressed."""
    if not _WAITING:
        return
    for value in packed:
        if type(value) is _Pending and value.job is None:
            with contextlib.suppress(ValueError):
                _WAITING.remove(value)


def _compress_all(batch: list[_Pending]) -> None:
    for pending in batch:
        pending.result, pending.data = zlib.compress(pending.data, LEVEL), None


def pack(value: Any, budget: Budget | None = None) -> Any:
    """`value` as bytes, compressed unless they fit in `budget` (exact round trip with
    `unpack`; Blobs by reference), or a pending compression (see `_compressed`; `settle` turns
    it into the bytes). A value pickle cannot write (a handler put an odd object in a payload)
    is kept as it is, in a 1-tuple."""
    try:
        out = io.BytesIO()
        _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(value)
        return _compressed(out.getvalue(), budget)
    except Exception:  # noqa: BLE001 - any unpicklable object: keep it unpacked, lose nothing
        return (value,)


def pack_plain(value: Any, budget: Budget | None = None) -> Any:
    """`pack` for steps, whose payloads hold no Blob (function code sees bodies as "<N bytes>"):
    written with `marshal` when every value is of a plain built-in type (list, tuple, dict, str,
    int, float, bool, None, bytes…: an exact round trip, as pickle's, at half the time), else
    with pickle (a Blob is copied then)."""
    try:
        data = marshal.dumps(value, MARSHAL_VERSION)
    except ValueError:  # a value of another type (a subclass, an object): pickle writes it
        try:
            data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - as in `pack`
            return (value,)
    return _compressed(data, budget)


def pack_state(value: Any, budget: Budget | None = None, blobs: dict | None = None) -> Any:
    """`pack` for a chunk of state deltas or a snapshot: with `marshal` (as `pack_plain`) while
    the run's blob table `blobs` is empty, else with pickle as `pack` (a Blob is written by
    reference, and marshal would write it as plain bytes). A value marshal cannot write goes
    to pickle too."""
    if blobs:
        return pack(value, budget)
    try:
        data = marshal.dumps(value, MARSHAL_VERSION)
    except ValueError:
        return pack(value, budget)
    return _compressed(data, budget)


def settle(packed: Any) -> Any:
    """What `pack` gave, with a pending compression replaced by its bytes (waits for the
    compressor, or compresses here if it was not handed over yet)."""
    if type(packed) is not _Pending:
        return packed
    if packed.result is None:
        if packed.job is None:
            _hand_over()
        while packed.job is None:  # another thread is handing it over this very moment
            time.sleep(0)
        packed.job.result()
    return packed.result


def unpack(packed: Any, blobs: dict) -> Any:
    """The value `pack` was given (a fresh copy, except for values kept unpacked); `blobs`: the
    table the packed Blobs are in."""
    if type(packed) is tuple:
        return packed[0]
    data = settle(packed)
    if data[0] == _ZLIB_START:  # else kept uncompressed (within the run's Budget)
        data = zlib.decompress(data)
    if data[0] != _PICKLE_START:  # see pack_plain (marshal never starts with this byte)
        return marshal.loads(data)
    return _Unpickler(data, blobs).load()
