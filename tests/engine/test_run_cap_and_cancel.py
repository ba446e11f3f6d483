"""A run that hits the step cap says so (summary and one shared sentence); a run can be cancelled."""

from __future__ import annotations

import threading

import pytest

from app.engine import run
from app.engine.run import RunCancelled
from app.truncation import truncation_note
from lambda_scenarios import scenario

INVOKE = {"actor": "app", "action": "invoke", "function": "echo"}
LONG = scenario(script=[{**INVOKE, "at": 0, "repeat": 400, "every": "1s"}])


def test_summary_says_whether_the_step_cap_cut_the_run():
    """Cut at max_steps: truncated true with the cap; the same run uncut: truncated false."""
    cut = run(LONG, max_steps=50)
    assert cut.summary["truncated"] is True and cut.summary["max_steps"] == 50
    whole = run(LONG)
    assert whole.summary["truncated"] is False and len(whole) > 50


def test_truncation_note_names_the_cap_only_for_a_cut_run():
    """The shared sentence (window, play, exports) names the cap; an uncut run has none."""
    note = truncation_note(run(LONG, max_steps=1234))
    assert note is not None and "1,234" in note and "not simulated" in note
    assert truncation_note(run(LONG)) is None


def test_cancel_stops_a_long_run_early():
    """A cancel flag set after ~200 steps stops the run long before its 2,000+ steps."""
    seen = {"calls": 0}

    def cancel():
        seen["calls"] += 1
        return seen["calls"] > 3

    with pytest.raises(RunCancelled):
        run(LONG, cancel=cancel)
    assert seen["calls"] == 4  # asked every CANCEL_CHECK_EVERY steps, stopped at once


def test_cancel_before_start_and_unset_flag():
    """An Event already set cancels before any work; one never set leaves the run unchanged."""
    flag = threading.Event()
    flag.set()
    with pytest.raises(RunCancelled):
        run(LONG, cancel=flag.is_set)
    plain, watched = run(LONG), run(LONG, cancel=threading.Event().is_set)
    assert [s.to_json() for s in plain] == [s.to_json() for s in watched]
