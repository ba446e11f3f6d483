"""Changing the theme keeps the narration readable: Qt re-polishes every widget when the
application's style sheet changes and puts back the font a label had before, which undid the
narration's fit (a student switched from high contrast to light at 1280x720 and the narration
grew from 12 pt to 17 pt, its second line cut in half, until the app restarted)."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics

from window_fixtures import SCENARIOS, make_window

from app.engine import run
from app.scenario.loader import load_scenario
from app.ui.document import Document
from app.ui.themes import THEMES


def _needed_height(label) -> int:
    return QFontMetrics(label.font()).boundingRect(
        QRect(0, 0, label.width(), 100_000), Qt.TextWordWrap, label.text()).height()


@pytest.mark.parametrize("theme", [name for name in THEMES if name != "high-contrast"])
def test_theme_change_keeps_the_fitted_narration(qtbot, tmp_path, theme):
    path = SCENARIOS / "photo-thumbnails.yaml"
    scenario = load_scenario(path)
    window = make_window(qtbot, tmp_path, Document(path, scenario, run(scenario)))
    window.set_theme("high-contrast", save=False)
    window.resize(1280, 720)
    qtbot.wait(50)
    narration = window.narration
    fitted = narration.text.font().pointSize()
    caveat = narration.caveat.font().pointSize()
    assert _needed_height(narration.text) <= narration.text_area.viewport().height() + 4
    window.set_theme(theme, save=False)
    qtbot.wait(50)
    assert narration.text.font().pointSize() == fitted
    assert narration.caveat.font().pointSize() == caveat
    assert _needed_height(narration.text) <= narration.text_area.viewport().height() + 4


def test_a_narration_that_scrolls_shows_whole_lines(qtbot, tmp_path):
    """At 1024x600 a long narration shrinks to its floor and still scrolls; the lines in view
    are whole (the last one was cut through the middle in every classroom screenshot)."""
    path = SCENARIOS / "orders-sqs.yaml"
    scenario = load_scenario(path)
    trace = run(scenario)
    window = make_window(qtbot, tmp_path, Document(path, scenario, trace))
    window.resize(1024, 600)
    qtbot.wait(50)
    narration = window.narration
    longest = max(range(len(trace)), key=lambda i: len(trace[i].narration))
    window.playback.seek(longest)
    qtbot.wait(20)
    area = narration.text_area
    assert _needed_height(narration.text) > area.viewport().height()  # it does scroll
    spacing = narration.text.fontMetrics().lineSpacing()
    assert area.viewport().height() % spacing == 0
    assert area.verticalScrollBar().singleStep() == spacing


def test_at_1280x720_a_usual_narration_is_read_whole(qtbot, tmp_path):
    """A student's laptop at 1280x720: the narration of orders-sqs's first steps (four lines at
    1024 px) shows whole, with no scroll bar; two lines held only half of it."""
    path = SCENARIOS / "orders-sqs.yaml"
    scenario = load_scenario(path)
    window = make_window(qtbot, tmp_path, Document(path, scenario, run(scenario)))
    window.resize(1280, 720)
    qtbot.wait(50)
    narration = window.narration
    for index in range(4):
        window.playback.seek(index)
        qtbot.wait(10)
        assert _needed_height(narration.text) <= narration.text_area.viewport().height(), index
        assert not narration.text_area.verticalScrollBar().isVisible(), index
