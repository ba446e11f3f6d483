"""UI benchmark: start-up to a painted window, and key-press → repaint latency while stepping.

1. Start-up: wall time from launching a Python process to the first paint of the window *with the
   default scenario shown* (photo thumbnails, loaded, simulated and drawn), against the same for
   a bare PySide6 QMainWindow, both measured in this run (median of REPEATS launches each).
   Budget: ratio ≤ 2. Twice: a first start (empty start-up cache) and a warm start (the cache
   entry a previous start wrote; docs/decisions/0018-start-up.md).
   Also the first paint of the window at all (still loading), and "interactive": the lab
   installed and the window idle again (issue 12 item 2: ≤ 2× and ≤ 3×).
2. Step latency: for each built-in scenario and a generated 500-node scenario, in a 1600x1000
   window, press Right (a real key event through the window's shortcut) and time until the
   window has repainted what changed (diagram, narration, timeline, inspector); p50 and p95
   over up to STEPS presses, wall time and the GUI thread's CPU time (the machines here are
   shared: CPU time is what the code costs, wall time what a learner waits).
3. Scrubbing a generated 100,000-step trace: seeks to random steps, drags of the scrubber's
   handle (two pointer moves queued per frame), PageUp/PageDown/End/Home, seeks with the timeline
   shown; → repainted window.

Offscreen (QT_QPA_PLATFORM=offscreen). Usage: python bench/bench_ui.py [--quick] [--json]
[--startup-only] [--scrub-only] [--repeats=N] [--baseline=DIR ...]
(--json: one JSON object on the last line, for bench/run_all.py --json; --baseline: another
checkout, e.g. /work/main, whose starts are launched in the same rounds with its own .venv.)
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
REPEATS = 5
STEPS = 200
STARTUP_BUDGET = 2.0  # the default scenario drawn, against a bare window (issue 12 item 2)
INTERACTIVE_BUDGET = 3.0  # the lab installed too
STEP_BUDGET_MS = 16.7  # one 60 Hz frame, built-ins and scrubbing
BIG_STEP_BUDGET_MS = 33.0  # the generated 500-node scenario
SIZE = (1600, 1000)
RESULTS: dict = {}

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
           tree: Path = REPO) -> dict[str, float]:
    """Seconds from spawning the interpreter to each line the child prints, up to `last`; and
    under "gui_cpu:<line>" / "cpu:<line>" the child's GUI-thread and process CPU seconds then.
    `cache`: the start-up cache folder the child uses (LAMBDASCOPE_CACHE_DIR); `tree`: the
    checkout whose app (and .venv, if it has one) the child runs."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
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


def bench_startup(repeats: int, baselines: tuple[Path, ...] = ()) -> None:
    """Launches interleaved (bare, first start, warm start), so a busy moment hurts all alike.
    First start: an empty start-up cache, as after installing or changing the app or the file;
    warm start: the cache entry the previous start wrote (app.ui.start_cache, 0018-start-up).
    `baselines`: other checkouts (e.g. main) launched the same way in the same rounds, so a
    change is compared with its baseline under the same load. Besides wall time, each line
    gives the child's GUI-thread and process CPU time (wall time swings with the machine's
    load; CPU time is what the start costs)."""
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
                for kind in ("first", "warm"):
                    name = f"warm-{n}" if kind == "warm" else f"empty-{n}-{rep}"
                    cache = str(Path(folder) / name)
                    Path(settings).unlink(missing_ok=True)  # no saved layout either
                    runs.setdefault((label, kind), []).append(
                        launch(app_code, last="interactive", cache=cache, tree=tree))
    Path(settings).unlink(missing_ok=True)

    def median(samples, key, fallback=None):
        return statistics.median(t.get(key, t.get(fallback)) for t in samples)

    b, b_cpu = median(bare, "painted"), median(bare, "cpu:painted")
    print(f"startup  bare PySide6 window {b * 1000:7.0f} ms, CPU {b_cpu * 1000:4.0f} ms "
          f"[median of {repeats}]")
    for (label, kind), samples in runs.items():
        what = f"{label}{'first start (no cache)' if kind == 'first' else 'warm start (cached)'}"
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
        suffix = "" if kind == "first" else "_cached"
        RESULTS.update({f"first_paint_ratio{suffix}": round(w / b, 2),
                        f"loaded_ratio{suffix}": round(f / b, 2),
                        f"interactive_ratio{suffix}": round(r / b, 2),
                        f"loaded_cpu_ratio{suffix}": round(cpu["painted"][1] / b_cpu, 2),
                        f"interactive_cpu_ratio{suffix}": round(cpu["interactive"][1] / b_cpu, 2)})
    RESULTS.update(bare_window_ms=round(b * 1000), bare_window_cpu_ms=round(b_cpu * 1000))


