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
    paints = Paints()
    box.details.installEventFilter(paints)
    wait_quiet(qtbot, paints)  # step 9's last paint is behind us, however late it came
    before = box.height()
    paints.heights.clear()
    qtbot.keyClick(window, Qt.Key_Right)
    # Before: a fixed 50 ms wait and five event-loop passes on each side of the press. What a
    # step leaves for later (layout requests, deferred fits, the token's animation frames) can
    # come in another order or later on a loaded machine, so a paint of step 9 could be counted
    # for step 10, or step 10's counted too early. Now: wait for the paint, then for quiet.
    qtbot.waitUntil(lambda: settle() or bool(paints.heights), timeout=10_000)
    wait_quiet(qtbot, paints)  # and a second paint, if one comes, is counted
    assert window.playback.index == 10
    assert box.height() > before  # the decision really grew
    assert box.details.height() == box.details.heightForWidth(box.details.width())
    assert paints.heights == [box.details.height()]  # painted once, at its new height


def wait_quiet(qtbot, paints: Paints, frames: int = 3) -> None:
    """Wait until `frames` frames (60 Hz) in a row pass with no paint counted by `paints`."""
    quiet = [0]

    def still() -> bool:
        count = len(paints.heights)
        settle()
        qtbot.wait(17)
        settle()
        quiet[0] = quiet[0] + 1 if len(paints.heights) == count else 0
        return quiet[0] >= frames

    qtbot.waitUntil(still, timeout=20_000)
