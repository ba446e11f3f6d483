"""A discarded run is released at once (issue 9 item 10): after Reset or opening another file
nothing in the window, the lab or the engine's leftovers keeps the big trace alive, so its
memory goes back without waiting for (or walking through) a full cyclic collection."""

from __future__ import annotations

import sys
import weakref

from lab_fixtures import flip, lab_window, reset_lab
from window_fixtures import SCENARIOS, open_and_wait


def _cut_run(qtbot, lab, monkeypatch):
    """The issue's heavy what-if (write-back + time-out), cut at a small cap to stay quick."""
    monkeypatch.setattr(sys.modules["app.engine.run"], "DEFAULT_MAX_STEPS", 500)
    flip(qtbot, lab, "write-back:make-thumbnail:photos", True)
    flip(qtbot, lab, "time-out:make-thumbnail", True)
    trace = lab.window.playback.trace
    assert trace.summary["truncated"]
    return weakref.ref(trace)


def test_reset_releases_the_what_if_run_without_a_collection(qtbot, tmp_path, monkeypatch):
    """After Reset the cut run is gone by reference counting alone."""
    window, lab = lab_window(qtbot, tmp_path)
    trace = _cut_run(qtbot, lab, monkeypatch)
    reset_lab(qtbot, lab)
    qtbot.wait(10)
    assert trace() is None


def test_opening_another_file_releases_the_run_shown_before(qtbot, tmp_path, monkeypatch):
    """Opening another scenario drops the previous document's what-if run too."""
    window, lab = lab_window(qtbot, tmp_path)
    trace = _cut_run(qtbot, lab, monkeypatch)
    open_and_wait(qtbot, window, SCENARIOS / "website-api.yaml")
    qtbot.wait(10)
    assert trace() is None
