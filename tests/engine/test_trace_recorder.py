"""The recorder's shortcuts (draft steps, flat deltas, skipped no-op writes, shared texts) change
nothing a reader of the trace can see."""

from __future__ import annotations

import dataclasses
import gc

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.engine.run import run
from app.engine.trace import SNAPSHOT_EVERY, Recorder, Step
from lambda_scenarios import scenario

NODES = ("work", "lambda")
KEYS = ("environments", "concurrency", "note")
VALUES = st.one_of(st.integers(-3, 300), st.sampled_from(["a", "b", ""]), st.none(),
                   st.sampled_from([0.0, -0.0, 1.5]), st.booleans(),
                   st.tuples(st.integers(0, 2)), st.tuples(st.integers(0, 2), st.integers(0, 2),
                                                           st.integers(0, 2)))
OPS = st.lists(st.one_of(
    st.tuples(st.just("set"), st.sampled_from(NODES), st.sampled_from(KEYS), VALUES),
    st.tuples(st.just("delete"), st.sampled_from(NODES), st.sampled_from(KEYS), st.none()),
    st.tuples(st.just("row"), st.sampled_from(NODES), st.sampled_from(KEYS),
              st.tuples(st.integers(0, 2), st.integers(0, 9), st.booleans())),
    st.tuples(st.just("record"), st.sampled_from(["log", "execute"]), st.sampled_from(["x", "y"]),
              st.none()),
), max_size=3 * SNAPSHOT_EVERY)


def _plain(state):
    """State with values tagged by type, so 0 vs False and 0.0 vs -0.0 count as different."""
    return {n: {k: (type(v).__name__, repr(v)) for k, v in vals.items()} for n, vals in state.items()}


@settings(max_examples=60, deadline=None)
@given(OPS)
@example([("set", "work", "note", (0, 1, 2)), ("record", "log", "x", None),
          ("row", "work", "note", (1, 5, False)), ("record", "log", "x", None),
          ("row", "work", "note", (0, 7, True)), ("record", "log", "y", None)])
def test_state_at_every_step_equals_a_full_copy_taken_then(ops):
    """Whatever the writes (whole values, single rows, deletes), state_at(i) is exactly the live
    state as it was when step i was recorded."""
    rec, expected = Recorder(lambda: 0.0), []
    for op, a, b, value in ops:
        if op == "set":
            rec.set_state(a, b, value)
        elif op == "delete":
            rec.delete_state(a, b)
        elif op == "row":  # change one row of a tuple value; sometimes claim a stale base
            index, row, stale = value
            base = rec.state.get(a, {}).get(b)
            if isinstance(base, tuple) and index < len(base):
                if stale:  # every row changes; the claimed base is not what the state holds
                    rec.set_row(a, b, (row,) * len(base), tuple([*base]), index)
                else:
                    rec.set_row(a, b, (*base[:index], row, *base[index + 1:]), base, index)
        else:
            rec.record(a, "work", "work", "internal", f"summary {b}", f"narration {b}")
            expected.append(_plain(rec.state))
    trace = rec.finish(seed=1)
    assert [_plain(trace.state_at(i)) for i in range(len(trace))] == expected[:-1] + (
        [_plain(rec.state)] if expected else [])


def test_recorded_steps_are_ordinary_frozen_steps():
    """A recorded step is a real Step: frozen, equal to one built directly, and replace() works."""
    rec = Recorder(lambda: 12.3456)
    step = rec.record("log", "work", "work", "on-demand", "s", "n", payload={"a": 1}, tags=("x",))
    assert type(step) is Step and dataclasses.is_dataclass(step)
    assert step == Step(0, 12.346, "log", "work", "work", "on-demand", "s", "n", payload={"a": 1},
                        tags=("x",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.kind = "error"
    assert dataclasses.replace(step, narration="m").narration == "m"


def test_a_repeated_text_is_kept_once():
    """The same narration on consecutive steps of a kind is one string object, not copies."""
    rec = Recorder(lambda: 0.0)
    first = rec.record("log", "w", "w", "internal", "s", "".join(["same ", "text"]))
    second = rec.record("log", "w", "w", "internal", "s", "".join(["same ", "text"]))
    assert first.narration == second.narration == "same text"
    assert first.narration is second.narration


def test_a_run_turns_the_collector_back_on_and_leaves_no_cycles():
    """The engine pauses the cycle collector while it records, turns it back on, and keeps the
    run's objects out of it (frozen): so a discarded trace must be freed by reference counting
    alone, even when the run was cut at the step cap (issue 9 item 10)."""
    import weakref

    assert gc.isenabled()
    for cap in (None, 4):
        trace = run(scenario(script=[{"at": 0, "actor": "app", "action": "invoke",
                                      "function": "echo", "repeat": 3, "every": "1s"}]),
                    max_steps=cap)
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert trace.summary["truncated"] is (cap is not None)
        gone = weakref.ref(trace)
        del trace
        assert gone() is None
