"""What-if on a big load (issue 12 item 5): flip a switch on a 100,000-request scenario.

bench_engine's Poisson load (synchronous invokes, ~5 steps a request) with REQUESTS requests,
opened in an offscreen 1600x1000 window with the lab. Then the "memory 512 MB" switch is
flipped through the lab's controller (the same path as a click) and timed until the window
shows the re-run (`LabController.settled`), median of REPS flips (each followed by Reset). While
it runs: whether the status bar's busy bar and Cancel are shown, and the GUI thread's worst
stall (a 10 ms timer's longest late tick). Where the time goes: the same re-run in pieces, on
this thread (engine run, `first_difference`, graph layout), and, in the window, the GUI-thread
part (`set_trace` and everything that listens). The window caps a run at DEFAULT_MAX_STEPS
(app/engine/run.py): a bigger load is cut there and says so (issue 12 item 6). Usage:
QT_QPA_PLATFORM=offscreen python bench/bench_whatif_big.py [REQUESTS] [--reps N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
BUDGET_S = 2.0
SWITCH = "knob:work:memory"


def pieces(sc) -> dict:
    """The re-run's Qt-free parts, timed one by one on this thread (seconds)."""
    from app.engine import run
    from app.graph import build_graph, layout
    from app.lab.compare import first_difference
    from app.lab.edits import apply_edits
    from app.lab.switches import switches_for

    switch = next(s for s in switches_for(sc) if s.id == SWITCH)
    start = time.perf_counter()
    original = run(sc)
    t_open = time.perf_counter() - start
    edited = apply_edits(sc, switch.edits)
    start = time.perf_counter()
    new = run(edited)
    t_run = time.perf_counter() - start
    start = time.perf_counter()
    first_difference(original, new)
    t_diff = time.perf_counter() - start
    start = time.perf_counter()
    graph = build_graph(edited)
    layout(graph, edited)
    t_layout = time.perf_counter() - start
    start = time.perf_counter()
    full = run(edited, max_steps=10_000_000)
    t_full = time.perf_counter() - start
    return {"window_cap_steps": len(new), "truncated": new.summary.get("truncated", False),
            "requests_simulated": new.summary["requests"], "engine_s": t_run,
            "compare_s": t_diff, "layout_s": t_layout, "first_run_s": t_open,
            "uncapped_steps": len(full), "uncapped_engine_s": t_full}


def in_window(sc, reps: int) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.engine import run
    from app.ui.document import build_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    folder = tempfile.TemporaryDirectory()
    window = MainWindow(Settings(Path(folder.name) / "settings.ini"))
    window.resize(1600, 1000)
    window.show()
    window.set_document(build_document(Path("load.yaml"), sc, run(sc)))
    lab = window.lab
    for _ in range(20):
        app.processEvents()
    controller = lab.controller
    switch = next(s for s in controller.session.switches if s.id == SWITCH)
    state = {"settled": False, "last": 0.0, "stall": 0.0, "busy_seen": False, "start": 0.0,
             "first_shown": None, "progress_max": 0}
    controller.settled.connect(lambda: state.update(settled=True))
    if hasattr(controller, "preview_shown"):  # a long re-run's first steps, shown before it ends
        controller.preview_shown.connect(lambda preview: preview is not None and state.update(
            first_shown=state["first_shown"] or time.perf_counter() - state["start"]))

    def tick():
        now = time.perf_counter()
        state["stall"] = max(state["stall"], now - state["last"])
        state["last"] = now
        if window.progress.isVisible():
            state["busy_seen"] = True
            state["progress_max"] = max(state["progress_max"], window.progress.bar.value())

    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    ticker.start()
    gui_s = []
    original_set_trace = window.playback.set_trace

    def timed_set_trace(*args, **kwargs):
        start = time.perf_counter()
        original_set_trace(*args, **kwargs)
        gui_s.append(time.perf_counter() - start)

    window.playback.set_trace = timed_set_trace
    spans = Spans()
    spans.wrap("app.lab.session", "run", "engine")
    spans.wrap("app.lab.session", "compare", "compare")
    spans.wrap("app.ui.lab.controller", "first_difference", "first_vs_shown")
    spans.wrap("app.graph", "layout", "layout")
    spans.wrap_method(type(controller), "_finished", "gui_finished")
    spans.wrap_method(type(window.runs), "_finished", "gui_handover")

    def wait(limit_s: float = 120.0) -> float:
        start = time.perf_counter()
        state.update(settled=False, last=start, stall=0.0, start=start, first_shown=None)
        while not state["settled"] and time.perf_counter() - start < limit_s:
            app.processEvents()
            time.sleep(0.001)
        return time.perf_counter() - start

    flips, stalls, busy, parts, firsts, bars = [], [], [], [], [], []
    for _ in range(reps):
        state.update(busy_seen=False, progress_max=0)
        spans.clear()
        controller.set_value(switch.id, switch.what_if)
        flips.append(wait())
        firsts.append(state["first_shown"] if state["first_shown"] is not None else flips[-1])
        bars.append(state["progress_max"])
        parts.append(spans.totals())
        stalls.append(state["stall"])
        busy.append(state["busy_seen"])
        controller.reset()
        wait()
    ticker.stop()
    spans.restore()
    steps = len(window.playback.trace)
    window.close()
    folder.cleanup()
    return {"flip_s": statistics.median(flips), "first_shown_s": statistics.median(firsts),
            "progress_bar_max_steps": max(bars), "worst_gui_stall_ms": max(stalls) * 1000,
            "progress_shown": all(busy), "gui_set_trace_s": statistics.median(gui_s),
            "shown_steps": steps, "reps": reps,
            "flip_pieces_s": {k: statistics.median(p.get(k, 0.0) for p in parts)
                              for k in sorted({k for p in parts for k in p})}}


