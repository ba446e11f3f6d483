"""The recorder's quick paths give what the plain ones gave (docs/decisions/0017-engine-throughput.md):
`add` (field tuples in the open chunk) equals `record`, the step-limit watch fires exactly where a
per-step check would, chunks written with marshal or pickle come back with every type, chunks
compressed on the worker thread come back exactly (also with two runs recording at once), the
environment rows built lazily equal the environments, and the texts kept once equal the texts
built afresh."""

from __future__ import annotations

import collections
import enum
import threading
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import app.engine.trace as trace_module
from app.engine import packing, run
from app.engine.execution_environments import EnvironmentPool
from app.engine.step_store import CHUNK, settle
from app.engine.trace import PermissionDecision, Recorder, Step
from lambda_scenarios import scenario


class Colour(enum.IntEnum):
    RED = 1


def _fields(step: Step) -> tuple:
    return tuple(getattr(step, name) for name in Step.__slots__)


def test_add_and_record_store_the_same_steps():
    """`add` builds no Step; what the trace gives back equals what `record` returned."""
    decision = PermissionDecision("allow", "p", "lambda:InvokeFunction", "r", "identity policy")
    by_record, by_add = Recorder(lambda: 2.5), Recorder(lambda: 2.5)
    made = []
    for i in range(CHUNK + 40):
        extra = {"payload": {"i": i}, "tags": ("retry",) if i % 3 else (), "flow": f"f{i % 7}",
                 "permission": decision if i % 4 == 0 else None, "status": 200 if i % 2 else None,
                 "headers": {"h": str(i)}, "chapter_step": i % 5 or None}
        made.append(by_record.record("log", "a", "b", "internal", f"s{i % 3}", f"n{i}", **extra))
        by_add.add("log", "a", "b", "internal", f"s{i % 3}", f"n{i}", **extra)
    recorded, added = by_record.finish(seed=1), by_add.finish(seed=1)
    assert [_fields(s) for s in added] == [_fields(s) for s in recorded] == [_fields(s) for s in made]
    assert all(type(s) is Step for s in added)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300), st.one_of(st.none(), st.integers(1, 70)), st.integers(0, 20))
def test_the_watch_fires_where_a_per_step_check_would(at, every, before):
    """`watch(check, every, at)`: called after the step that makes `at` steps and after every
    `every`-th step, nowhere else (what the old per-step listener checked)."""
    rec, calls = Recorder(lambda: 0.0), []
    for _ in range(before):
        rec.add("log", "a", "b", "internal", "s", "n")
    rec.watch(calls.append, every, at)
    for _ in range(400):
        rec.add("log", "a", "b", "internal", "s", "n")
    expected = [n for n in range(before + 1, before + 401)
                if n == max(at, before + 1) or (every and n % every == 0)]
    assert calls == expected


def test_the_step_cap_cuts_at_max_steps_with_and_without_cancel():
    """max_steps counts exactly (the not-simulated step comes after the cut), cancel or not."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 300, "every": "1s"}])
    for cap in (1, 63, 64, 65, 257):
        plain, watched = run(sc, max_steps=cap), run(sc, max_steps=cap, cancel=lambda: False)
        assert len(plain) == len(watched) == cap + 1
        assert plain[-1].kind == "not-simulated" and plain[cap - 1] == watched[cap - 1]


def test_plain_and_odd_payloads_come_back_with_their_types():
    """A chunk of plain values is written with marshal, one holding a subclass or an object with
    pickle: both give back equal values of the same types (IntEnum, OrderedDict, bool, -0.0)."""
    rec = Recorder(lambda: 1.0)
    plain = {"a": (1, -0.0, True, None, b"x", [1.5, "s"]), 2: {3, 4}}
    odd = {"colour": Colour.RED, "ordered": collections.OrderedDict(b=1, a=2)}
    for i in range(CHUNK):
        rec.add("log", "a", "b", "internal", "s", "n", payload=plain)
    for i in range(CHUNK):
        rec.add("log", "a", "b", "internal", "s", "n", payload=odd if i == 7 else plain)
    rec.add("log", "a", "b", "internal", "s", "n")
    trace = rec.finish(seed=1)
    first, second = trace[3].payload, trace[CHUNK + 7].payload
    assert first == plain and type(first["a"]) is tuple and first["a"][2] is True
    assert str(first["a"][1]) == "-0.0" and type(first[2]) is set
    assert type(second["colour"]) is Colour and type(second["ordered"]) is collections.OrderedDict
    assert list(second["ordered"]) == ["b", "a"] and trace[CHUNK + 8].payload == plain


@pytest.fixture(params=[True, False], ids=["worker-thread", "in-line"])
def compressor(request, monkeypatch):
    """Compress on the worker thread, or in line, whatever the machine's load."""
    def choose():
        packing.THREADED = request.param
        return request.param

    monkeypatch.setattr(trace_module, "choose_compressor", choose)
    yield request.param
    packing.THREADED = False


