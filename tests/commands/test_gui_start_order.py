"""The start-up path (`gui.start`, docs/decisions/0018-start-up.md): which thread imports what,
what starts first, and what PySide is made to build before the first paint. Each check runs
`gui.start` in a fresh interpreter, since a test process has long imported everything."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = r"""
import argparse, json, sys, threading, time
HEAVY = ("pydantic", "networkx", "simpy", "app.engine.run", "app.scenario.models")
threads = {}
def audit(event, args):  # the first "import" event of a module is its real import
    if event == "import" and args[0] in HEAVY and args[0] not in threads:
        threads[args[0]] = threading.current_thread().name
sys.addaudithook(audit)
from PySide6 import QtWidgets
from PySide6.QtCore import QStandardPaths
app = QtWidgets.QApplication([])
QStandardPaths.setTestModeEnabled(True)
import app.ui.document as document
import app.ui.main_window as main_window
from app.commands import gui
from app.ui.settings import Settings
events = []
start_loading = document.start_loading
def recorded_start_loading(*args, **kwargs):
    events.append("load started")
    return start_loading(*args, **kwargs)
document.start_loading = recorded_start_loading
init = main_window.MainWindow.__init__
def recorded_init(self, *args, **kwargs):
    events.append("window built")
    init(self, *args, **kwargs)
main_window.MainWindow.__init__ = recorded_init
install = main_window.MainWindow.install_lab
def recorded_install(self):
    if getattr(self, "lab", None) is None:
        events.append("lab installed")
    return install(self)
main_window.MainWindow.install_lab = recorded_install
_, window, handler = gui.start(argparse.Namespace(file=None), Settings(sys.argv[1]))
made_at_first_paint = sorted(n for n in ("QWizard", "QCalendarWidget", "QFileDialog", "QMessageBox")
                             if n in vars(QtWidgets))
deadline = time.monotonic() + 120
while (getattr(window, "lab", None) is None or window.document is None
       or window.document.cached) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
handler.uninstall()
print(json.dumps({"events": events, "threads": threads, "made": made_at_first_paint,
                  "loaded": window.document is not None and not window.document.cached,
                  "lab": getattr(window, "lab", None) is not None}))
"""

FILL = ("from app.bundled import DEFAULT_SCENARIO\nfrom app.ui.document import load_document\n"
        "from app.ui.start_cache import save\nassert save(load_document(DEFAULT_SCENARIO))")


def start(tmp_path: Path, cached: bool) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "LAMBDASCOPE_CACHE_DIR": str(tmp_path / "cache")}
    if cached:
        subprocess.run([sys.executable, "-c", FILL], env=env, check=True, timeout=300)
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "s.ini")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_first_start_paints_then_loads_with_the_imports_on_the_worker(tmp_path):
    """No cache entry: the window is painted ("Loading…") before the load starts (a worker
    holding the GIL would slow that paint); pydantic, networkx, SimPy and the engine are imported
    by the worker, never by the GUI thread, which stays free for the window meanwhile."""
    seen = start(tmp_path, cached=False)
    assert seen["loaded"] and seen["lab"]
    assert seen["events"] == ["window built", "load started", "lab installed"]
    assert set(seen["threads"]) == {"pydantic", "networkx", "simpy", "app.engine.run",
                                    "app.scenario.models"}
    assert set(seen["threads"].values()) == {"lambdascope-run"}, seen["threads"]


def test_a_warm_start_paints_the_cached_picture_first_then_loads_on_the_worker(tmp_path):
    """With a cache entry the window is built and painted with the cached picture first, the
    lab installed on it (interactive before the real load), then the worker loads, importing
    the heavy packages itself: the lab on a cached picture imports none of them."""
    seen = start(tmp_path, cached=True)
    assert seen["loaded"] and seen["lab"]
    assert seen["events"] == ["window built", "lab installed", "load started"]
    assert set(seen["threads"].values()) == {"lambdascope-run"}, seen["threads"]


def test_the_first_paint_makes_no_python_classes_for_widgets_it_does_not_show(tmp_path):
    """PySide makes a Qt class's Python class (and its enums, ~0.2 ms each) on first use. Typing a
    viewport Qt had made walked every QWidget subclass (QWizard, QCalendarWidget...); the
    dialogs are made when a command first opens one."""
    assert start(tmp_path, cached=True)["made"] == []
