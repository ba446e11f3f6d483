"""A released run's memory is given back with a collection, and a collection finds the
window's own garbage too (closed charts and panels in reference cycles): it must run on the
GUI thread, which owns those Qt objects. Collected on the release thread, it crashed the suite
(Fatal Python error: Segmentation fault, in pyqtgraph's items)."""

from __future__ import annotations

import threading

import app.engine.memory as memory
from app.ui.run_controller import RELEASE_CHUNK, release_later


class _BigRun:
    """Stands for a discarded trace: only its step list matters to release_later."""

    def __init__(self, n: int) -> None:
        self.steps = list(range(n))


def test_the_collection_after_a_release_runs_on_the_gui_thread(qtbot, monkeypatch):
    threads: list[threading.Thread] = []
    monkeypatch.setattr(memory, "give_back_memory", lambda: threads.append(threading.current_thread()))
    release_later(_BigRun(RELEASE_CHUNK * 3))
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
    assert threads == [threading.main_thread()]


def test_no_automatic_collection_runs_on_the_release_thread(qtbot, monkeypatch):
    """An automatic collection runs on whichever thread's allocation passes the threshold: the
    release thread allocates too (its bookkeeping, the signal it emits), so a collection could
    start there and destroy the window's Qt objects off the GUI thread. With the threshold at
    1 any tracked allocation there collects; the release keeps the cycle finder paused instead
    (the GUI thread's collection after it resumes it)."""
    import gc

    monkeypatch.setattr(memory, "give_back_memory", lambda: None)
    collected_on: list[str] = []

    def note(phase, _info):
        if phase == "start":
            collected_on.append(threading.current_thread().name)

    threshold = gc.get_threshold()
    gc.callbacks.append(note)
    gc.set_threshold(1)
    try:
        run = _BigRun(RELEASE_CHUNK * 3)
        run.steps = [[i] for i in run.steps]  # tracked objects, as a trace's steps hold
        release_later(run)
        del run
        qtbot.waitUntil(lambda: not any(t.name == "lambdascope-release" for t in threading.enumerate())
                        and gc.isenabled(), timeout=20_000)
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(note)
    assert "lambdascope-release" not in collected_on
