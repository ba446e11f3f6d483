"""The start-up part of bench/bench_ui.py: wall time from launching a Python process to the
first paint of the window with the default scenario drawn, and to "interactive" (the lab
installed), against a bare PySide6 QMainWindow measured in the same rounds; see bench_ui.py's
docstring for the budgets. Not run on its own: `python bench/bench_ui.py --startup-only`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STARTUP_BUDGET = 2.0  # the default scenario drawn, against a bare window (issue 12 item 2)
INTERACTIVE_BUDGET = 3.0  # the lab installed too

BARE_CHILD = """
import time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            print("painted", time.thread_time(), time.process_time(), flush=True)
            QApplication.instance().exit(0)
        return False
app = QApplication([])
w = QMainWindow(); label = QLabel("hello"); w.setCentralWidget(label); w.resize(1400, 900)
f = Painted(); label.installEventFilter(f)
w.show(); app.exec()
"""

APP_CHILD = """
import argparse, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from app.ui.import_hook import lighten_pyside_import_hook
lighten_pyside_import_hook()  # what gui.start does first: the app's modules load as they do there
from app.commands.launch_check import launch_problem
assert launch_problem() is None
app = QApplication([])
class Painted(QObject):
    first = True
    drawn = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            if self.first:
                self.first = False
                print("first", time.thread_time(), time.process_time(), flush=True)
            w = obj.window()
            if self.drawn is False and w.document is not None and obj is w.canvas.viewport():
                self.drawn = True
                print("painted", time.thread_time(), time.process_time(), flush=True)
        return False
f = Painted()
from app.commands import gui
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
init = MainWindow.__init__
def watched_init(self, *args, **kwargs):
    # Only the window and the diagram are watched (not every object of the application:
    # an application-wide filter made Qt call Python for each event of each widget, and
    # PySide wrap every internal widget it passed, which the real start never does).
    init(self, *args, **kwargs)
    self.installEventFilter(f)
    self.canvas.viewport().installEventFilter(f)
MainWindow.__init__ = watched_init
install = MainWindow.install_lab
def install_lab(self):
    lab = install(self)
    def idle():  # the lab's own repaint done: the window answers the next input at once
        print("interactive", time.thread_time(), time.process_time(), flush=True); app.exit(0)
    QTimer.singleShot(0, idle)
    return lab
MainWindow.install_lab = install_lab
app, w, handler = gui.start(argparse.Namespace(file=None), Settings(SETTINGS))
app.exec()
"""


def launch(code: str, last: str = "painted", cache: str | None = None,
           tree: Path = REPO, seed: bool = True) -> dict[str, float]:
    """Seconds from spawning the interpreter to each line the child prints, up to `last`; and
    under "gui_cpu:<line>" / "cpu:<line>" the child's GUI-thread and process CPU seconds then.
    `cache`: the start-up cache folder the child uses (LAMBDASCOPE_CACHE_DIR); `tree`: the
    checkout whose app (and .venv, if it has one) the child runs; `seed`: False turns off the
    pictures shipped for the built-ins (app.ui.start_seed), as for a file of one's own."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LAMBDASCOPE_NO_START_SEED", None)
    if not seed:
        env["LAMBDASCOPE_NO_START_SEED"] = "1"
    if cache is not None:
        env["LAMBDASCOPE_CACHE_DIR"] = cache
    start = time.perf_counter()
    child = subprocess.Popen([python_of(tree), "-c", code], cwd=tree, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env)
    seen = {}
    watchdog = threading.Timer(60, child.kill)  # a child that never paints must not hang the bench
    watchdog.start()
    for line in child.stdout:
        name, *cpu = line.split()
        seen[name] = time.perf_counter() - start
        if len(cpu) == 2:
            seen[f"gui_cpu:{name}"], seen[f"cpu:{name}"] = float(cpu[0]), float(cpu[1])
        if name == last:
            break
    watchdog.cancel()
    child.kill()  # it would wait in its event loop otherwise
    child.wait(timeout=60)
    if last not in seen:
        raise RuntimeError(f"child did not reach {last!r}: {seen}")
    return seen


FILL_CACHE = """
from app.bundled import DEFAULT_SCENARIO
from app.ui.document import load_document
from app.ui.start_cache import save
assert save(load_document(DEFAULT_SCENARIO))
"""


def python_of(tree: Path) -> str:
    """The interpreter for a checkout: its own .venv when it has one, else this one."""
    own = tree / ".venv" / "bin" / "python"
    return str(own) if tree != REPO and own.exists() else sys.executable


