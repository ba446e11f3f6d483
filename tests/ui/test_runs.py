"""Every engine run the window starts goes to a worker, can be cancelled and says when it was cut
at the step cap (issue 9 item 2); opening a FIFO never blocks (item 8)."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from lab_fixtures import flip, lab_window, settle
from window_fixtures import SCENARIOS, make_window, open_and_wait

from app.truncation import truncation_note


def long_copy(tmp_path, repeat: int = 200_000):
    """website-api with its first request repeated `repeat` times a second apart: a legitimately
    long run (millions of steps, cut at the cap) that takes far longer than any test waits."""
    text = (SCENARIOS / "website-api.yaml").read_text(encoding="utf-8")
    marker = "  - at: 0s\n    actor: browser\n"
    assert marker in text
    path = tmp_path / "long-website-api.yaml"
    path.write_text(text.replace(marker, f"  - at: 0s\n    repeat: {repeat}\n    every: 1s\n"
                                         f"    actor: browser\n", 1), encoding="utf-8")
    return path


def run_threads():
    return [t for t in threading.enumerate() if t.name == "lambdascope-run" and t.is_alive()]


def test_opening_runs_on_a_worker_and_cancel_keeps_the_open_scenario(qtbot, tmp_path):
    """open_path returns at once with the old document shown; Cancel drops the long load,
    says so (not as a problem with the file), and the worker stops soon after (the engine's
    cooperative cancel)."""
    window = make_window(qtbot, tmp_path)
    first = open_and_wait(qtbot, window, SCENARIOS / "photo-thumbnails.yaml")
    qtbot.waitUntil(lambda: not run_threads(), timeout=30_000)
    with qtbot.waitSignal(window.loader.cancelled, timeout=30_000):
        window.open_path(long_copy(tmp_path))
        assert window.document is first and window.runs.busy  # nothing ran on this thread
        assert window.progress.isVisibleTo(window) and window.progress.cancel_button.isEnabled()
        window.progress.cancel_button.click()
    assert "Stopped opening long-website-api.yaml" in window.statusBar().currentMessage()
    assert window.document is first and not window.runs.busy and not window.errors.isVisible()
    assert not window.progress.isVisibleTo(window)
    qtbot.waitUntil(lambda: not run_threads(), timeout=30_000)  # the worker really stopped


def test_a_newer_open_replaces_one_still_loading(qtbot, tmp_path):
    """A second open while the long one runs is shown; the first is cancelled, never shown."""
    window = make_window(qtbot, tmp_path)
    shown = []
    window.document_changed.connect(lambda d: shown.append(d.path.name))
    window.open_path(long_copy(tmp_path))
    open_and_wait(qtbot, window, SCENARIOS / "photo-thumbnails.yaml")
    qtbot.waitUntil(lambda: not run_threads(), timeout=30_000)
    qtbot.wait(50)
    assert shown == ["photo-thumbnails.yaml"] and not window.runs.busy


def test_a_run_cut_at_the_step_cap_says_so_above_the_diagram(qtbot, tmp_path, monkeypatch):
    """With a small cap the opened run is cut: the notice shows the shared sentence; a
    complete run hides it again."""
    engine_run = sys.modules["app.engine.run"]  # `app.engine.run` itself is the function

    window = make_window(qtbot, tmp_path)
    monkeypatch.setattr(engine_run, "DEFAULT_MAX_STEPS", 40)
    open_and_wait(qtbot, window, long_copy(tmp_path, repeat=100))
    notice = window.truncation_notice
    assert notice.isVisibleTo(window)
    assert notice.text() == f"⚠ {truncation_note(window.playback.trace)}" and "40-step cap" in notice.text()
    monkeypatch.setattr(engine_run, "DEFAULT_MAX_STEPS", 200_000)
    open_and_wait(qtbot, window, SCENARIOS / "photo-thumbnails.yaml")
    assert not notice.isVisibleTo(window)


def test_a_what_if_that_hits_the_cap_says_why_in_the_panel(qtbot, tmp_path, monkeypatch):
    """Write-back plus time-out (the issue's freeze) with a small cap: the re-run is shown cut,
    and the panel and the notice say so."""
    engine_run = sys.modules["app.engine.run"]  # `app.engine.run` itself is the function

    window, lab = lab_window(qtbot, tmp_path)
    monkeypatch.setattr(engine_run, "DEFAULT_MAX_STEPS", 60)
    flip(qtbot, lab, "write-back:make-thumbnail:photos", True)
    flip(qtbot, lab, "time-out:make-thumbnail", True)
    assert len(window.playback.trace) == 61
    assert "60-step cap" in lab.panel.status.text()
    assert window.truncation_notice.isVisibleTo(window)


def test_cancel_a_what_if_keeps_the_run_and_the_switches(qtbot, tmp_path):
    """Cancel while a re-run is on its way: the player keeps its trace, the switch goes back."""
    window, lab = lab_window(qtbot, tmp_path)
    before = window.playback.trace

    def flip_and_cancel():
        lab.controller.set_value("write-back:make-thumbnail:photos", True)
        assert lab.controller.running
        window.progress.cancel_button.click()

    settle(qtbot, lab, flip_and_cancel)
    assert window.playback.trace is before and not lab.controller.running
    assert not lab.panel.rows["write-back:make-thumbnail:photos"].control.isChecked()
    assert "cancelled" in lab.panel.status.text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_is_refused_and_a_later_open_still_works(qtbot, tmp_path):
    """A FIFO named .yaml: the errors panel says what it is; the next open is not queued behind."""
    window = make_window(qtbot, tmp_path)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with qtbot.waitSignal(window.load_failed, timeout=30_000) as blocker:
        window.open_path(fifo)
    assert "named pipe" in blocker.args[0].problems[0]
    document = open_and_wait(qtbot, window, SCENARIOS / "photo-thumbnails.yaml", timeout=30_000)
    assert document.path.name == "photo-thumbnails.yaml"
