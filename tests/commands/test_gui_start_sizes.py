"""A warm start (docs/decisions/0018-start-up.md, pass 4) sets the cached picture after the
panels have their first sizes, so the inspector lays the lesson's steps out at its width once
rather than at each width the docks pass through on the way (~40 ms of CPU before the first
paint). Run in a fresh interpreter, as `lambdascope` starts."""

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
from PySide6.QtCore import QStandardPaths
app = QtWidgets.QApplication([])
QStandardPaths.setTestModeEnabled(True)
import app.ui.main_window as main_window
from app.commands import gui
from app.ui.settings import Settings
seen = []
set_document = main_window.MainWindow.set_document
def recorded(self, document, *args, **kwargs):
    seen.append((document.cached, self.inspector_dock.size().toTuple(),
                 self.timeline_dock.size().toTuple(), self.canvas.size().toTuple()))
    return set_document(self, document, *args, **kwargs)
main_window.MainWindow.set_document = recorded
_, window, handler = gui.start(argparse.Namespace(file=None), Settings(sys.argv[1]))
handler.uninstall()
print(json.dumps({"seen": seen, "at_first_paint": [window.inspector_dock.size().toTuple(),
      window.timeline_dock.size().toTuple(), window.canvas.size().toTuple()]}))
"""

FILL = ("from app.bundled import DEFAULT_SCENARIO\nfrom app.ui.document import load_document\n"
        "from app.ui.start_cache import save\nassert save(load_document(DEFAULT_SCENARIO))")


@pytest.mark.parametrize("screen", [(1024, 600), (1280, 720)])
def test_the_cached_picture_is_set_once_the_panels_have_their_sizes(tmp_path: Path, screen):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "LAMBDASCOPE_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-c", FILL], env=env, check=True, timeout=300)
    config = screen_config(tmp_path / "screen.json", screen, "s")
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "s.ini"), str(config)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    cached = [sizes for is_cached, *sizes in result["seen"] if is_cached]
    assert len(cached) == 1
    # before: the picture was set at the docks' default sizes (the inspector 0 px wide at
    # 1024x600), and the inspector relaid out at each width _size_docks and the squeeze gave it
    assert cached[0][0] == result["at_first_paint"][0]  # the inspector's width and height
