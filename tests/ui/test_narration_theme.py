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
