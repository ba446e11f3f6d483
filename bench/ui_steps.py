"""How bench/bench_ui.py times a step: key press (or seek, or drag) → the window repainted,
in wall and GUI-thread CPU time, and the line it prints per scenario; plus the generated
500-node scenario it steps through. Not run on its own.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STEP_BUDGET_MS = 16.7  # one 60 Hz frame, built-ins and scrubbing
BIG_STEP_BUDGET_MS = 33.0  # the generated 500-node scenario


def generated_scenario(groups: int = 100):
    """5 nodes per group (source bucket, function, role, target bucket, DLQ) + user + lambda, 60
    uploads: tests/load_scenarios.py's `generated_graph`, which the canvas tests use smaller."""
    if str(REPO / "tests") not in sys.path:
        sys.path.append(str(REPO / "tests"))
    from load_scenarios import generated_graph

    return generated_graph(groups, puts=60, title="500 nodes")


def step_latencies(window, app, steps: int, move=None, settled=None) -> tuple[list[float], list[float]]:
    """(wall, GUI-thread CPU) seconds from a Right key press (or `move()`, e.g. a seek) until
    the window has repainted everything it changed.

    A top-level window repaints its changed widgets, all of them, while it handles an
    UpdateRequest (Qt's backing store: every widget's paint event is sent from there); the
    frame is done when a pass of the event loop brings no more (and `settled()`, when given,
    is true: e.g. a drag shows the step under the handle). Only the top-level windows
    are watched: a Python filter on the whole application (APP_FILTER=1, what this did before
    2026-12-01) made Qt call Python for every event of every widget, and PySide wrap each
    object it passed, ~1.4 ms of a ~10 ms step that the real window never spends
    (docs/decisions/0016-step-latency.md).
    """
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    passes = {"n": 0}
    whole_app = bool(os.environ.get("APP_FILTER"))
    wanted = QEvent.Paint if whole_app else QEvent.UpdateRequest

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == wanted:
                passes["n"] += 1
            return False

    watch = Watch()
    watched = [app] if whole_app else [w for w in app.topLevelWidgets() if w.isVisible()]
    for target in watched:
        target.installEventFilter(watch)
    window.playback.first()
    # Settled before the first press: a scenario just loaded still has layouts, paints and
    # 0-ms timers pending, and one pass of the event loop left them to be charged to the first
    # step (the splitter of the inspector moved there on the first scenario). A learner presses
    # a key a moment after the window shows the scenario, when the window is idle.
    quiet = 0
    for _ in range(100):
        passes["n"] = 0
        app.processEvents()
        quiet = quiet + 1 if passes["n"] == 0 else 0
        if quiet >= 3:
            break
        time.sleep(0.005)
    times, cpu = [], []
    count = steps if move is not None else min(steps, len(window.playback) - 1)
    for _ in range(count):
        passes["n"] = 0
        start, start_cpu = time.perf_counter(), time.thread_time()
        if move is None:
            QTest.keyClick(window, Qt.Key_Right)
        else:
            move()
        seen = -1
        while passes["n"] == 0 or passes["n"] != seen or (settled is not None and not settled()):
            seen = passes["n"]
            app.processEvents()
            if time.perf_counter() - start > 5:
                break
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    for target in watched:
        target.removeEventFilter(watch)
    return times, cpu


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms."""
    ordered = sorted(samples)
    return (ordered[len(ordered) // 2] * 1000,
            ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000)


def report(name: str, document, wall: list[float], cpu: list[float], budget: float,
           what: str = "key→repaint") -> float:
    p50, p95 = percentiles(wall)
    cpu50, cpu95 = percentiles(cpu)
    verdict = "ok" if p95 <= budget else "OVER BUDGET"
    print(f"step     {name:26s} nodes {document.graph.number_of_nodes():4d} steps "
          f"{len(document.trace):7,} | {what} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms "
          f"(GUI-thread CPU p50 {cpu50:5.1f}, p95 {cpu95:5.1f}) | budget p95 ≤ {budget} ms "
          f"{verdict}  [{len(wall)} presses]", flush=True)
    return p95