def generated_scenario(groups: int = 100):
    """5 nodes per group (source bucket, function, role, target bucket, DLQ) + user + lambda, 60
    uploads: tests/load_scenarios.py's `generated_graph`, which the canvas tests use smaller."""
    if str(REPO / "tests") not in sys.path:
        sys.path.append(str(REPO / "tests"))
    from load_scenarios import generated_graph

    return generated_graph(groups, puts=60, title="500 nodes")


def step_latencies(window, app, steps: int, move=None, settled=None) -> tuple[list[float], list[float]]:
    """(wall, GUI-thread CPU) seconds from a Right key press (or `move()`, e.g. a seek) until
    the window has repainted everything it changed.

    A top-level window repaints its changed widgets, all of them, while it handles an
    UpdateRequest (Qt's backing store: every widget's paint event is sent from there); the
    frame is done when a pass of the event loop brings no more (and `settled()`, when given,
    is true: e.g. a drag shows the step under the handle). Only the top-level windows
    are watched: a Python filter on the whole application (APP_FILTER=1, what this did before
    2026-12-01) made Qt call Python for every event of every widget, and PySide wrap each
    object it passed, ~1.4 ms of a ~10 ms step that the real window never spends
    (docs/decisions/0016-step-latency.md).
    """
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    passes = {"n": 0}
    whole_app = bool(os.environ.get("APP_FILTER"))
    wanted = QEvent.Paint if whole_app else QEvent.UpdateRequest

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == wanted:
                passes["n"] += 1
            return False

    watch = Watch()
    watched = [app] if whole_app else [w for w in app.topLevelWidgets() if w.isVisible()]
    for target in watched:
        target.installEventFilter(watch)
    window.playback.first()
    # Settled before the first press: a scenario just loaded still has layouts, paints and
    # 0-ms timers pending, and one pass of the event loop left them to be charged to the first
    # step (the splitter of the inspector moved there on the first scenario). A learner presses
    # a key a moment after the window shows the scenario, when the window is idle.
    quiet = 0
    for _ in range(100):
        passes["n"] = 0
        app.processEvents()
        quiet = quiet + 1 if passes["n"] == 0 else 0
        if quiet >= 3:
            break
        time.sleep(0.005)
    times, cpu = [], []
    count = steps if move is not None else min(steps, len(window.playback) - 1)
    for _ in range(count):
        passes["n"] = 0
        start, start_cpu = time.perf_counter(), time.thread_time()
        if move is None:
            QTest.keyClick(window, Qt.Key_Right)
        else:
            move()
        seen = -1
        while passes["n"] == 0 or passes["n"] != seen or (settled is not None and not settled()):
            seen = passes["n"]
            app.processEvents()
            if time.perf_counter() - start > 5:
                break
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    for target in watched:
        target.removeEventFilter(watch)
    return times, cpu


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms."""
    ordered = sorted(samples)
    return (ordered[len(ordered) // 2] * 1000,
            ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000)


def report(name: str, document, wall: list[float], cpu: list[float], budget: float,
           what: str = "key→repaint") -> float:
    p50, p95 = percentiles(wall)
    cpu50, cpu95 = percentiles(cpu)
    verdict = "ok" if p95 <= budget else "OVER BUDGET"
    print(f"step     {name:26s} nodes {document.graph.number_of_nodes():4d} steps "
          f"{len(document.trace):7,} | {what} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms "
          f"(GUI-thread CPU p50 {cpu50:5.1f}, p95 {cpu95:5.1f}) | budget p95 ≤ {budget} ms "
          f"{verdict}  [{len(wall)} presses]", flush=True)
    return p95


def scrub_document(steps: int = 100_000):
    """A generated trace of about `steps` steps (bench_engine's load, cut there)."""
    sys.path.insert(0, str(REPO / "bench"))
    from bench_engine import scenario

    from app.engine import run
    from app.ui.document import build_document

    sc = scenario(steps // 5 + 1)
    return build_document(Path("scrub.yaml"), sc, run(sc, seed=1, max_steps=steps))


def bench_steps(steps: int, scrub_steps: int) -> None:
    import tempfile

    from PySide6.QtWidgets import QApplication

    from app.engine import run
    from app.ui.document import build_document, load_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    per_scenario: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(Settings(Path(folder) / "settings.ini"))
        window.resize(*SIZE)
        window.show()
        cases = [(p.stem, lambda p=p: load_document(p)) for p in sorted((REPO / "scenarios").glob("*.yaml"))]
        big = generated_scenario()
        cases.append(("generated-500-nodes", lambda: build_document(Path("generated.yaml"), big, run(big))))
        for name, make in cases:
            document = make()
            window.set_document(document)
            app.processEvents()
            wall, cpu = step_latencies(window, app, steps)
            budget = BIG_STEP_BUDGET_MS if name.startswith("generated") else STEP_BUDGET_MS
            per_scenario[name] = round(report(name, document, wall, cpu, budget), 1)
        bench_scrub(window, app, scrub_steps, min(steps, 200))
        window.close()
    builtins = [v for k, v in per_scenario.items() if not k.startswith("generated")]
    RESULTS.update(step_p95_ms=per_scenario, step_p95_ms_max_builtin=max(builtins),
                   step_p95_ms_500_nodes=per_scenario["generated-500-nodes"])


def bench_scrub(window, app, scrub_steps: int, moves: int) -> None:
    """Scrubbing a generated trace of `scrub_steps` steps, four ways, each `moves` times:
    seek (playback.seek to a random step), drag (the scrubber's handle held and moved to a
    random place, DRAG_MOVES_PER_FRAME pointer moves queued before the window may repaint:
    done when the window shows the step under the handle) and keys (PageDown/PageUp on the
    focused scrubber, End and Home through the window); then seeks again with the timeline's
    tab in front (at 1600x1000 it shares a tab group with the inspector). Each: move →
    repainted window."""
    document = scrub_document(scrub_steps)
    window.set_document(document)
    app.processEvents()
    size = len(document.trace)
    name = f"scrub-{size // 1000}k-steps"
    rng = random.Random(1)
    wall, cpu = step_latencies(window, app, moves, move=lambda: window.playback.seek(rng.randrange(size)))
    seek = report(name, document, wall, cpu, STEP_BUDGET_MS, what="seek→repaint")
    drag = ScrubDrag(window, app, random.Random(2))
    wall, cpu = step_latencies(window, app, moves, move=drag.move, settled=drag.settled)
    drag.release()
    dragged = report(name, document, wall, cpu, STEP_BUDGET_MS, what="drag→repaint")
    keys = ScrubKeys(window, random.Random(3))
    wall, cpu = step_latencies(window, app, moves, move=keys.press)
    keyed = report(name, document, wall, cpu, STEP_BUDGET_MS, what="key→repaint")
    window.timeline_dock.show()
    window.timeline_dock.raise_()  # its tab in front: the list scrolls with every seek
    for _ in range(5):
        app.processEvents()
    rng = random.Random(4)
    wall, cpu = step_latencies(window, app, moves, move=lambda: window.playback.seek(rng.randrange(size)))
    listed = report(name, document, wall, cpu, STEP_BUDGET_MS, what="seek→repaint, timeline shown")
    RESULTS.update(scrub_p95_ms=round(seek, 1), scrub_drag_p95_ms=round(dragged, 1),
                   scrub_key_p95_ms=round(keyed, 1), scrub_timeline_p95_ms=round(listed, 1),
                   scrub_trace_steps=size)


DRAG_MOVES_PER_FRAME = 2  # a 125 Hz mouse against a 60 Hz frame: two moves wait per frame


class ScrubDrag:
    """Holds the scrubber's handle down and moves it: each `move` queues DRAG_MOVES_PER_FRAME
    pointer moves at random places of the groove, as a window system hands them over while the
    GUI thread was busy; `settled` says when the playback shows the handle's step."""

    def __init__(self, window, app, rng: random.Random):
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QStyle, QStyleOptionSlider

        self.window, self.app, self.rng = window, app, rng
        self.slider = slider = window.player_bar.slider
        option = QStyleOptionSlider()
        slider.initStyleOption(option)
        handle = slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider)
        self.y = handle.center().y()
        QTest.mousePress(slider, Qt.LeftButton, Qt.NoModifier, QPoint(handle.center().x(), self.y))
        app.processEvents()
        assert slider.isSliderDown(), "the bench did not catch the scrubber's handle"
        self.x = handle.center().x()

    def move(self) -> None:
        from PySide6.QtCore import QEvent, QPointF, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtWidgets import QApplication

        for _ in range(DRAG_MOVES_PER_FRAME):
            self.x = self.rng.randrange(2, self.slider.width() - 2)
            local = QPointF(self.x, self.y)
            event = QMouseEvent(QEvent.MouseMove, local, QPointF(self.slider.mapToGlobal(local.toPoint())),
                                Qt.NoButton, Qt.LeftButton, Qt.NoModifier)
            QApplication.postEvent(self.slider, event)

    def settled(self) -> bool:
        return self.window.playback.index == self.slider.sliderPosition()

    def release(self) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        QTest.mouseRelease(self.slider, Qt.LeftButton, Qt.NoModifier, QPoint(self.x, self.y))
        self.app.processEvents()


class ScrubKeys:
    """PageUp/PageDown on the focused scrubber (mostly), now and then End or Home; only keys
    that move the playback (a key at the end of its way repaints nothing)."""

    def __init__(self, window, rng: random.Random):
        self.window, self.rng = window, rng
        window.player_bar.slider.setFocus()

    def press(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        playback = self.window.playback
        # a slider's PageUp adds its page step, PageDown takes it away (Qt's keys)
        keys = [Qt.Key_PageUp] * 5 * (not playback.at_end) + [Qt.Key_PageDown] * 3 * (not playback.at_start)
        keys += [Qt.Key_End] * (not playback.at_end) + [Qt.Key_Home] * (not playback.at_start)
        key = self.rng.choice(keys)  # only keys that move: a key that does not is not a scrub
        target = self.window.player_bar.slider if key in (Qt.Key_PageDown, Qt.Key_PageUp) else self.window
        QTest.keyClick(target, key)


def scrub_only(moves: int, scrub_steps: int) -> int:
    import tempfile

    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(Settings(Path(folder) / "settings.ini"))
        window.resize(*SIZE)
        window.show()
        bench_scrub(window, app, scrub_steps, moves)
        window.close()
    if "--json" in sys.argv:
        print(json.dumps(RESULTS))
    return 0


def main() -> int:
    quick = "--quick" in sys.argv
    baselines = tuple(Path(arg.split("=", 1)[1]).resolve() for arg in sys.argv
                      if arg.startswith("--baseline="))
    repeats = next((int(arg.split("=", 1)[1]) for arg in sys.argv if arg.startswith("--repeats=")),
                   1 if quick else REPEATS)
    if "--scrub-only" in sys.argv:  # the scrubbing part alone (a quick look at a change)
        return scrub_only(40 if quick else STEPS, 20_000 if quick else 100_000)
    bench_startup(repeats, baselines)
    if "--startup-only" in sys.argv:
        return 0
    bench_steps(40 if quick else STEPS, 20_000 if quick else 100_000)
    if "--json" in sys.argv:
        print(json.dumps(RESULTS))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