def bench_startup(repeats: int, baselines: tuple[Path, ...], results: dict) -> None:
    """Launches interleaved (bare, first start, first start with no picture shipped, warm
    start), so a busy moment hurts all alike. First start: an empty start-up cache, as after
    installing or updating the app (the default lesson then shows the picture shipped with the
    app, app.ui.start_seed); "no picture shipped": the same with the shipped pictures turned
    off, as for a file of one's own opened for the first time or after editing it;
    warm start: the cache entry the previous start wrote (app.ui.start_cache, 0018-start-up).
    `baselines`: other checkouts (e.g. main) launched the same way in the same rounds, so a
    change is compared with its baseline under the same load. Besides wall time, each line
    gives the child's GUI-thread and process CPU time (wall time swings with the machine's
    load; CPU time is what the start costs). The ratios of this checkout go into `results`
    (bench_ui's JSON)."""
    import tempfile

    settings = f"{REPO / 'bench' / '.bench-settings.ini'}"
    app_code = APP_CHILD.replace("SETTINGS", repr(settings))
    trees = [("", REPO)] + [(f"{tree.name} ", tree) for tree in baselines]
    bare: list[dict[str, float]] = []
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="lambdascope-bench-cache-") as folder:
        for n, (_label, tree) in enumerate(trees):
            # Start from .pyc files, as an installed app does: under PYTHONDONTWRITEBYTECODE=1
            # an edited (or never compiled) module is compiled again in every timed start.
            subprocess.run([python_of(tree), "-m", "compileall", "-q", "app"], cwd=tree,
                           check=False, capture_output=True,
                           env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
            subprocess.run([python_of(tree), "-c", FILL_CACHE], cwd=tree, check=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                "LAMBDASCOPE_CACHE_DIR": str(Path(folder) / f"warm-{n}")})
        for rep in range(repeats):
            bare.append(launch(BARE_CHILD))
            for n, (label, tree) in enumerate(trees):
                for kind in ("first", "unshipped", "warm"):
                    name = f"warm-{n}" if kind == "warm" else f"empty-{n}-{rep}-{kind}"
                    cache = str(Path(folder) / name)
                    Path(settings).unlink(missing_ok=True)  # no saved layout either
                    runs.setdefault((label, kind), []).append(
                        launch(app_code, last="interactive", cache=cache, tree=tree,
                               seed=kind != "unshipped"))
    Path(settings).unlink(missing_ok=True)

    def median(samples, key, fallback=None):
        return statistics.median(t.get(key, t.get(fallback)) for t in samples)

    b, b_cpu = median(bare, "painted"), median(bare, "cpu:painted")
    print(f"startup  bare PySide6 window {b * 1000:7.0f} ms, CPU {b_cpu * 1000:4.0f} ms "
          f"[median of {repeats}]")
    for (label, kind), samples in runs.items():
        what = label + {"first": "first start (no cache)", "warm": "warm start (cached)",
                        "unshipped": "first start, no picture shipped"}[kind]
        f = median(samples, "painted")
        w = median(samples, "first", "painted")
        r = median(samples, "interactive")
        drawn = "ok" if f / b <= STARTUP_BUDGET else "OVER BUDGET"
        ready = "ok" if r / b <= INTERACTIVE_BUDGET else "OVER BUDGET"
        print(f"startup  {what}: first paint {w * 1000:5.0f} ms ({w / b:.2f}x) | photo-thumbnails "
              f"drawn {f * 1000:5.0f} ms ({f / b:.2f}x, budget <= {STARTUP_BUDGET}) {drawn} | "
              f"interactive (lab installed) {r * 1000:5.0f} ms ({r / b:.2f}x, budget <= "
              f"{INTERACTIVE_BUDGET}) {ready}")
        cpu = {m: (median(samples, f"gui_cpu:{m}", f"gui_cpu:painted"),
                   median(samples, f"cpu:{m}", "cpu:painted"))
               for m in ("first", "painted", "interactive")}
        print(f"startup  {what}, CPU (GUI thread / process): first paint "
              f"{cpu['first'][0] * 1000:4.0f} / {cpu['first'][1] * 1000:4.0f} ms "
              f"({cpu['first'][1] / b_cpu:.2f}x the bare window's) | drawn "
              f"{cpu['painted'][0] * 1000:4.0f} / {cpu['painted'][1] * 1000:4.0f} ms "
              f"({cpu['painted'][1] / b_cpu:.2f}x) | interactive {cpu['interactive'][0] * 1000:4.0f}"
              f" / {cpu['interactive'][1] * 1000:4.0f} ms ({cpu['interactive'][1] / b_cpu:.2f}x)")
        if label:
            continue  # the JSON reports this checkout only
        suffix = {"first": "", "warm": "_cached", "unshipped": "_unshipped"}[kind]
        results.update({f"first_paint_ratio{suffix}": round(w / b, 2),
                        f"loaded_ratio{suffix}": round(f / b, 2),
                        f"interactive_ratio{suffix}": round(r / b, 2),
                        f"loaded_cpu_ratio{suffix}": round(cpu["painted"][1] / b_cpu, 2),
                        f"interactive_cpu_ratio{suffix}": round(cpu["interactive"][1] / b_cpu, 2)})
    results.update(bare_window_ms=round(b * 1000), bare_window_cpu_ms=round(b_cpu * 1000))