class Spans:
    """Wall and CPU time spent inside some functions during one flip, on whichever thread runs them:
    module functions patched where they are looked up, methods on their class."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self._undo: list = []

    def clear(self) -> None:
        self.spent = {}

    def totals(self) -> dict[str, float]:
        return dict(self.spent)

    def _timed(self, function, name: str):
        def timed(*args, **kwargs):
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:  # wall, and this thread's CPU (moves less with the neighbours' load)
                self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - start
                self.spent[name + "_cpu"] = self.spent.get(name + "_cpu", 0.0) + time.thread_time() - cpu
        return timed

    def wrap(self, module_name: str, attribute: str, name: str) -> None:
        import importlib

        module = importlib.import_module(module_name)
        if not hasattr(module, attribute):
            return
        original = getattr(module, attribute)
        setattr(module, attribute, self._timed(original, name))
        self._undo.append((module, attribute, original))

    def wrap_method(self, cls, attribute: str, name: str) -> None:
        original = cls.__dict__[attribute]
        setattr(cls, attribute, self._timed(original, name))
        self._undo.append((cls, attribute, original))

    def restore(self) -> None:
        for owner, attribute, original in reversed(self._undo):
            setattr(owner, attribute, original)
        self._undo = []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requests", nargs="?", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from bench_engine import scenario

    sc = scenario(args.requests)
    p = pieces(sc)
    print(f"whatif   {args.requests:,}-request load, switch {SWITCH}: in pieces on one thread: "
          f"engine {p['engine_s']:.2f} s ({p['window_cap_steps']:,} steps, "
          f"{p['requests_simulated']:,} requests{', cut at the window cap' if p['truncated'] else ''})"
          f", compare {p['compare_s'] * 1000:.0f} ms, layout {p['layout_s'] * 1000:.0f} ms; "
          f"uncapped: {p['uncapped_steps']:,} steps in {p['uncapped_engine_s']:.2f} s", flush=True)
    w = in_window(sc, args.reps)
    verdict = "ok" if w["first_shown_s"] <= BUDGET_S else "OVER BUDGET"
    print(f"whatif   flip → first steps of the re-run shown {w['first_shown_s']:.2f} s (budget ≤ "
          f"{BUDGET_S} s) {verdict} | flip → whole re-run shown and compared {w['flip_s']:.2f} s "
          f"| progress shown: {'yes' if w['progress_shown'] else 'NO'} (bar reached {w['progress_bar_max_steps']:,} steps) | worst GUI "
          f"stall {w['worst_gui_stall_ms']:.0f} ms | GUI thread's set_trace "
          f"{w['gui_set_trace_s'] * 1000:.0f} ms  [median of {w['reps']}]", flush=True)
    print("whatif   the flip in the window, in pieces (s): " + ", ".join(
        f"{k} {v:.2f}" for k, v in w["flip_pieces_s"].items()), flush=True)
    if args.json:
        print(json.dumps({"whatif_big": {"requests": args.requests, **{k: (round(v, 3) if
                          isinstance(v, float) else v) for k, v in {**p, **w}.items()}}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
