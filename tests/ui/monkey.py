"""The UI monkey: seeded random actions on the real main window, and a watchdog.

`Monkey(window, rng, paths)` knows every action the window offers (each menu entry and shortcut,
the docks, their tabs, the scrubber, the diagram's nodes, the what-if switches, window sizes) and
fires one at random per `step()`. The `Watchdog` records, per action: an unhandled exception
(through pytest-qt's capture), a Qt critical or fatal message or an ambiguous shortcut, a broken
invariant (a stale dock tab bar, a panel shown in presentation mode, the timeline shown during the
quiz), and a stall: CPU time of the GUI thread spent inside the action's own slots above a
threshold. CPU time of this thread, not wall time, so a CI machine busy with other jobs does not
make stalls appear; events processed afterwards (painting) are timed separately and reported only.

Actions that start an engine run (open, reload, the what-if switches, reset) are marked `engine`:
their stalls are counted apart (issue 9 item 2 moves those runs to a worker thread).
"""

from __future__ import annotations

import random
import time

import shiboken6
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QTabBar

from dock_checks import stale_tab_bars

from app.ui.shortcuts import window_actions

ENGINE_TEXTS = ("&Reload", "&Open…", "&Reset the what-ifs")
NEVER = ("&Quit",  # closing the window ends the run; tested elsewhere
         # its dialogs return the open lesson, which it refuses at once (no Resources section);
         # tests/ui/test_import_template_menu.py drives it with a real template
         "&Import SAM/CloudFormation template…")
# Changing the theme restyles every widget of the application (QApplication.setStyleSheet): a
# known one-off cost of 250-300 ms CPU here, on a click the teacher makes before class.
THEME_BUDGET_MS = 800.0
# Exports render frames on the GUI thread behind a progress dialog with Cancel (the window
# stays responsive through it); they are not stalls below this.
EXPORT_BUDGET_MS = 1500.0
SIZES = ((1024, 530), (1280, 650), (1600, 1000), (800, 480), (1400, 900))


@dataclass
class Finding:
    number: int
    action: str
    what: str


@dataclass
class Watchdog:
    stall_ms: float = 250.0
    findings: list[Finding] = field(default_factory=list)
    stalls: list[Finding] = field(default_factory=list)
    engine_stalls: list[Finding] = field(default_factory=list)
    worst_ms: float = 0.0
    worst_action: str = ""
    worst_events_ms: float = 0.0
    _messages: list[str] = field(default_factory=list)
    _previous_handler: object = None

    def install(self) -> None:
        def handler(mode, _context, text):
            if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) or "Ambiguous" in text:
                self._messages.append(f"{mode.name}: {text}")
        self._previous_handler = qInstallMessageHandler(handler)

    def uninstall(self) -> None:
        qInstallMessageHandler(self._previous_handler)

    def take_messages(self) -> list[str]:
        out, self._messages = self._messages, []
        return out


