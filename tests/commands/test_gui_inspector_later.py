"""The launcher builds the inspector once its dock is to be seen (docs/decisions/0018-start-up.md,
pass 5): a first show that folds the side panels away (a window narrower than FOLD_BELOW)
paints the lesson without it, and the inspector is built right after that paint, so it is
there, and shows the current step, once the window is interactive. A window whose panels are
not folded paints with it, as before. Run in a fresh interpreter, as `lambdascope` starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.commands.export_window import screen_config

PROBE = r"""
import argparse, json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + sys.argv[2]
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QStandardPaths
app = QtWidgets.QApplication([])
QStandardPaths.setTestModeEnabled(True)
import app.ui.main_window as main_window
from app.commands import gui
from app.ui.settings import Settings
seen = {}
class Painted(QObject):
    def eventFilter(self, obj, event):
        w = obj.window()
        if event.type() == QEvent.Paint and "paint" not in seen and w.document is not None:
            seen["paint"] = {"built": w._inspector is not None,
                             "imported": "app.ui.inspector" in sys.modules,
                             "dock_shown": w.inspector_dock.isVisible()}
        return False
painted = Painted()
init = main_window.MainWindow.__init__
def watched(self, *args, **kwargs):
    init(self, *args, **kwargs)
    self.canvas.viewport().installEventFilter(painted)
main_window.MainWindow.__init__ = watched
_, window, handler = gui.start(argparse.Namespace(file=None), Settings(sys.argv[1]))
seen["after_start"] = window._inspector is not None
import time
waited = time.monotonic()
while window.document is None and time.monotonic() - waited < 120:  # a first start's load
    app.processEvents()
    time.sleep(0.01)
window.diagram_first.panels.set_shown(True)  # the Panels button
for _ in range(5):
    app.processEvents()
window.inspector_dock.raise_()  # in front of the lab's tabs, which a first start adds meanwhile
app.processEvents()
window.playback.seek(3)
app.processEvents()
inspector = window.inspector
step = window.playback.step
seen["shown"] = {"dock_shown": window.inspector_dock.isVisible(),
                 "title": inspector.step_title.accessibleName(),
                 "expected": f"{step.kind}: {step.source} → {step.target}\n{step.summary}",
                 "node": inspector.node_box.title(), "target": step.target,
                 "in_dock": window.inspector_scroll.widget() is inspector}
handler.uninstall()
print(json.dumps(seen), flush=True)
os._exit(0)  # the real load or the cache's writer may still be running: no interpreter teardown
"""

FILL = ("from app.bundled import DEFAULT_SCENARIO\nfrom app.ui.document import load_document\n"
        "from app.ui.start_cache import save\nassert save(load_document(DEFAULT_SCENARIO))")


def start(tmp_path: Path, screen: tuple[int, int], cached: bool) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "LAMBDASCOPE_CACHE_DIR": str(tmp_path / "cache")}
    if cached:
        subprocess.run([sys.executable, "-c", FILL], env=env, check=True, timeout=300)
    config = screen_config(tmp_path / "screen.json", screen, "s")
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "s.ini"), str(config)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("cached", [True, False])
def test_folded_panels_paint_without_the_inspector_which_comes_right_after(tmp_path, cached):
    """At 1024x600 the first show folds the panels: the lesson's first paint happens before
    the inspector (and its module) exist; gui.start then builds it; Panels shows it with the
    current step and node. (Before pass 5 the inspector was built and imported first.)"""
    seen = start(tmp_path, (1024, 600), cached)
    if cached:  # a first start paints "Loading…" first; its lesson's paint comes after start()
        assert seen["paint"] == {"built": False, "imported": False, "dock_shown": False}
    assert seen["after_start"] is True
    shown = seen["shown"]
    assert shown["dock_shown"] and shown["in_dock"]
    assert shown["title"] == shown["expected"]
    assert shown["node"].startswith(shown["target"])


def test_panels_not_folded_paint_with_the_inspector(tmp_path):
    """At 1280x720 the inspector's dock is in the first picture: it is built before it."""
    seen = start(tmp_path, (1280, 720), cached=True)
    assert seen["paint"] == {"built": True, "imported": True, "dock_shown": True}
    shown = seen["shown"]
    assert shown["title"] == shown["expected"] and shown["node"].startswith(shown["target"])
