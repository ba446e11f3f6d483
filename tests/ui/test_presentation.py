"""Presentation mode: F5 in, Esc out; clicker keys step; panels come back afterwards."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from window_fixtures import make_window, photo_document

from app.ui.narration import NARRATION_POINT_SIZE, caption_point_size


@pytest.fixture
def window(qtbot, tmp_path):
    return make_window(qtbot, tmp_path, photo_document())


def test_f5_enters_full_screen_with_only_diagram_and_caption(window, qtbot):
    """F5: full screen, docks, menus, status and player bar hidden, narration at caption size."""
    qtbot.keyClick(window, Qt.Key_F5)
    assert window.presentation.active
    assert window.windowState() & Qt.WindowFullScreen
    for widget in (window.timeline_dock, window.inspector_dock, window.player_bar,
                   window.menuBar(), window.statusBar()):
        assert not widget.isVisible()
    assert not any(dock.isVisible() for dock in window.findChildren(QDockWidget))
    assert window.canvas.isVisible() and window.narration.isVisible()
    caption = caption_point_size(window.screen().geometry().height())
    assert window.narration.text.font().pointSize() == caption > NARRATION_POINT_SIZE


@pytest.mark.parametrize("forward, back", [(Qt.Key_PageDown, Qt.Key_PageUp),
                                           (Qt.Key_Right, Qt.Key_Left)])
def test_clicker_keys_step_while_presenting(window, qtbot, forward, back):
    """A clicker's PageDown/PageUp (or Right/Left) step forward and back."""
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.keyClick(window, forward)
    qtbot.keyClick(window, forward)
    assert window.playback.index == 2
    assert window.narration.text.text().endswith(window.playback.step.narration)
    qtbot.keyClick(window, back)
    assert window.playback.index == 1


def test_space_plays_while_presenting(window, qtbot):
    """Space starts playing in presentation mode too."""
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.playback.playing


def test_escape_restores_everything(window, qtbot):
    """Esc leaves full screen and brings back exactly the panels that were visible."""
    window.timeline_dock.hide()  # the teacher had closed the timeline before presenting
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.presentation.active
    assert not window.windowState() & Qt.WindowFullScreen
    assert window.inspector_dock.isVisible() and window.player_bar.isVisible()
    assert window.menuBar().isVisible() and not window.timeline_dock.isVisible()
    assert window.narration.text.font().pointSize() == NARRATION_POINT_SIZE


def test_presenting_leaves_the_diagram_without_scroll_bars(window, qtbot):
    """The diagram pans by dragging; F5 then Esc must not bring scroll bars back."""
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.keyClick(window, Qt.Key_Escape)
    assert window.canvas.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff
    assert window.canvas.verticalScrollBarPolicy() == Qt.ScrollBarAlwaysOff


def test_page_keys_do_nothing_outside_presentation(window, qtbot):
    """PageDown is a clicker key only while presenting; Esc outside does not toggle anything."""
    qtbot.keyClick(window, Qt.Key_PageDown)
    qtbot.keyClick(window, Qt.Key_Escape)
    assert window.playback.index == 0 and not window.presentation.active


def _cut_off(label) -> bool:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    needed = QFontMetrics(label.font()).boundingRect(QRect(0, 0, label.width(), 100_000),
                                                     Qt.TextWordWrap, label.text()).height()
    return needed > label.height()


@pytest.mark.parametrize("caption", [True, False])
def test_long_narration_and_caveat_fit_a_1280_wide_projector(qtbot, caption):
    """Every step of photo-thumbnails (the longest narration and caveats) fits on a 1280-wide
    screen, narration and not-simulated line alike, with nothing cut off mid-sentence."""
    from window_fixtures import SCENARIOS

    from app.engine import run
    from app.lab.edits import apply_edits
    from app.playback import Playback
    from app.scenario.loader import load_scenario
    from app.ui.narration import NarrationPanel

    original = load_scenario(SCENARIOS / "photo-thumbnails.yaml")
    # the guest's credentials step carries a long, cited caveat (S3 no longer has one: it
    # refuses a notification its function policy does not allow, §13 A4c)
    denied = apply_edits(load_scenario(SCENARIOS / "mobile-cognito.yaml"),
                         ["resources.process-clicks.reserved_concurrent_executions=0"])
    for scenario in (original, denied):
        playback = Playback(run(scenario))
        panel = NarrationPanel(playback)
        qtbot.addWidget(panel)
        panel.set_caption_mode(caption)
        panel.resize(1280, panel.sizeHint().height())
        panel.show()
        for index in range(len(playback)):
            playback.seek(index)
            assert not _cut_off(panel.text), index
            assert not _cut_off(panel.caveat), index
    assert any(step.caveat for step in playback.trace)
