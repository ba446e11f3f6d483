"""UI benchmark: start-up to a painted window, and key-press → repaint latency while stepping.

1. Start-up: wall time from launching a Python process to the first paint of the window *with the
   default scenario shown* (photo thumbnails, loaded, simulated and drawn), against the same for
   a bare PySide6 QMainWindow, both measured in this run (median of REPEATS launches each).
   Budget: ratio ≤ 2.
2. Step latency: for each built-in scenario and a generated 500-node scenario, press Right (a
   real key event through the window's shortcut) and time until the window has repainted what
   changed (diagram, narration, timeline, inspector); p50 and p95 over up to STEPS presses.

Offscreen (QT_QPA_PLATFORM=offscreen). Usage: python bench/bench_ui.py [--quick]
"""

from __future__ import annotations

import os
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
STARTUP_BUDGET = 2.0

BARE_CHILD = """
import time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            print("painted", flush=True); QApplication.instance().exit(0)
        return False
app = QApplication([])
w = QMainWindow(); label = QLabel("hello"); w.setCentralWidget(label); w.resize(1400, 900)
f = Painted(); label.installEventFilter(f)
w.show(); app.exec()
"""

APP_CHILD = """
import argparse
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from app.commands.launch_check import launch_problem
assert launch_problem() is None
app = QApplication([])
class Painted(QObject):
    first = True
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            if self.first:
                self.first = False
                print("first", flush=True)
            w = globals().get("w")
            if w is not None and w.document is not None and obj is w.canvas.viewport():
                print("painted", flush=True); app.exit(0)
        return False
f = Painted(); app.installEventFilter(f)
from app.commands import gui
from app.ui.settings import Settings
app, w, handler = gui.start(argparse.Namespace(file=None), Settings(SETTINGS))
app.exec()
"""


def launch(code: str) -> dict[str, float]:
    """Seconds from spawning the interpreter to each line the child prints, up to 'painted'."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    seen = {}
    watchdog = threading.Timer(60, child.kill)  # a child that never paints must not hang the bench
    watchdog.start()
    for line in child.stdout:
        seen[line.strip()] = time.perf_counter() - start
        if line.strip() == "painted":
            break
    watchdog.cancel()
    child.kill()  # it would wait in its event loop otherwise
    child.wait(timeout=60)
    if "painted" not in seen:
        raise RuntimeError(f"child did not paint: {seen}")
    return seen


def bench_startup(repeats: int) -> None:
    settings = f"{REPO / 'bench' / '.bench-settings.ini'}"
    app_code = APP_CHILD.replace("SETTINGS", repr(settings))
    bare, full, first = [], [], []
    for _ in range(repeats):  # interleaved, so a busy moment hurts both alike
        bare.append(launch(BARE_CHILD)["painted"])
        times = launch(app_code)
        full.append(times["painted"])
        first.append(times.get("first", times["painted"]))
    Path(settings).unlink(missing_ok=True)
    b, f, w = statistics.median(bare), statistics.median(full), statistics.median(first)
    verdict = "ok" if f / b <= STARTUP_BUDGET else "OVER BUDGET"
    print(f"startup  bare PySide6 window {b * 1000:7.0f} ms | LambdaScope with photo-thumbnails "
          f"{f * 1000:7.0f} ms | ratio {f / b:.2f} (budget ≤ {STARTUP_BUDGET}) {verdict}  "
          f"[median of {repeats}]")
    print(f"startup  LambdaScope window first painted (still loading) {w * 1000:7.0f} ms | "
          f"ratio {w / b:.2f}")


def generated_scenario(groups: int = 100):
    """5 nodes per group (source bucket, function, role, target bucket, DLQ) + user + lambda."""
    from app.scenario.models import Scenario

    resources = {"user": {"type": "actor", "kind": "user",
                          "policies": [{"action": "s3:PutObject", "resource": "*"}]}}
    for i in range(groups):
        resources[f"in-{i}"] = {"type": "s3_bucket", "notifications": [
            {"events": ["s3:ObjectCreated:*"], "function": f"fn-{i}"}]}
        resources[f"out-{i}"] = {"type": "s3_bucket"}
        resources[f"dlq-{i}"] = {"type": "sqs_queue"}
        resources[f"role-{i}"] = {"type": "iam_role", "trusts": "lambda.amazonaws.com"}
        resources[f"fn-{i}"] = {
            "type": "function", "handler": "builtin.work", "role": f"role-{i}",
            "dead_letter_queue": f"dlq-{i}",
            "permissions": [{"sid": "AllowS3", "principal": "s3.amazonaws.com",
                             "source_arn": f"arn:aws:s3:::in-{i}"}]}
    script = [{"at": f"{i * 100}ms", "actor": "user", "action": "put_object",
               "bucket": f"in-{i % groups}", "key": f"file-{i}.txt", "body": "hello"}
              for i in range(60)]
    return Scenario.model_validate({"title": "500 nodes", "teaches": "push",
                                    "summary": "A generated scenario for the UI benchmark.",
                                    "resources": resources, "script": script})


def step_latencies(window, app, steps: int) -> list[float]:
    """Seconds from a Right key press until the window has repainted everything it changed.

    Any widget's paint counts (on a step where the diagram looks the same, the narration and
    the timeline still change); the frame is done when a pass of the event loop paints nothing
    more.
    """
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    paints = {"n": 0}

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Paint:
                paints["n"] += 1
            return False

    watch = Watch()
    app.installEventFilter(watch)
    window.playback.first()
    app.processEvents()
    times = []
    for _ in range(min(steps, len(window.playback) - 1)):
        paints["n"] = 0
        start = time.perf_counter()
        QTest.keyClick(window, Qt.Key_Right)
        seen = -1
        while paints["n"] == 0 or paints["n"] != seen:
            seen = paints["n"]
            app.processEvents()
            if time.perf_counter() - start > 5:
                break
        times.append(time.perf_counter() - start)
    app.removeEventFilter(watch)
    return times


def bench_steps(steps: int) -> None:
    import tempfile

    from PySide6.QtWidgets import QApplication

    from app.engine import run
    from app.ui.document import build_document, load_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(Settings(Path(folder) / "settings.ini"))
        window.resize(1400, 900)
        window.show()
        cases = [(p.stem, lambda p=p: load_document(p)) for p in sorted((REPO / "scenarios").glob("*.yaml"))]
        big = generated_scenario()
        cases.append(("generated-500-nodes", lambda: build_document(Path("generated.yaml"), big, run(big))))
        for name, make in cases:
            document = make()
            window.set_document(document)
            app.processEvents()
            times = sorted(step_latencies(window, app, steps))
            p50 = times[len(times) // 2] * 1000
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))] * 1000
            print(f"step     {name:26s} nodes {document.graph.number_of_nodes():4d} steps "
                  f"{len(document.trace):6d} | key→repaint p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
                  f"[{len(times)} presses]")
        window.close()


def main() -> int:
    quick = "--quick" in sys.argv
    bench_startup(2 if quick else REPEATS)
    bench_steps(40 if quick else STEPS)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
