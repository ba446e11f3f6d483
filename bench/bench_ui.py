"""UI benchmark: start-up to a painted window, and key-press → repaint latency while stepping.

1. Start-up: wall time from launching a Python process to the first paint of the window *with the
   default scenario shown* (photo thumbnails, loaded, simulated and drawn), against the same for
   a bare PySide6 QMainWindow, both measured in this run (median of REPEATS launches each).
   Budget: ratio ≤ 2. Three times: a first start (empty start-up cache: the picture shipped
   for the default lesson, app.ui.start_seed), a first start with no picture shipped (as for a
   file of one's own), and a warm start (the cache entry a previous start wrote;
   docs/decisions/0018-start-up.md).
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
Its parts, beside it: ui_startup.py (1), ui_steps.py (how a step is timed and reported),
ui_scrub.py (3).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # its parts, beside it (also when imported)

from ui_scrub import bench_scrub  # noqa: E402
from ui_startup import bench_startup  # noqa: E402
from ui_steps import BIG_STEP_BUDGET_MS, STEP_BUDGET_MS, generated_scenario, report, step_latencies  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REPEATS = 5
STEPS = 200
SIZE = (1600, 1000)
RESULTS: dict = {}


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
        bench_scrub(window, app, scrub_steps, min(steps, 200), RESULTS)
        window.close()
    builtins = [v for k, v in per_scenario.items() if not k.startswith("generated")]
    RESULTS.update(step_p95_ms=per_scenario, step_p95_ms_max_builtin=max(builtins),
                   step_p95_ms_500_nodes=per_scenario["generated-500-nodes"])


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
        bench_scrub(window, app, scrub_steps, moves, RESULTS)
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
    bench_startup(repeats, baselines, RESULTS)
    if "--startup-only" in sys.argv:
        return 0
    bench_steps(40 if quick else STEPS, 20_000 if quick else 100_000)
    if "--json" in sys.argv:
        print(json.dumps(RESULTS))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
