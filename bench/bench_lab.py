"""Lab benchmark: the re-run after a what-if switch, for every switch of every built-in scenario.

For each scenario: the first engine run in this process (what opening the file costs), then for
each switch the time to apply its edits and re-run the engine (median of REPS), as milliseconds
and as a ratio against that first run. The issue's budget is "well under 100 ms" per re-run.
One line per scenario (the slowest switch named); `--verbose` adds one line per switch.

Then, in an offscreen window with the lab installed: the time from flipping each switch (its
"what if" value, through the panel's controller) to the window's next paint of the diagram,
p50/p95 over every switch × REPS per scenario. This is what a class waits for. `--no-window`
skips it.

Usage: QT_QPA_PLATFORM=offscreen python bench/bench_lab.py [--reps N] [--verbose] [--no-window]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from app.engine import run
from app.lab.compare import compare
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario

BUDGET_MS = 100.0
SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def bench_scenario(path: Path, reps: int, verbose: bool) -> list[float]:
    scenario = load_scenario(path)
    first_trace = []
    first_ms = timed(lambda: first_trace.append(run(scenario)))
    results = []
    for switch in switches_for(scenario):
        def rerun(switch=switch):
            new = run(apply_edits(scenario, switch.edits))
            compare(first_trace[0], new)  # the panel compares every re-run with the original
        samples = [timed(rerun) for _ in range(reps)]
        median = statistics.median(samples)
        results.append((median, switch.id))
        if verbose:
            print(f"    {switch.id:<58} {median:7.1f} ms  ×{median / first_ms:5.2f} of first run")
    times = [m for m, _ in results]
    slowest = max(results)
    verdict = "ok" if slowest[0] < BUDGET_MS else "OVER BUDGET"
    print(f"{path.stem:<22} first run {first_ms:7.1f} ms | {len(times):3d} switches: median re-run "
          f"{statistics.median(times):6.1f} ms (×{statistics.median(times) / first_ms:.2f}), "
          f"max {slowest[0]:6.1f} ms (×{slowest[0] / first_ms:.2f}, {slowest[1]}) | "
          f"budget {BUDGET_MS:.0f} ms: {verdict}  [median of {reps}]")
    return times


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_window(reps: int) -> None:
    """Flip → repainted window, per built-in scenario (p50/p95 over switches × reps)."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from app.ui.document import load_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    class PaintSpy(QObject):
        painted = False

        def eventFilter(self, _obj, event):  # noqa: N802 (Qt name)
            if event.type() == QEvent.Paint:
                self.painted = True
            return False

    app = QApplication.instance() or QApplication([])
    folder = tempfile.TemporaryDirectory()
    window = MainWindow(Settings(Path(folder.name) / "settings.ini"))
    window.resize(1600, 1000)
    window.show()
    spy = PaintSpy()
    window.canvas.viewport().installEventFilter(spy)

    def until_painted(limit_s: float = 5.0) -> None:
        deadline = time.perf_counter() + limit_s
        while not spy.painted and time.perf_counter() < deadline:
            app.processEvents()

    for path in sorted(SCENARIOS.glob("*.yaml")):
        window.set_document(load_document(path))
        lab = window.lab
        for _ in range(20):
            app.processEvents()
        samples = []
        for _ in range(reps):
            for switch in lab.controller.session.switches:
                spy.painted = False
                start = time.perf_counter()
                lab.controller.set_value(switch.id, switch.what_if)
                until_painted()
                samples.append((time.perf_counter() - start) * 1000.0)
                lab.controller.reset()
                spy.painted = False
                until_painted()
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        verdict = "ok" if p95 < BUDGET_MS else "OVER BUDGET"
        print(f"{path.stem:<22} flip → repainted window: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, "
              f"max {max(samples):6.1f} ms over {len(samples)} flips | budget {BUDGET_MS:.0f} ms: "
              f"{verdict}")
    window.close()
    folder.cleanup()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-window", action="store_true", help="skip the flip → repaint timing")
    args = parser.parse_args(argv)
    over = 0
    for path in sorted(SCENARIOS.glob("*.yaml")):
        times = bench_scenario(path, args.reps, args.verbose)
        over += sum(t >= BUDGET_MS for t in times)
    print(f"switches over the {BUDGET_MS:.0f} ms budget: {over}")
    if not args.no_window:
        bench_window(args.reps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
