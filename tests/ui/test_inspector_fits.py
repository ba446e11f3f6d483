"""The inspector in the small windows a class projects (1024x600, 1280x720): the permission
decision and its values are seen whole, never cut at the dock's right edge or at the box's
bottom (issue 12; docs/decisions/0016-step-latency.md)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from window_fixtures import SCENARIOS, make_window

from app.ui.document import load_document


def settle(app, passes: int = 10) -> None:
    for _ in range(passes):
        app.processEvents()


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
def test_the_decision_is_seen_whole(qtbot, tmp_path, size):
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "clickstream-kinesis.yaml"))
    window.resize(*size)
    qtbot.wait(50)
    window.diagram_first.panels.set_shown(True)  # folded on a 1024 px window (0022): opened
    qtbot.wait(50)
    app = QApplication.instance()
    # the first step whose decision names the role session's long ARN
    step = next(s for s in window.playback.trace if s.permission is not None
                and s.permission.principal.startswith("arn:aws:sts::"))
    window.playback.seek(step.index)
    settle(app)
    inspector = window.inspector
    viewport = inspector.parentWidget()  # the inspector's scroll area shows it here
    # nothing of the inspector lies right of what the dock shows
    assert inspector.width() <= viewport.width(), (inspector.width(), viewport.width())
    box = inspector.permission
    right = box.mapTo(viewport, QPoint(box.width(), 0)).x()
    assert right <= viewport.width()
    # the verdict's word fits its label
    verdict = box.verdict
    assert verdict.fontMetrics().horizontalAdvance(verdict.text()) <= verdict.contentsRect().width()
    assert "ALLOWED" in verdict.text()
    # the box is as tall as its rows need at its width: no row cut at the bottom
    assert box.height() >= box.heightForWidth(box.width())
    details = box.details
    assert details.height() >= details.heightForWidth(details.width())
    # every value is drawn, whole, within the box
    drawn = "".join(details.shown_lines()).replace(" ", "")
    for value in (step.permission.principal, step.permission.action, step.permission.resource):
        assert value.replace(" ", "") in drawn
    fonts = {False: details.fontMetrics(), True: QFontMetrics(details._bold)}
    for x, _, bold, text, _ in details._layout(details.width())[1]:
        assert x + fonts[bold].horizontalAdvance(text) <= details.width(), text
