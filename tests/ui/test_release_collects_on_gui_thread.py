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
