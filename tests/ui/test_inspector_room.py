"""The inspector keeps the image strip's room, so stepping never moves its scroll bar.

docs/decisions/0016-step-latency.md, round 6: in a short dock (1600x1000) the node box's
minimum height fell and rose with the image strip; the inspector's scroll bar came (step 2
of photo-thumbnails), went (step 3) and came again for good (step 10), and each time the whole
inspector was laid out and painted again 14 px narrower or wider: the slowest steps of the
scenario. Counts and sizes here, never times.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from window_fixtures import SCENARIOS, make_window, photo_scenario, photo_trace

from app.playback import Playback
from app.ui.document import load_document
from app.ui.inspector import Inspector


def settle(app, passes: int = 6) -> None:
    for _ in range(passes):
        app.processEvents()


def _photo_window(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "photo-thumbnails.yaml"))
    window.resize(1600, 1000)
    window.playback.first()
    settle(QApplication.instance())
    return window


def test_stepping_through_photos_keeps_the_inspectors_width(qtbot, tmp_path):
    """Every step of photo-thumbnails at 1600x1000, strip shown or not: one inspector width,
    one node box height, the scroll bar never coming or going (main: 304 and 290 px)."""
    window, app = _photo_window(qtbot, tmp_path), QApplication.instance()
    inspector = window.inspector
    bar = window.inspector_dock.widget().verticalScrollBar()
    seen, strips = set(), set()
    for _ in range(len(window.playback) - 1):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
        seen.add((inspector.width(), inspector.node_box.height(), bar.isVisible()))
        strips.add(inspector.image_scroll.isVisible())
    assert strips == {True, False}  # the strip came and went
    assert len(seen) == 1, seen


def test_the_room_is_kept_from_the_start_when_the_run_holds_a_picture(qtbot, tmp_path):
    """Before any photo is shown (step 0), the node box already asks for the height it has
    with the strip; the strip's room is what its showing adds, no more."""
    window, app = _photo_window(qtbot, tmp_path), QApplication.instance()
    box = window.inspector.node_box
    assert not window.inspector.image_scroll.isVisible()
    kept = box.minimumHeight()
    assert kept > 0
    while not window.inspector.image_scroll.isVisible():
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
    assert box.layout().totalMinimumSize().height() == kept  # shown: Qt's own minimum, the same
    assert box.minimumHeight() == kept


def test_the_room_is_kept_after_the_strip_was_shown(qtbot):
    """A run without blobs (pictures in the state itself): the room is kept from the strip's
    first showing, and dropped when another run comes."""
    inspector = Inspector(Playback(photo_trace()))
    inspector.set_scenario(photo_scenario())
    qtbot.addWidget(inspector)
    inspector.select_node("make-thumbnail")
    inspector.resize(320, 900)
    inspector.show()
    app = QApplication.instance()
    settle(app)
    box = inspector.node_box
    assert box.minimumHeight() == 0  # nothing shown yet: Qt's own minimum
    without = box.minimumSizeHint().height()
    inspector.select_node("photos")
    settle(app)
    shown = box.layout().totalMinimumSize().height()
    assert shown > without
    inspector.select_node("make-thumbnail")
    settle(app)
    assert not inspector.image_scroll.isVisible()
    assert box.minimumHeight() == shown
    inspector.playback.set_trace(photo_trace())  # another run: start again
    inspector.refresh()
    settle(app)
    assert box.minimumHeight() == 0


def test_a_scenario_without_pictures_keeps_no_room(qtbot, tmp_path):
    """After photo-thumbnails, website-api (no pictures) asks for Qt's own minimum again."""
    window, app = _photo_window(qtbot, tmp_path), QApplication.instance()
    assert window.inspector.node_box.minimumHeight() > 0
    window.set_document(load_document(SCENARIOS / "website-api.yaml"))
    settle(app)
    assert window.inspector.node_box.minimumHeight() == 0


def test_the_kept_room_follows_a_theme_change(qtbot, tmp_path):
    """Another theme (the style sheet is applied again, every widget re-polished): at a step
    without a photo the node box still asks for the height it has with the strip."""
    window, app = _photo_window(qtbot, tmp_path), QApplication.instance()
    box = window.inspector.node_box
    window.set_theme("high-contrast", save=False)
    settle(app)
    kept = box.minimumHeight()
    while not window.inspector.image_scroll.isVisible():
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
    assert box.layout().totalMinimumSize().height() == kept
    window.set_theme("light", save=False)
    settle(app)
