"""A what-if on a load: comparing the re-run with the unmodified run reads the light columns and
what was tallied while the engine recorded, never the packed steps (docs/decisions/0020)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from load_scenarios import load_of

import app.engine.step_store as step_store
from app.engine import run
from app.lab import LabSession
from app.lab.compare import (MAX_DIFFLIB, EndingsTally, Row, Rows, compare, endings, _middle_spans,
                             signatures)
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def unpacks(monkeypatch):
    """How many packed chunks (steps or state) are unpacked while the test runs."""
    calls = []
    original = step_store.unpack
    monkeypatch.setattr(step_store, "unpack", lambda *a: calls.append(1) or original(*a))
    return calls


def test_rerun_of_a_load_compares_without_unpacking_a_step(unpacks):
    """Flip "memory 512 MB" on a 2,000-step load: the re-run and its comparison (totals,
    endings, rows, first difference) unpack no chunk of either trace."""
    session = LabSession(load_of(400))
    assert len(session.original_trace) > 8 * step_store.CHUNK
    memory = next(s for s in session.switches if s.id == "knob:work:memory")
    endings(session.original_trace), signatures(session.original_trace)  # as the lab warms it
    unpacks.clear()
    rerun = session.prepare(session.values_with(memory.id, memory.what_if))
    assert unpacks == []
    comparison = rerun.comparison
    assert rerun.trace.summary["invocations"] == session.original_trace.summary["invocations"] == 400
    # what was tallied while recording is what the finished trace says, step by step
    assert {d.name: d.after for d in comparison.endings} == dict(_endings_read_back(rerun.trace))
    assert {d.name: d.before for d in comparison.endings} == dict(_endings_read_back(session.original_trace))


def _endings_read_back(trace):
    tally = EndingsTally()
    for step in trace:
        tally.see(step)
    return tally.counts()


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_endings_tallied_while_recording_equal_the_trace_read_back(path):
    """Every built-in and each of its switches: the tally the session keeps while the engine
    records equals the endings read from the finished trace."""
    scenario = load_scenario(path)
    session = LabSession(scenario)
    for switch in switches_for(scenario):
        rerun = session.prepare(session.values_with(switch.id, switch.what_if))
        assert endings(rerun.trace) == _endings_read_back(rerun.trace), (path.name, switch.id)


def _eager_rows(a, b, offset):
    """The rows as compare() built them before Rows (a tuple of every Row)."""
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
    return tuple(rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcd"), max_size=30), st.lists(st.sampled_from("abcd"), max_size=30),
       st.integers(0, 5))
def test_rows_read_lazily_are_the_rows_built_eagerly(a, b, offset):
    """Rows (runs of rows) give the same rows as the eager build: iteration, indexing (also
    negative), slices, length, the first unequal row and whether all are equal."""
    rows = Rows(_middle_spans(a, b, offset))
    eager = _eager_rows(a, b, offset)
    assert tuple(rows) == eager and rows == eager and len(rows) == len(eager)
    assert [rows[i] for i in range(-len(eager), len(eager))] == list(eager) * 2
    assert rows[1:4] == eager[1:4]
    first = next((i for i, r in enumerate(eager) if r.tag != "equal"), None)
    assert rows.first_not_equal() == first and rows.all_equal() == (first is None)
    with pytest.raises(IndexError):
        rows[len(eager)]


def test_rows_of_a_comparison_line_up_every_step():
    """compare() on two loads of different sizes: every old and new step is in exactly one row."""
    old, new = run(load_of(60)), run(load_of(50))
    rows = compare(old, new).rows
    assert [r.old for r in rows if r.old is not None] == list(range(len(old)))
    assert [r.new for r in rows if r.new is not None] == list(range(len(new)))


def test_preview_is_the_whole_runs_first_steps_and_claims_only_what_it_saw():
    """LabSession.preview: the first N steps of the re-run, field for field and state for
    state; not cut (no not-simulated step), `partial`; its ◆ only inside those steps; None for
    a run no longer than N or with no switch flipped."""
    session = LabSession(load_of(300))
    memory = next(s for s in session.switches if s.id == "knob:work:memory")
    values = session.values_with(memory.id, memory.what_if)
    preview = session.preview(values, 400)
    whole = session.prepare(values).trace
    assert len(preview.trace) == 400 and preview.trace.summary["partial"]
    assert not preview.trace.summary["truncated"] and preview.trace[-1].kind != "not-simulated"
    assert [s.to_json() for s in preview.trace] == [s.to_json() for s in whole[:400]]
    assert all(preview.trace.state_at(i) == whole.state_at(i) for i in (0, 255, 256, 399))
    first = session.prepare(values).first_changed
    assert preview.first_changed == (first if first is not None and first < 400 else None)
    assert session.preview(values, len(whole) + 10) is None
    assert session.preview({}, 400) is None
