"""Runs compared on runs cut at the step cap: the header says where each run stops (issue 12
item 6, "a capped run says so everywhere"). Two runs cut at the same number of steps stop at
different simulated times when a switch changes the steps a request takes, so their totals
cover different stretches of time; the header says so above the totals, not only the status bar."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lab_fixtures import settle
from load_scenarios import load_of
from window_fixtures import make_window

from app.engine import run
from app.truncation import comparison_cut_note
from app.ui.document import build_document
from app.ui.lab import install_lab

CAP = 1000
NO_INVOKE = "role-action:client:lambda:InvokeFunction"  # every request denied: fewer steps each


@pytest.fixture
def capped_lab(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules["app.engine.run"], "DEFAULT_MAX_STEPS", CAP)
    scenario = load_of(400)
    window = make_window(qtbot, tmp_path)
    lab = install_lab(window)
    window.set_document(build_document(Path("load.yaml"), scenario, run(scenario)))
    assert window.playback.trace.summary["truncated"]
    return window, lab


def test_runs_compared_says_both_runs_were_cut_at_different_times(qtbot, capped_lab):
    window, lab = capped_lab
    original = window.playback.trace
    settle(qtbot, lab, lambda: lab.controller.set_value(NO_INVOKE, True))
    rerun = window.playback.trace
    assert rerun.summary["truncated"] and len(rerun) == len(original)
    before_s, after_s = original.summary["simulated_seconds"], rerun.summary["simulated_seconds"]
    assert before_s != after_s  # the premise: the same cap, another simulated time
    lab.compare.refresh()
    header = lab.compare.summary.text()
    assert "Cut short" in header and f"{CAP:,}-step cap" in header
    assert f"{before_s:,.3f} s" in header and f"{after_s:,.3f} s" in header
    assert header.index("Cut short") < header.index("What changed")  # read before the totals


def test_one_run_cut_and_the_other_whole():
    """The what-if cut, the unmodified run whole (and the other way round): which one, and
    where each ends; two whole runs: nothing to say."""
    scenario = load_of(60)
    whole = run(scenario)
    cut = run(scenario, max_steps=100)
    assert not whole.summary["truncated"] and cut.summary["truncated"]
    note = comparison_cut_note(whole, cut)
    assert note.startswith("The what-if run was cut at the 100-step cap")
    assert f"{cut.summary['simulated_seconds']:,.3f} s" in note
    assert f"({whole.summary['simulated_seconds']:,.3f} s)" in note
    assert comparison_cut_note(cut, whole).startswith("The unmodified run was cut")
    assert comparison_cut_note(whole, whole) is None
    same = comparison_cut_note(cut, cut)
    assert "same simulated time" in same

