"""GUI-thread stalls and memory during the heaviest what-if (issue 9 items 2 and 10).

Opens photo thumbnails in an offscreen window with the lab, then flips "writes its thumbnails
back into photos" and "runs past its 30 s timeout" (the pair that ran to the 200,000-step cap on
the GUI thread), waits until the window shows the re-run, then Reset, then opens another file.
A 5 ms heartbeat timer on the GUI thread records the longest gap between two ticks: that is the
worst stall a class would see. RSS (VmRSS) is read after each phase, after gc.collect().

Usage: QT_QPA_PLATFORM=offscreen python bench/bench_gui_stall.py
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCENARIOS = ROOT / "scenarios"
sys.path.insert(0, str(ROOT / "bench"))
WRITE_BACK, TIME_OUT = "write-back:make-thumbnail:photos", "time-out:make-thumbnail"

from bench_memory import rss_mb  # noqa: E402  (RSS now, from /proc/self/status)


def pymalloc_use() -> str:
    """Arenas CPython's small-object allocator holds and how much of them is unused pools
    (memory a few surviving objects keep from going back to the system)."""
    import os

    with tempfile.TemporaryFile("w+") as out:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read()
    found = {}
    for line in text.splitlines():
        for key in ("# arenas allocated current", "unused pools *", "# bytes in allocated blocks"):
            if line.startswith(key) or key in line:
                found[key] = int(line.split("=")[-1].replace(",", "").strip())
    arenas = found.get("# arenas allocated current", 0)
    unused = found.get("unused pools *", 0) / 2**20
    used = found.get("# bytes in allocated blocks", 0) / 2**20
    return f"{arenas} arenas, {used:.0f} MB in live blocks, {unused:.0f} MB in unused pools"


class Heartbeat:
    def __init__(self):
        from PySide6.QtCore import QTimer

        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self):
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self.last) * 1000)
        self.last = now

    def reset(self):
        self.last, self.worst = time.perf_counter(), 0.0

    def watch(self, over_ms: float = 250.0):
        """`--where`: print the GUI thread's stack whenever it has not ticked for `over_ms`."""
        import threading
        import traceback

        gui = threading.get_ident()

        def loop():
            reported = None
            while True:
                time.sleep(0.05)
                late = (time.perf_counter() - self.last) * 1000
                if late > over_ms and reported != self.last:
                    reported = self.last
                    frame = sys._current_frames().get(gui)
                    print(f"--- GUI thread {late:.0f} ms without a tick:", file=sys.stderr)
                    traceback.print_stack(frame, limit=12, file=sys.stderr)

        threading.Thread(target=loop, daemon=True).start()


def wait_until(app, condition, timeout_s=300.0):
    end = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError
        app.processEvents()
        time.sleep(0.002)
    for _ in range(20):
        app.processEvents()


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    window = MainWindow(Settings(Path(tempfile.mkdtemp()) / "settings.ini"))
    window.resize(1280, 720)
    window.show()
    lab = window.lab
    controller = lab.controller
    window.open_path(SCENARIOS / "photo-thumbnails.yaml")
    wait_until(app, lambda: window.document is not None and controller.session is not None)
    gc.collect()
    print(f"RSS after opening photo thumbnails: {rss_mb():.0f} MB")
    beat = Heartbeat()
    if "--where" in sys.argv:
        beat.watch()
        import threading

        gc_start = {}

        def gc_log(phase, info):
            if phase == "start":
                gc_start["t"] = time.perf_counter()
            else:
                ms = (time.perf_counter() - gc_start.get("t", time.perf_counter())) * 1000
                if ms > 50:
                    print(f"--- gc gen{info['generation']} {ms:.0f} ms on "
                          f"{threading.current_thread().name}", file=sys.stderr)

        gc.callbacks.append(gc_log)
    started = time.perf_counter()
    for switch in (WRITE_BACK, TIME_OUT):
        controller.set_value(switch, True)
        wait_until(app, lambda s=switch: s in controller.session.values
                   and window.playback.trace is controller.session.trace
                   and not getattr(controller, "running", False))
    elapsed = time.perf_counter() - started
    steps = len(window.playback.trace)
    gc.collect()
    print(f"write-back + time-out: {steps:,} steps shown after {elapsed:.1f} s; "
          f"worst GUI-thread stall {beat.worst:.0f} ms; RSS {rss_mb():.0f} MB")
    import weakref

    big = weakref.ref(window.playback.trace)
    beat.reset()
    controller.reset()
    wait_until(app, lambda: not controller.session.values
               and window.playback.trace is controller.session.trace
               and not getattr(controller, "running", False))
    gc.collect()
    app.processEvents()
    stall = beat.worst
    wait_until(app, lambda: big() is None, 60)  # released on a helper thread, chunk by chunk
    beat.worst = max(beat.worst, stall)
    if "--count" in sys.argv:
        from collections import Counter

        gc.unfreeze()
        kinds = Counter(type(o).__name__ for o in gc.get_objects())
        print("live objects after Reset:", gc.get_count(), kinds.most_common(12))
        gc.freeze()
    print(f"after Reset: worst stall {beat.worst:.0f} ms; RSS {rss_mb():.0f} MB; "
          f"the big trace is {'still alive' if big() is not None else 'freed'}")
    beat.reset()
    window.open_path(SCENARIOS / "website-api.yaml")
    wait_until(app, lambda: window.document is not None and window.document.path.stem == "website-api")
    gc.collect()
    app.processEvents()
    print(f"after opening website-api: worst stall {beat.worst:.0f} ms; RSS {rss_mb():.0f} MB")
    if "--count" in sys.argv:
        print(f"(diagnostic) Python's allocator now: {pymalloc_use()}")
    if "--count" in sys.argv:
        gc.unfreeze()
        gc.collect()
        from app.engine.memory import give_back_memory

        give_back_memory()
        print(f"(diagnostic) after unfreeze + full collection + malloc_trim: RSS {rss_mb():.0f} MB")
    window.close()


if __name__ == "__main__":
    main()
