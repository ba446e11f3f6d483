"""Keys and panels (issue 9, item 5): every shortcut does one thing, Ctrl+D brings the comparison
to the front, presentation mode keeps its panels shut, and a dropped file opens whatever the case
of its extension."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDockWidget

from window_fixtures import SCENARIOS, make_window, photo_document

from app.ui.shortcuts import shortcut_clashes


@pytest.fixture
def window(qtbot, tmp_path):
    return make_window(qtbot, tmp_path, photo_document())


def _in_front(dock: QDockWidget) -> bool:
    """Shown in the window and not hidden behind another tab."""
    return dock.isVisible() and not dock.widget().visibleRegion().isEmpty()


def test_ctrl_d_brings_runs_compared_to_the_front(window, qtbot):
    """The comparison shares a tab with the timeline; Ctrl+D shows it, a second Ctrl+D gives the
    place back to the timeline (it never ends with the comparison hidden behind it)."""
    compare = window.lab.compare_dock
    assert not _in_front(compare)
    qtbot.keyClick(window, Qt.Key_D, Qt.ControlModifier)
    qtbot.wait(10)
    assert _in_front(compare)
    qtbot.keyClick(window, Qt.Key_D, Qt.ControlModifier)
    qtbot.wait(10)
    assert not _in_front(compare) and _in_front(window.timeline_dock)
    qtbot.keyClick(window, Qt.Key_D, Qt.ControlModifier)
    qtbot.wait(10)
    assert _in_front(compare)


def test_ctrl_d_shows_the_comparison_after_it_was_closed(window, qtbot):
    compare = window.lab.compare_dock
    compare.close()
    qtbot.keyClick(window, Qt.Key_D, Qt.ControlModifier)
    qtbot.wait(10)
    assert _in_front(compare)


def test_ctrl_minus_zooms_out_without_an_ambiguous_shortcut(window, qtbot):
    """Ctrl+- was registered twice on one action (its own and the platform's ZoomOut)."""
    messages = []
    previous = qInstallMessageHandler(lambda _mode, _context, text: messages.append(text))
    try:
        window.canvas.setFocus()
        before = window.canvas.zoom_factor()
        qtbot.keyClick(window.canvas, Qt.Key_Minus, Qt.ControlModifier)
        after_out = window.canvas.zoom_factor()
        qtbot.keyClick(window.canvas, Qt.Key_Equal, Qt.ControlModifier)
    finally:
        qInstallMessageHandler(previous)
    assert after_out < before
    assert window.canvas.zoom_factor() == pytest.approx(before)
    assert not [m for m in messages if "Ambiguous" in m]


def test_no_two_shortcuts_of_the_window_share_a_key(window):
    """Every key sequence of every action the window answers to belongs to one action, once."""
    assert shortcut_clashes(window) == []


@pytest.mark.parametrize("key", [Qt.Key_W, Qt.Key_D])
def test_panels_stay_shut_in_presentation_mode(window, qtbot, key):
    """F5 shows the class only the diagram and the caption: Ctrl+W / Ctrl+D do not open panels."""
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.keyClick(window, key, Qt.ControlModifier)
    qtbot.wait(10)
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))


def test_view_menu_toggles_and_node_clicks_stay_shut_in_presentation_mode(window, qtbot):
    """The docks' own toggles (View menu) and a click on a node do not open a panel either; Esc
    brings back exactly the panels that were open before."""
    qtbot.keyClick(window, Qt.Key_F5)
    for dock in window.findChildren(QDockWidget):
        dock.toggleViewAction().trigger()
    window._node_clicked("photos")
    qtbot.wait(10)
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    qtbot.keyClick(window, Qt.Key_Escape)
    assert window.inspector_dock.isVisible() and window.timeline_dock.isVisible()
    assert not window.lab.whatif_dock.isVisible()


def _drop(window, path):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPoint(10, 10), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    return event


@pytest.mark.parametrize("name", ["THUMBS.YAML", "thumbs.Yml"])
def test_a_dropped_file_with_an_upper_case_extension_opens(window, qtbot, tmp_path, name):
    target = tmp_path / name
    shutil.copy(SCENARIOS / "photo-thumbnails.yaml", target)
    with qtbot.waitSignal(window.document_changed, timeout=20_000) as blocker:
        _drop(window, target)
    assert blocker.args[0].path.name == name
