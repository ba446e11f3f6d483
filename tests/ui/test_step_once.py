"""A step is laid out and painted once, counted (never timed; docs/decisions/0016-step-latency.md,
2026-12-01)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from window_fixtures import SCENARIOS, make_window

from app.ui.document import load_document


class Paints(QObject):
    def __init__(self):
        super().__init__()
        self.heights: list[int] = []

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Paint:
            self.heights.append(obj.height())
        return False


def settle(passes: int = 5) -> None:
    for _ in range(passes):
        QApplication.processEvents()


def test_a_taller_decision_is_laid_out_before_the_first_paint(qtbot, tmp_path):
    """orders-sqs, step 9 → 10: the poller's decision is taller than the one before. The step
    box was laid out with the old height, painted, then laid out and painted again once the
    decision's own box had run its layout; now the first paint has the new height."""
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "orders-sqs.yaml"))
    box = window.inspector.permission
    window.playback.seek(9)
    resting = lambda: window.canvas.token is None or not window.canvas.token.is_moving  # noqa: E731
    qtbot.waitUntil(resting, timeout=10_000)  # step 9 wholly painted, on a busy machine too
    qtbot.wait(50)
    settle()
    before = box.height()
    paints = Paints()
    box.details.installEventFilter(paints)
    qtbot.keyClick(window, Qt.Key_Right)
    settle()
    assert window.playback.index == 10
    assert box.height() > before  # the decision really grew
    assert box.details.height() == box.details.heightForWidth(box.details.width())
    assert paints.heights == [box.details.height()]  # painted once, at its new height