def test_a_finished_trace_holds_compressed_bytes_only(compressor, monkeypatch):
    """Past the run's budget of uncompressed bytes (none here), every packed chunk is settled to
    the bytes zlib gives (the worker's results are waited for)."""
    monkeypatch.setattr(packing, "RAW_BUDGET", 0)
    store_of = run(scenario(script=[{"at": 0, "actor": "app", "action": "invoke",
                                     "function": "echo", "repeat": 400, "every": "50ms"}])).steps
    packed = store_of._chunks._packed
    assert len(packed) >= 4 and all(type(p) is bytes for p in packed)
    assert all(zlib.decompress(settle(p)) for p in packed)


def test_chunks_within_the_budget_stay_uncompressed_and_read_back_the_same(compressor,
                                                                        monkeypatch):
    """A run keeps its first chunks (steps, deltas, snapshots) as they were packed until its
    budget of uncompressed bytes is spent, and compresses every chunk after that; the steps and
    the state after every step are the same as when every chunk is compressed."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 500, "every": "50ms"}])
    monkeypatch.setattr(packing, "RAW_BUDGET", 0)
    squeezed = run(sc)
    monkeypatch.setattr(packing, "RAW_BUDGET", 60_000)
    kept = run(sc)
    packed = kept.steps._chunks._packed
    raw = [p for p in packed if p[0] != packing._ZLIB_START]
    assert len(packed) >= 6 and raw and len(raw) < len(packed)
    assert packed[:len(raw)] == raw  # the first ones, until the budget ran out
    assert sum(map(len, raw)) <= 60_000
    assert all(p[0] == packing._ZLIB_START for p in squeezed.steps._chunks._packed)
    assert len(kept) == len(squeezed)
    for i in range(len(kept)):
        assert kept[i] == squeezed[i]
        assert kept.state_at(i) == squeezed.state_at(i)


def test_two_runs_recording_at_once_come_back_exactly(compressor):
    """Two threads record (and hand chunks to the one compressor) at the same time: each trace
    equals the same run made alone."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 600, "every": "20ms"}])
    alone = [s.to_json() for s in run(sc)]
    assert packing.THREADED is compressor
    results = [None, None]

    def work(slot):
        results[slot] = [s.to_json() for s in run(sc)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == alone and results[1] == alone


OPS = st.lists(st.tuples(st.sampled_from(["take", "release", "reclaim", "read"]),
                         st.integers(0, 3)), max_size=60)


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_rows_built_at_read_time_equal_the_environments(ops):
    """Rows are built when read, however many changes came in between; `rows_update`'s single-row
    base plus the changed row gives the rows."""
    pool, now = EnvironmentPool("work"), 0.0
    for op, pick in ops:
        now += 1
        busy = [e for e in pool.environments if e.state == "busy"]
        idle = [e for e in pool.environments if e.state == "idle"]
        if op == "take":
            env = pool.take_warm() or pool.create(now, f"work-env{pool.created + 1}", "stream")
            pool.begin(env)
        elif op == "release" and busy:
            pool.release(busy[pick % len(busy)], now)
        elif op == "reclaim" and idle:
            pool.remove(idle[pick % len(idle)], now)
        elif op == "read":
            rows, base, index = pool.rows_update()
            assert rows == tuple(e.as_state() for e in pool.environments)
            if base is not None:
                assert (*base[:index], rows[index], *base[index + 1:]) == rows


def test_texts_kept_once_equal_texts_built_afresh():
    """The invoke, permission-check, result and log texts of a run that reuses them equal the
    ones of the first invocation, and a failing function's texts are its own."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 3, "every": "1s"}])
    trace = run(sc)
    by_kind = collections.defaultdict(list)
    for step in trace:
        by_kind[step.kind].append((step.summary, step.narration))
    for kind in ("invoke", "permission-check", "result"):
        texts = by_kind[kind]
        assert len(texts) == 3 and len(set(texts)) == 1, kind
    assert len({narration for _, narration in by_kind["log"]}) == 2  # cold, then warm


def test_a_compressor_that_takes_no_more_work_costs_nothing(monkeypatch):
    """At interpreter shutdown the compressor refuses new jobs (RuntimeError from submit): the
    chunks are compressed in line instead, the run goes on, and every chunk settles to zlib's
    bytes (before, the run raised and a later `settle` of a popped chunk waited for ever)."""
    from concurrent.futures import ThreadPoolExecutor

    stopped = ThreadPoolExecutor(1)
    stopped.shutdown()
    monkeypatch.setattr(packing, "_COMPRESSOR", stopped)
    monkeypatch.setattr(packing, "THREADED", True)
    data = [bytes([i]) * 1000 for i in range(packing.HAND_OVER * 2)]
    pending = [packing._compressed(d) for d in data]
    assert [packing.settle(p) for p in pending] == [zlib.compress(d, packing.LEVEL) for d in data]
    assert packing._WAITING == []


def test_a_run_compressed_on_the_worker_gives_its_scratch_memory_back(compressor, monkeypatch):
    """zlib's scratch buffers on the compressor thread live in that thread's malloc arena, between
    the compressed chunks it keeps: without a trim, a 300,000-step trace held ~235 B a step of
    RSS instead of ~62 (bench_memory). A run that used the worker trims the heap as it finishes;
    an in-line run has nothing to give back and skips it."""
    trims = []
    monkeypatch.setattr(trace_module, "trim_heap", lambda: trims.append(1))
    run(scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                          "repeat": 300, "every": "50ms"}]))
    assert trims == ([1] if compressor else [])
