"""Where a step's GUI-thread CPU goes, step by step (issue 12 item 1; decision 0016).

For each scenario, in a 1600x1000 window like bench_ui.py, press Right through the trace and
record per step: GUI-thread CPU (time.thread_time) and wall from the press until a pass of the
event loop paints nothing more; each playback listener's CPU; CPU charged to each delivered
event (an application-wide event filter charges the CPU between two consecutive deliveries to
the first: "Paint NarrationPanel", "LayoutRequest QGroupBox", …); garbage-collection pauses
(gc.callbacks). Then the slow steps (>= the p90) are listed with what made them slow.

Usage: python bench/profile_steps.py [scenario-stem ...] [--steps N] [--scrub N [--timeline]] [--top K]
(--timeline: the scrub with the timeline's tab in front of the inspector's.)
A diagnostic, not a benchmark: it reports, it asserts nothing.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def _one(obj) -> str:
    name = obj.objectName() if hasattr(obj, "objectName") else ""
    kind = type(obj).__name__
    return f"{kind}#{name}" if name else kind


def _name(obj) -> str:
    """The object and the first of its ancestors that is ours or named: 'QLabel<Inspector'."""
    parts = [_one(obj)]
    parent = obj.parent() if hasattr(obj, "parent") else None
    hops = 0
    while parent is not None and hops < 6:
        if not type(parent).__name__.startswith("Q") or parent.objectName():
            parts.append(_one(parent))
            break
        parent, hops = parent.parent(), hops + 1
    return "<".join(parts)


class Profiler:
    """Charges GUI-thread CPU between event deliveries to the event delivered first."""

    def __init__(self):
        from PySide6.QtCore import QEvent, QObject

        self.current = None  # (label, start)
        self.costs: Counter = Counter()
        self.counts: Counter = Counter()
        self.gc_ms = 0.0
        self._gc_start = None
        profiler = self

        class Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802
                profiler._charge(f"{QEvent.Type(event.type()).name} {_name(obj)}")
                return False

        self.filter = Filter()
        gc.callbacks.append(self._gc)

    def _gc(self, phase, info):
        if phase == "start":
            self._gc_start = time.thread_time()
        elif self._gc_start is not None:
            self.gc_ms += (time.thread_time() - self._gc_start) * 1000
            self.counts[f"gc gen{info['generation']}"] += 1
            self._gc_start = None

    def _charge(self, label: str | None) -> None:
        now = time.thread_time()
        if self.current is not None:
            self.costs[self.current[0]] += (now - self.current[1]) * 1000
        self.current = (label, now) if label else None
        if label and not label.startswith("listener"):
            self.counts[label] += 1

    def reset(self):
        self.costs, self.counts, self.gc_ms, self.current = Counter(), Counter(), 0.0, None

    def close(self, label: str = "after last event"):
        self._charge(label)
        self._charge(None)


def wrap_listeners(playback, prof):
    """Charge each index listener's CPU to 'listener <name>' (events it sends synchronously
    are charged to themselves; after it returns, the label it interrupted resumes)."""
    wrapped = []
    for listener in playback.index_listeners:
        name = getattr(listener, "__qualname__", repr(listener))

        def timed(listener=listener, name=name):
            outer = prof.current[0] if prof.current else None
            prof._charge("listener " + name)
            listener()
            prof._charge(outer)
        wrapped.append(timed)
    playback.index_listeners[:] = wrapped


def profile(window, app, steps: int, move=None):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    prof = Profiler()
    original = list(window.playback.index_listeners)
    window.playback.first()
    for _ in range(3):
        app.processEvents()
    wrap_listeners(window.playback, prof)
    app.installEventFilter(prof.filter)
    rows = []
    count = steps if move is not None else min(steps, len(window.playback) - 1)
    for _ in range(count):
        prof.reset()
        before = window.playback.index
        paints = lambda: sum(v for k, v in prof.counts.items() if k.startswith("Paint "))  # noqa: E731
        start, start_cpu = time.perf_counter(), time.thread_time()
        prof._charge("key press")
        if move is None:
            QTest.keyClick(window, Qt.Key_Right)
        else:
            move()
        seen = -1
        while paints() == 0 or paints() != seen:
            seen = paints()
            app.processEvents()
            if time.perf_counter() - start > 5:
                break
        prof.close()
        cpu = (time.thread_time() - start_cpu) * 1000
        rows.append(dict(index=window.playback.index, before=before,
                         cpu=cpu, wall=(time.perf_counter() - start) * 1000,
                         costs=prof.costs, counts=prof.counts, gc=prof.gc_ms,
                         step=window.playback.step))
    app.removeEventFilter(prof.filter)
    window.playback.index_listeners[:] = original
    gc.callbacks.remove(prof._gc)
    return rows


AREAS = (("canvas", ("CanvasView", "_show_step", "TokenItem", "QGraphicsScene", "Canvas")),
         ("inspector", ("Inspector", "JsonTree", "PermissionBox", "permission", "panelScroll",
                        "StepBox", "NodeBox", "DecisionTable")),
         ("narration", ("narration", "Narration")),
         ("player bar", ("playerBar", "PlayerBar", "PlaybackActions")),
         ("timeline", ("Timeline", "QTableView", "QHeaderView")),
         ("metrics", ("Metrics", "metrics")),
         ("gc", ("gc ",)))


def area(label: str) -> str:
    for name, keys in AREAS:
        if any(key in label for key in keys):
            return name
    return "other"


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def summarise(name, rows, top: int):
    cpu = [r["cpu"] for r in rows]
    wall = [r["wall"] for r in rows]
    gc_steps = sum(1 for r in rows if r["gc"] > 2)
    print(f"\n=== {name}: {len(rows)} steps, {gc_steps} with > 2 ms of garbage collection | CPU p50 {pct(cpu, .5):.1f} p95 {pct(cpu, .95):.1f} "
          f"max {max(cpu):.1f} | wall p50 {pct(wall, .5):.1f} p95 {pct(wall, .95):.1f} | "
          f"gc total {sum(r['gc'] for r in rows):.1f} ms")
    total = Counter()
    for r in rows:
        total.update(r["costs"])
    areas = Counter()
    for label, ms in total.items():
        areas[area(label)] += ms
    print("  by area: " + ", ".join(f"{k} {v / len(rows):.2f}" for k, v in areas.most_common()))
    print("  mean CPU ms per step, by where:")
    for label, ms in total.most_common(top):
        print(f"    {ms / len(rows):6.2f}  {label}")
    p90 = pct(cpu, .90)
    slow = [r for r in rows if r["cpu"] >= p90]
    fast = [r for r in rows if r["cpu"] < statistics.median(cpu)]
    print(f"  slow steps (CPU >= p90 {p90:.1f} ms): what costs more than on a fast step")
    base = Counter()
    for r in fast:
        base.update(r["costs"])
    for r in sorted(slow, key=lambda r: -r["cpu"])[:12]:
        step = r["step"]
        extra = Counter({k: v - base[k] / max(1, len(fast)) for k, v in r["costs"].items()})
        top3 = ", ".join(f"{k} {v:.1f}" for k, v in extra.most_common(4))
        paints = sum(v for k, v in r["counts"].items() if k.startswith("Paint "))
        layouts = sum(v for k, v in r["counts"].items() if k.startswith("LayoutRequest "))
        print(f"    #{r['index']:5d} cpu {r['cpu']:5.1f} wall {r['wall']:5.1f} gc {r['gc']:4.1f} "
              f"paints {paints} layouts {layouts} {step.kind}→{step.target} | {top3}")


def main() -> int:
    args = sys.argv[1:]
    steps, scrub, top, timeline = 200, 0, 25, False
    names = []
    while args:
        arg = args.pop(0)
        if arg == "--steps":
            steps = int(args.pop(0))
        elif arg == "--scrub":
            scrub = int(args.pop(0))
        elif arg == "--timeline":  # scrub with the timeline's tab in front, as bench_ui's last part
            timeline = True
        elif arg == "--top":
            top = int(args.pop(0))
        else:
            names.append(arg)
    import tempfile

    from PySide6.QtWidgets import QApplication

    from app.ui.document import load_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(Settings(Path(folder) / "settings.ini"))
        window.resize(1600, 1000)
        window.show()
        files = sorted((REPO / "scenarios").glob("*.yaml"))
        for path in files:
            if names and path.stem not in names:
                continue
            window.set_document(load_document(path))
            app.processEvents()
            summarise(path.stem, profile(window, app, steps), top)
        if scrub:
            from ui_scrub import scrub_document

            document = scrub_document(scrub)
            window.set_document(document)
            app.processEvents()
            if os.environ.get("PROFILE_GC_FREEZE"):  # an experiment: is the tail the collector's?
                gc.collect()
                gc.freeze()
            if timeline:
                window.player_bar.slider.setFocus()  # as bench_ui's keys part leaves it
                window.timeline_dock.show()
                window.timeline_dock.raise_()
                for _ in range(5):
                    app.processEvents()
            rng = random.Random(1)
            size = len(document.trace)
            rows = profile(window, app, min(steps, 200), move=lambda: window.playback.seek(rng.randrange(size)))
            summarise(f"scrub {size}", rows, top)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
