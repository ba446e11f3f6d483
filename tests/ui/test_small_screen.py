"""Small screens (issue 9, item 9): the window fits a 1024x600 netbook or projector, and when it
shrinks, the panels give way before the diagram does."""

from __future__ import annotations

import pytest

from window_fixtures import make_window, photo_document

# A 1024x600 screen less a desktop panel (~40 px) and a title bar (~30 px).
SMALL = (1024, 530)


def _shrink_to(window, qtbot, width, height):
    window.resize(width, height)
    qtbot.wait(50)  # the layout and our own deferred adjustments


@pytest.mark.parametrize("state", ["plain", "quiz", "what-if open", "presentation off again"])
def test_the_window_fits_a_1024x600_screen(qtbot, tmp_path, state):
    window = make_window(qtbot, tmp_path, photo_document())
    if state == "quiz":
        window.lab.quiz_action.trigger()
    elif state == "what-if open":
        window.lab.whatif_action.trigger()
    elif state == "presentation off again":
        window.presentation.enter()
        window.presentation.exit()
    qtbot.wait(20)
    _shrink_to(window, qtbot, *SMALL)
    assert window.minimumSizeHint().height() <= SMALL[1]
    assert window.minimumSizeHint().width() <= SMALL[0]
    assert window.width() <= SMALL[0] and window.height() <= SMALL[1]


def test_shrinking_gives_the_diagram_the_room_first(qtbot, tmp_path):
    """From a large window (panels sized for it) down to 1024x600: the panels give up their
    pixels; the diagram keeps most of the width and a good share of the height."""
    window = make_window(qtbot, tmp_path, photo_document())
    window.resize(1600, 1000)
    window._size_docks()
    qtbot.wait(50)
    big = window.canvas.size()
    _shrink_to(window, qtbot, 1024, 600)
    small = window.canvas.size()  # before the fix: 602x113 of 1178x513
    assert small.width() >= 0.55 * window.width()
    assert small.height() >= 0.30 * window.height()
    assert small.width() / big.width() >= 1024 / 1600 - 0.02  # lost no more than the window did
    assert window.inspector_dock.width() < small.width() / 2
    # the timeline gave way too: a tab beside the inspector (issue 11), or shorter than the diagram
    from PySide6.QtCore import Qt

    assert (window.dockWidgetArea(window.timeline_dock) == Qt.RightDockWidgetArea
            or window.timeline_dock.height() < small.height())


def test_a_short_window_uses_a_smaller_narration_and_a_tall_one_the_full_size(qtbot, tmp_path):
    from app.ui.narration import COMPACT_POINT_SIZE, NARRATION_POINT_SIZE

    window = make_window(qtbot, tmp_path, photo_document())
    assert window.narration.text.font().pointSize() <= NARRATION_POINT_SIZE
    _shrink_to(window, qtbot, *SMALL)
    short_height = window.narration.text.height()
    assert window.narration._point_size == COMPACT_POINT_SIZE
    _shrink_to(window, qtbot, 1400, 900)
    assert window.narration._point_size == NARRATION_POINT_SIZE
    assert window.narration.text.height() > short_height


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_a_first_show_squeezes_the_panels_once_and_for_good(qtbot, tmp_path, monkeypatch, size):
    """The first show of a window with no saved layout gives the panels their shares of the
    window (`_size_docks`) and then squeezes them for the diagram: one squeeze, not also one
    for the default sizes that the sizing throws away (it ran twice before the first paint of
    every start: ~30 ms of CPU, docs/decisions/0018 pass 4). The one squeeze leaves nothing for
    another to change."""
    from PySide6.QtCore import QStandardPaths

    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from app.ui.small_screen import DiagramFirst

    fits = []
    fit = DiagramFirst.fit
    monkeypatch.setattr(DiagramFirst, "fit", lambda self: (fits.append(1), fit(self))[1])
    QStandardPaths.setTestModeEnabled(True)
    window = MainWindow(Settings(tmp_path / "settings.ini"), lab=False)
    qtbot.addWidget(window)
    window.set_document(photo_document())
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert len(fits) == 1  # before: 2 (on Show, then again after _size_docks)

    def docks():
        return {d.objectName(): (d.isVisible(), window.dockWidgetArea(d), d.size().toTuple())
                for d in (window.inspector_dock, window.timeline_dock)}

    settled = docks(), window.canvas.size().toTuple()
    window.diagram_first.fit()
    qtbot.wait(20)
    assert (docks(), window.canvas.size().toTuple()) == settled
