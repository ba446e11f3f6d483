"""A stray 1 px line at x~999 through the narration and the player bar at 1024x600 (decision 0024,
item 3): in about half of real launches Qt leaves on screen the tab bar of the folded
Inspector and Metrics panels (both docks hidden, the bar still shown at the right edge, its
frame a vertical line), and again in presentation mode after toggling the panels. A tab bar of
the window whose docks are all hidden (or floating) is hidden whenever the side panels change.

The launch race cannot be forced, so the deterministic tests place such a bar as Qt leaves it (a
tab bar of the main window naming the docks it holds) and check that folding, presenting and a
dock's closing hide it; a real launch, twice, checks that none is left."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QTabBar

ROOT = Path(__file__).resolve().parents[2]


def _stray(window, docks) -> QTabBar:
    """A tab bar as Qt leaves it: a child of the window, at its right edge, naming `docks`."""
    bar = QTabBar(window)
    bar.setShape(QTabBar.RoundedEast)
    for dock in docks:
        index = bar.addTab(dock.windowTitle())
        bar.setTabData(index, shiboken6.getCppPointer(dock)[0])
    bar.setGeometry(window.width() - 26, 19, 26, window.height() - 46)
    bar.show()
    return bar



def _at_1024x600(qtbot, look) -> dict:
    """Run `look(window, seen)` in photo-thumbnails' window at 1024x600, the panels shown
    first (folded at that width); returns what it put in `seen`."""
    from app.commands.export_window import render_window
    from tests.ui.test_small_screen_room import _run

    path, scenario, trace = _run("photo-thumbnails")
    seen: dict = {}

    def prepare(window):
        window.diagram_first.panels.set_shown(True)
        qtbot.wait(50)
        look(window, seen)

    render_window(path, scenario, trace, 1, (1024, 600), prepare=prepare)
    return seen


def test_folding_hides_a_tab_bar_of_hidden_docks(qtbot):
    def look(window, seen):
        panels = window.diagram_first.panels
        panels.set_shown(False)
        bar = _stray(window, [window.inspector_dock, window.metrics_dock])
        qtbot.wait(50)
        seen["after_fold"] = bar.isVisible()
        panels.set_shown(True)  # the docks back: a bar of shown docks is left to Qt
        qtbot.wait(50)
        bar.show()
        window.presentation.enter()  # every dock hidden: the bar is stray again
        qtbot.wait(100)
        seen["presenting"] = bar.isVisible()
        window.presentation.exit()
        qtbot.wait(50)

    assert _at_1024x600(qtbot, look) == {"after_fold": False, "presenting": False}


def test_a_bar_of_a_shown_dock_stays(qtbot):
    def look(window, seen):
        bar = _stray(window, [window.inspector_dock, window.metrics_dock])
        window.metrics_dock.hide()  # one of its docks still shown
        qtbot.wait(50)
        seen["shown"] = bar.isVisible()

    assert _at_1024x600(qtbot, look) == {"shown": True}


LAUNCH = r'''
import argparse, os, sys, tempfile
from pathlib import Path
tmp = Path(tempfile.mkdtemp()); (tmp / "config").mkdir()
os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
os.environ["LAMBDASCOPE_CACHE_DIR"] = str(tmp / "cache")
from app.commands.export_window import screen_config
os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + str(screen_config(tmp / "s.json", (1024, 600)))
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QTabBar
from app.commands import gui
app, window, handler = gui.start(argparse.Namespace(file=None))
def settle(n):
    for _ in range(n):
        app.processEvents(); QThread.msleep(10)
for _ in range(300):
    settle(5)
    if window.document is not None and not window.document.cached and getattr(window, "lab", None):
        break
settle(60)
shown = [b for b in window.findChildren(QTabBar) if b.parentWidget() is window and b.isVisible()
         and b.geometry().intersects(window.rect())]
print(len(shown))
handler.uninstall(); window.close()
'''


def test_a_real_launch_at_1024x600_leaves_no_tab_bar_on_screen():
    for _ in range(2):  # the race: about one launch in two before
        done = subprocess.run([sys.executable, "-c", LAUNCH], capture_output=True, text=True,
                              cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1] == "0"