class Monkey:
    def __init__(self, window, rng: random.Random, watchdog: Watchdog, exceptions: list,
                 trail_path: Path | None = None):
        self.window = window
        self.rng = rng
        self.watchdog = watchdog
        self.exceptions = exceptions  # pytest-qt's captured exceptions, read after every action
        self.trail: list[str] = []
        self.trail_file = trail_path.open("w", encoding="utf-8") if trail_path else None
        self.count = 0
        self.moves = [
            (30, self.trigger_action), (20, self.press_key), (6, self.dock_op), (6, self.drag_tab),
            (3, self.resize), (8, self.scrub), (5, self.click_node), (3, self.what_if),
        ]
        self._weights = [w for w, _ in self.moves]

    @property
    def actions(self):
        """Read afresh each time: Open Recent's entries are rebuilt after every open."""
        return [a for a in window_actions(self.window)
                if a.text() not in NEVER and a.menu() is None and not a.isSeparator()]

    # ---- the moves: each returns (label, engine?, callable)
    def trigger_action(self):
        action = self.rng.choice(self.actions)
        engine = action.text() in ENGINE_TEXTS or _recent(action)
        group = getattr(getattr(self.window, "menus", None), "theme_group", None)
        if group is not None and action in group.actions():
            self._budget = THEME_BUDGET_MS
        elif action.text().startswith("Export"):
            self._budget = EXPORT_BUDGET_MS
        return f"action {action.text()!r}", engine, action.trigger

    def press_key(self):
        action, seq = self.rng.choice([(a, q) for a in self.actions for q in a.shortcuts()])
        combo = seq[0]
        engine = action.text() in ENGINE_TEXTS
        label = f"key {seq.toString(QKeySequence.PortableText)} ({action.text()})"
        if action.text().startswith("Export"):
            self._budget = EXPORT_BUDGET_MS
        return label, engine, lambda: QTest.keyClick(self.window, combo.key(),
                                                    combo.keyboardModifiers())

    def _docks(self):
        return [d for d in self.window.findChildren(QDockWidget) if d.parent() is self.window]

    def dock_op(self):
        dock = self.rng.choice(self._docks())
        op = self.rng.choice(("float", "close", "show", "raise"))

        def run():
            if op == "float":
                dock.setFloating(not dock.isFloating())
            elif op == "close":
                dock.close()
            elif op == "show" and not self._locked(dock):
                dock.show()
            else:
                dock.raise_()
        return f"dock {dock.objectName()} {op}", False, run

    def _locked(self, dock) -> bool:
        locks = getattr(self.window, "_dock_locks", None)
        return bool(locks and locks.is_locked(dock))

    def drag_tab(self):
        bars = [b for b in self.window.findChildren(QTabBar) if b.isVisible() and b.count()]
        if not bars:
            return "drag (no tab bar)", False, lambda: None
        bar = self.rng.choice(bars)
        index = self.rng.randrange(bar.count())
        dx = self.rng.choice((-1, 1)) * self.rng.randrange(40, 400)
        dy = self.rng.choice((0, 0, -120))

        def run():
            if index >= bar.count():
                return
            start = bar.tabRect(index).center()
            QTest.mousePress(bar, Qt.LeftButton, Qt.NoModifier, start)
            for k in range(1, 9):
                QTest.mouseMove(bar, start + QPoint(dx * k // 8, dy * k // 8))
            QTest.mouseRelease(bar, Qt.LeftButton, Qt.NoModifier, start + QPoint(dx, dy))
        return f"drag tab {index} of {bar.tabText(index)!r} by {dx},{dy}", False, run

    def resize(self):
        size = self.rng.choice(SIZES)
        return f"resize {size}", False, lambda: self.window.resize(*size)

    def scrub(self):
        slider = self.window.player_bar.slider
        value = self.rng.randrange(0, max(1, slider.maximum() + 1))
        return f"scrub to {value}", False, lambda: slider.setValue(value)

    def click_node(self):
        nodes = sorted(getattr(self.window.canvas, "item_for_node", {}) or ())
        if not nodes:
            return "click (no node)", False, lambda: None
        node = self.rng.choice(nodes)
        return f"click node {node}", False, lambda: self.window.canvas.node_clicked.emit(node)

    def what_if(self):
        from app.lab.switches import switches_for

        lab = getattr(self.window, "lab", None)
        document = self.window.document
        if lab is None or document is None:
            return "what-if (no lab)", False, lambda: None
        switches = switches_for(document.scenario)
        if not switches:
            return "what-if (none)", False, lambda: None
        switch = self.rng.choice(switches)
        if switch.kind == "toggle":
            value = self.rng.choice((True, False))
        elif switch.options:
            value = self.rng.choice(switch.options)
        else:
            value = switch.current
        return (f"what-if {switch.id}={value!r}", True,
                lambda: lab.controller.set_value(switch.id, value))

    # ---- one step
    def step(self, timed: bool = True, move=None) -> None:
        move = move or self.rng.choices([m for _, m in self.moves], self._weights)[0]
        self._budget = None
        label, engine, run = move()
        self.count += 1
        line = f"{self.count}: {label}"
        self.trail.append(line)
        if self.trail_file:
            self.trail_file.write(line + "\n")
            self.trail_file.flush()  # a crash leaves the trail behind
        before = time.thread_time()
        run()
        spent = (time.thread_time() - before) * 1000
        before = time.thread_time()
        QApplication.processEvents()
        # processEvents() leaves deleteLater()'d widgets alive; the real event loop does not
        QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        events = (time.thread_time() - before) * 1000
        if timed:
            self._account(label, engine, spent, events)
        self._check(label)

    def _account(self, label, engine, spent, events) -> None:
        w = self.watchdog
        if spent > w.worst_ms and not engine:
            w.worst_ms, w.worst_action = spent, label
        w.worst_events_ms = max(w.worst_events_ms, events)
        if spent > (self._budget or w.stall_ms):
            finding = Finding(self.count, label, f"GUI thread busy {spent:.0f} ms in the action")
            (w.engine_stalls if engine else w.stalls).append(finding)

    def _check(self, label) -> None:
        w, window = self.watchdog, self.window
        problems = [f"Qt said {m}" for m in w.take_messages()]
        while self.exceptions:
            _type, value, _tb = self.exceptions.pop(0)
            problems.append(f"unhandled {type(value).__name__}: {value}")
        problems += stale_tab_bars(window)
        presentation = window.presentation.active
        if presentation and any(d.isVisible() for d in self._docks()):
            problems.append("a panel is open in presentation mode")
        lab = getattr(window, "lab", None)
        if lab is not None and lab.quiz.active and window.timeline_dock.isVisible():
            problems.append("the timeline shows the steps to come during the quiz")
        for problem in problems:
            w.findings.append(Finding(self.count, label, problem))

    def warm_up(self) -> None:
        """Every action once, untimed: first calls import modules and build caches."""
        for action in self.actions:
            if not shiboken6.isValid(action):  # a recent file's entry, rebuilt meanwhile
                continue
            self.step(timed=False, move=lambda a=action: (f"warm-up {a.text()!r}", False, a.trigger))
        self.step(timed=False, move=self.what_if)

    def close(self) -> None:
        if self.trail_file:
            self.trail_file.close()


def _recent(action) -> bool:
    tip = action.toolTip() or ""
    return tip.endswith((".yaml", ".yml")) and "/" in tip
