"""install_lab: added once, its menu and docks in place, and no shortcut taken twice."""

from __future__ import annotations

from collections import Counter

from lab_fixtures import lab_window
from PySide6.QtGui import QAction

from app.ui.lab import install_lab


def test_install_is_idempotent_and_adds_the_lab_menu_and_docks(qtbot, tmp_path):
    """A second install returns the same lab; the Lab menu lists the panel, comparison, reset, quiz."""
    window, lab = lab_window(qtbot, tmp_path)
    assert install_lab(window) is lab is window.lab
    titles = [m.title() for m in (a.menu() for a in window.menuBar().actions()) if m is not None]
    assert titles.index("&Lab") == titles.index("&Help") - 1
    texts = [a.text() for a in lab.menu.actions() if not a.isSeparator()]
    assert texts == ["&What if… panel", "Runs &compared", "&Reset the what-ifs", "&Predict the next step"]
    assert window.dockWidgetArea(lab.whatif_dock) != window.dockWidgetArea(lab.compare_dock)


def test_whatif_panel_is_closed_until_the_lab_menu_opens_it_narrow(qtbot, tmp_path):
    """The What if… panel starts closed; the Lab menu's entry opens it at most 300 px wide."""
    window, lab = lab_window(qtbot, tmp_path)
    window.resize(1280, 800)
    qtbot.wait(1)
    assert not lab.whatif_dock.isVisible()
    lab.whatif_action.trigger()
    qtbot.waitUntil(lab.whatif_dock.isVisible)
    qtbot.wait(1)
    assert 240 <= lab.whatif_dock.width() <= 300
    assert window.canvas.width() >= 1280 * 0.45


def test_the_lab_keys_are_taken_by_nothing_else(qtbot, tmp_path):
    """The lab's keys (Ctrl+W, Ctrl+D, Ctrl+Shift+R, Ctrl+Shift+P, Ctrl+G, Ctrl+P, 1–4, N) are free."""
    window, _lab = lab_window(qtbot, tmp_path)
    keys = Counter(seq.toString() for action in window.findChildren(QAction)
                   for seq in action.shortcuts() if not seq.isEmpty())
    ours = ("Ctrl+W", "Ctrl+D", "Ctrl+Shift+R", "Ctrl+Shift+P", "Ctrl+G", "Ctrl+P", "1", "2", "3", "4", "N")
    assert {key: keys[key] for key in ours} == dict.fromkeys(ours, 1)
