"""The packed trace (app.engine.step_store) gives back exactly what was recorded, behaves as a list
of steps, and keeps no per-step objects alive (docs/decisions/0015-columnar-trace.md)."""

from __future__ import annotations

import gc
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.run import run
from app.engine.step_store import CHUNK, Blob, StepStore
from app.engine.summary import StepTally
from app.engine.trace import PermissionDecision, Recorder, Step, step_column
from app.scenario.loader import load_scenario
from lambda_scenarios import scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.text(max_size=5),
                   st.floats(allow_nan=False), st.just(-0.0), st.binary(max_size=4))
PAYLOADS = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=3), inner, max_size=3)), max_leaves=8)


def _typed(value):
    """A value with every type spelled out, so 1 vs True, 0.0 vs -0.0, list vs tuple differ."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    if isinstance(value, float):
        return ("float", math.copysign(1.0, value), repr(value))
    return (type(value).__name__, repr(value))


@settings(max_examples=25, deadline=None)
@given(st.lists(PAYLOADS, min_size=1, max_size=3 * CHUNK + 7))
def test_packed_steps_come_back_exactly_as_recorded(payloads):
    """Every field of every step, payload types and float bits included, survives packing."""
    rec = Recorder(lambda: 1.25)
    made = [rec.record("log", "a", "b", "internal", f"s{i % 3}", "n", payload=p,
                       headers={"k": str(i)}, tags=("x",) if i % 2 else (),
                       permission=PermissionDecision("allow", "p", "a", "r", "pol") if i % 5 == 0
                       else None)
            for i, p in enumerate(payloads)]
    trace = rec.finish(seed=1)
    assert len(trace) == len(made) and trace.steps == made
    for old, new in zip(made, trace):
        assert type(new) is Step and _typed(new.payload) == _typed(old.payload)
        assert new.to_json().keys() == old.to_json().keys()


def test_the_store_behaves_as_a_list_of_steps():
    """Negative indices, slices, index(), `in`, reversed and IndexError work as on a list."""
    steps = [Step(i, float(i), "log", "a", "b", "internal", "s", "n") for i in range(CHUNK * 2 + 3)]
    store = StepStore(steps)
    assert len(store) == len(steps) and store[-1] == steps[-1] and store[CHUNK] == steps[CHUNK]
    assert store[CHUNK - 2:CHUNK + 2] == steps[CHUNK - 2:CHUNK + 2] and store[::100] == steps[::100]
    assert store.index(steps[CHUNK + 1]) == CHUNK + 1 and steps[5] in store
    assert list(reversed(store)) == steps[::-1] and list(store) == steps
    for bad in (len(steps), -len(steps) - 1):
        try:
            store[bad]
        except IndexError:
            continue
        raise AssertionError(f"store[{bad}] did not raise IndexError")


def test_what_listeners_saw_is_what_the_trace_gives_back():
    """A run longer than a few chunks: the finished trace equals the steps as recorded."""
    seen = []

    def observe(sim):
        sim.recorder.listeners.append(seen.append)

    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 400, "every": "50ms"}])
    trace = run(sc, observe=observe)
    assert len(trace) > 3 * CHUNK and list(trace) == seen
    assert trace[CHUNK + 1].to_json() == seen[CHUNK + 1].to_json()


def test_a_long_run_keeps_no_step_objects_beyond_the_open_chunk():
    """Steps are packed as they are recorded: after a run of thousands of steps, at most the open
    chunk's Step objects are alive (the old trace kept one object per step)."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 1000, "every": "50ms"}])
    before = _steps_alive()
    trace = run(sc)
    assert len(trace) > 10 * CHUNK and _steps_alive() - before <= CHUNK


def _steps_alive() -> int:
    gc.collect()
    gc.unfreeze()  # `run` freezes what it made; frozen objects are not in get_objects()
    try:
        return sum(1 for o in gc.get_objects() if type(o) is Step)
    finally:
        gc.freeze()


def test_packed_state_refers_to_s3_bodies_instead_of_copying_them():
    """Deep in a long run (packed snapshots and deltas), the bucket's objects still hold the very
    bytes of Trace.blobs: a Blob is packed by reference."""
    sc = scenario(extra={"photos": {"type": "s3_bucket"}},
                  app_policies=[{"action": "s3:PutObject", "resource": "*"}],
                  script=[{"at": 0, "actor": "app", "action": "put_object", "bucket": "photos",
                "key": "k{n}.txt", "body": "hello {n}", "repeat": 3 * CHUNK, "every": "10ms"}])
    trace = run(sc)
    late = trace.state_at(len(trace) - 2)["photos"]["objects"]
    assert len(trace) > 2 * CHUNK and late
    for obj in late.values():
        assert type(obj["body"]) is Blob and obj["body"] is trace.blobs[obj["body_ref"]]


def test_a_column_equals_the_field_of_every_step():
    """StepStore.column (read without unpacking) gives the same values as reading each step."""
    rec = Recorder(lambda: 0.0)
    for i in range(CHUNK * 2 + 9):
        rec.record(("log", "execute", "poll")[i % 3], f"n{i % 4}", "t", "pull", "s", "n",
                   status=(None, 200, 429)[i % 3], tags=(("retry",), ())[i % 2])
    trace = rec.finish(seed=1)
    for name in ("kind", "model", "source", "target", "status", "tags", "summary", "index"):
        assert step_column(trace, name) == [getattr(s, name) for s in trace], name
    assert step_column(list(trace)[:5], "kind") == [s.kind for s in trace][:5]


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_summary_from_the_light_column_counts_every_step(path):
    """The summary is counted from the light column (nothing unpacked); it equals counting the
    finished trace's steps one by one."""
    _summary_matches_the_steps(run(load_scenario(path)))


def test_denials_and_throttles_in_packed_chunks_are_counted():
    """Hundreds of refused and throttled invokes (most of them in packed chunks, not the open
    one): the summary counts each, as counting the steps does."""
    refused = scenario(app_policies=[], script=[
        {"at": 0, "actor": "app", "action": "invoke", "function": "echo", "repeat": 300,
         "every": "10ms"}])
    trace = run(refused)
    assert len(trace) > 2 * CHUNK and trace.summary["denied"] == 300
    _summary_matches_the_steps(trace)
    throttled = scenario(functions={"echo": {"type": "function", "handler": "builtin.echo",
                                             "role": "echo-role", "duration": "1s",
                                             "reserved_concurrent_executions": 1}},
                         script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                                  "repeat": 300, "every": "10ms"}])
    trace = run(throttled)
    assert len(trace) > 2 * CHUNK and trace.summary["throttles"] > 200
    _summary_matches_the_steps(trace)


def _summary_matches_the_steps(trace) -> None:
    again = StepTally().add_all(trace)
    counted = {"steps": again.steps, "warm_starts": again.warm, "retries": again.retries,
               "dead_letters": again.dead, "destinations": again.destinations,
               "invocations": again.counts.get("execute", 0),
               "denied": again.outcomes["denied"], "refusals": again.outcomes["refusals"],
               "throttles": again.outcomes["throttles"],
               "function_errors": again.outcomes["function_errors"],
               "other_errors": again.outcomes["other_errors"]}
    assert {key: trace.summary[key] for key in counted} == counted
    assert counted["steps"] == len(trace)
