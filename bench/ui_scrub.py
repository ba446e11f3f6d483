"""The scrubbing part of bench/bench_ui.py: a generated 100,000-step trace, seeks to random
steps, drags of the scrubber's handle, PageUp/PageDown/End/Home, and seeks with the timeline
shown, each timed move → repainted window. Not run on its own: `python bench/bench_ui.py
--scrub-only`.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from ui_steps import STEP_BUDGET_MS, report, step_latencies

REPO = Path(__file__).resolve().parent.parent


def scrub_document(steps: int = 100_000):
    """A generated trace of about `steps` steps (bench_engine's load, cut there)."""
    sys.path.insert(0, str(REPO / "bench"))
    from bench_engine import scenario

    from app.engine import run
    from app.ui.document import build_document

    sc = scenario(steps // 5 + 1)
    return build_document(Path("scrub.yaml"), sc, run(sc, seed=1, max_steps=steps))


def bench_scrub(window, app, scrub_steps: int, moves: int, results: dict) -> None:
    """Scrubbing a generated trace of `scrub_steps` steps, four ways, each `moves` times:
    seek (playback.seek to a random step), drag (the scrubber's handle held and moved to a
    random place, DRAG_MOVES_PER_FRAME pointer moves queued before the window may repaint:
    done when the window shows the step under the handle) and keys (PageDown/PageUp on the
    focused scrubber, End and Home through the window); then seeks again with the timeline's
    tab in front (at 1600x1000 it shares a tab group with the inspector). Each: move →
    repainted window; the p95s go into `results` (bench_ui's JSON)."""
    document = scrub_document(scrub_steps)
    window.set_document(document)
    app.processEvents()
    size = len(document.trace)
    name = f"scrub-{size // 1000}k-steps"
    rng = random.Random(1)
    wall, cpu = step_latencies(window, app, moves, move=lambda: window.playback.seek(rng.randrange(size)))
    seek = report(name, document, wall, cpu, STEP_BUDGET_MS, what="seek→repaint")
    drag = ScrubDrag(window, app, random.Random(2))
    wall, cpu = step_latencies(window, app, moves, move=drag.move, settled=drag.settled)
    drag.release()
    dragged = report(name, document, wall, cpu, STEP_BUDGET_MS, what="drag→repaint")
    keys = ScrubKeys(window, random.Random(3))
    wall, cpu = step_latencies(window, app, moves, move=keys.press)
    keyed = report(name, document, wall, cpu, STEP_BUDGET_MS, what="key→repaint")
    window.timeline_dock.show()
    window.timeline_dock.raise_()  # its tab in front: the list scrolls with every seek
    for _ in range(5):
        app.processEvents()
    rng = random.Random(4)
    wall, cpu = step_latencies(window, app, moves, move=lambda: window.playback.seek(rng.randrange(size)))
    listed = report(name, document, wall, cpu, STEP_BUDGET_MS, what="seek→repaint, timeline shown")
    results.update(scrub_p95_ms=round(seek, 1), scrub_drag_p95_ms=round(dragged, 1),
                   scrub_key_p95_ms=round(keyed, 1), scrub_timeline_p95_ms=round(listed, 1),
                   scrub_trace_steps=size)


DRAG_MOVES_PER_FRAME = 2  # a 125 Hz mouse against a 60 Hz frame: two moves wait per frame


class ScrubDrag:
    """Holds the scrubber's handle down and moves it: each `move` queues DRAG_MOVES_PER_FRAME
    pointer moves at random places of the groove, as a window system hands them over while the
    GUI thread was busy; `settled` says when the playback shows the handle's step."""

    def __init__(self, window, app, rng: random.Random):
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QStyle, QStyleOptionSlider

        self.window, self.app, self.rng = window, app, rng
        self.slider = slider = window.player_bar.slider
        option = QStyleOptionSlider()
        slider.initStyleOption(option)
        handle = slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider)
        self.y = handle.center().y()
        QTest.mousePress(slider, Qt.LeftButton, Qt.NoModifier, QPoint(handle.center().x(), self.y))
        app.processEvents()
        assert slider.isSliderDown(), "the bench did not catch the scrubber's handle"
        self.x = handle.center().x()

    def move(self) -> None:
        from PySide6.QtCore import QEvent, QPointF, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        for _ in range(DRAG_MOVES_PER_FRAME):
            self.x = self.rng.randrange(2, self.slider.width() - 2)
            local = QPointF(self.x, self.y)
            event = QMouseEvent(QEvent.MouseMove, local, QPointF(self.slider.mapToGlobal(local.toPoint())),
                                Qt.NoButton, Qt.LeftButton, Qt.NoModifier)
            QApplication.postEvent(self.slider, event)

    def settled(self) -> bool:
        return self.window.playback.index == self.slider.sliderPosition()

    def release(self) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        QTest.mouseRelease(self.slider, Qt.LeftButton, Qt.NoModifier, QPoint(self.x, self.y))
        self.app.processEvents()


class ScrubKeys:
    """PageUp/PageDown on the focused scrubber (mostly), now and then End or Home; only keys
    that move the playback (a key at the end of its way repaints nothing)."""

    def __init__(self, window, rng: random.Random):
        self.window, self.rng = window, rng
        window.player_bar.slider.setFocus()

    def press(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        playback = self.window.playback
        # a slider's PageUp adds its page step, PageDown takes it away (Qt's keys)
        keys = [Qt.Key_PageUp] * 5 * (not playback.at_end) + [Qt.Key_PageDown] * 3 * (not playback.at_start)
        keys += [Qt.Key_End] * (not playback.at_end) + [Qt.Key_Home] * (not playback.at_start)
        key = self.rng.choice(keys)  # only keys that move: a key that does not is not a scrub
        target = self.window.player_bar.slider if key in (Qt.Key_PageDown, Qt.Key_PageUp) else self.window
        QTest.keyClick(target, key)
