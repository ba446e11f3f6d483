"""Every engine run the window starts (open, reload, what-if) goes through one `RunController`.

A job is a plain function `job(cancel) -> result`, where `cancel()` says whether it should stop
(the engine and the loader ask it; app.engine stays Qt-free). Each job runs on a daemon thread
of its own (`start_worker`), so nothing on the GUI thread waits for an engine run or a file
read, a job that hangs (a file on a network drive that stopped answering) never makes later
ones queue behind it, and Quit never waits for one. Only the newest job counts: starting
another cancels the one running, and a cancelled or superseded job's result is dropped.
`RunIndicator` is the busy bar with its Cancel button in the status bar.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget


Job = Callable[[Callable[[], bool]], Any]


class Cancelled(Exception):
    """A job's result when it was cancelled (by Cancel, or by a newer job)."""


def start_worker(job: Job, cancel_event: threading.Event | None = None) -> tuple[Future, threading.Event]:
    """Run `job(cancel)` on a new daemon thread now; returns (future, its cancel event).

    Needs no QApplication (the launcher starts the first load before the window exists). The
    future holds the job's result or its exception."""
    event = cancel_event or threading.Event()
    future: Future = Future()
    future.set_running_or_notify_cancel()

    def work() -> None:
        # Like the engine run itself (app.engine.run._cyclic_gc_paused), the whole job keeps
        # the cycle finder paused and ends with its objects in the permanent generation: a
        # collection walking the 200,000 rows of a comparison held the GIL for 100-250 ms.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            result = job(event.is_set)
        except BaseException as error:  # noqa: BLE001 - handed to whoever watches the future
            error.__traceback__ = error.__traceback__ if not isinstance(error, Cancelled) else None
            future.set_exception(error)
        else:
            gc.freeze()
            future.set_result(result)
        finally:
            if was_enabled:
                gc.enable()

    threading.Thread(target=work, name="lambdascope-run", daemon=True).start()
    return future, event


@dataclass
class _Ticket:
    number: int
    label: str
    cancel: threading.Event
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    on_cancel: Callable[[], None] | None = None
    future: Future = field(default=None)
    on_partial: Callable[[Any], None] | None = None


class _Reporter:
    """What a job started with `on_partial` reports through (from its worker thread)."""

    def __init__(self, bridge: _Bridge):
        self.bridge, self.number, self.ready = bridge, 0, threading.Event()

    def _emit(self, signal, *args) -> None:
        self.ready.wait(5.0)  # the ticket number is known once `submit` has returned
        try:
            signal.emit(self.number, *args)
        except RuntimeError:  # the window went away while the job ran
            pass

    def partial(self, value: Any) -> None:
        """Hand `value` (a first part of the result) to the GUI thread's `on_partial`."""
        self._emit(self.bridge.partial, value)

    def progress(self, done: int, expected: int = 0) -> None:
        """Steps done so far, of `expected` (0: not known)."""
        self._emit(self.bridge.progress, int(done), int(expected))


class _Bridge(QObject):
    done = Signal(int)  # ticket number; emitted from the worker thread, delivered queued
    partial = Signal(int, object)  # ticket number, a first part of the result (see submit)
    progress = Signal(int, int, int)  # ticket number, steps done, steps expected (0: unknown)


class RunController(QObject):
    """Starts jobs on workers and hands the newest one's result back on the GUI thread.

    Signals: `busy_changed(bool)`, `started(str)` (what is running, for the indicator),
    `cancelled(str)` (Cancel was pressed, or a newer job replaced this one).
    """

    busy_changed = Signal(bool)
    started = Signal(str)
    cancelled = Signal(str)
    progressed = Signal(int, int)  # steps done, steps expected (0: not known) of the newest job

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._finished, Qt.QueuedConnection)
        self._bridge.partial.connect(self._partial, Qt.QueuedConnection)
        self._bridge.progress.connect(self._progress, Qt.QueuedConnection)
        self._numbers = 0
        self._current: _Ticket | None = None

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def label(self) -> str:
        return self._current.label if self._current is not None else ""

    def submit(self, label: str, job: Job, on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None = None,
               on_cancel: Callable[[], None] | None = None,
               on_partial: Callable[[Any], None] | None = None) -> int:
        """Run `job(cancel)` on a worker; `on_done(result)` or `on_error(exception)` is called on
        the GUI thread unless a newer job or Cancel came first; `on_cancel()` when the Cancel
        button stopped it. Returns the ticket number.

        With `on_partial`, the job is called as `job(cancel, report)`: `report.partial(value)`
        hands a first part of the result to `on_partial(value)` on the GUI thread (while the
        job goes on; dropped if the job is no longer the newest), and `report.progress(done,
        expected)` (steps; `expected` 0 when not known) moves the status bar's bar
        (`progressed`). The job is still running, so the busy bar and Cancel stay."""
        self._supersede()  # before starting the new one: the old one stops, freeing the CPU
        if on_partial is None:
            return self.watch(label, *start_worker(job), on_done, on_error, on_cancel)
        reporter = _Reporter(self._bridge)
        number = self.watch(label, *start_worker(lambda cancel: job(cancel, reporter)),
                            on_done, on_error, on_cancel)
        reporter.number = number
        self._current.on_partial = on_partial
        reporter.ready.set()
        return number

    def watch(self, label: str, future: Future, cancel: threading.Event,
              on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None] | None = None,
              on_cancel: Callable[[], None] | None = None) -> int:
        """Adopt a job already started with `start_worker` (the launcher's first load)."""
        self._supersede()
        self._numbers += 1
        ticket = _Ticket(self._numbers, label, cancel, on_done, on_error, on_cancel, future)
        was_busy, self._current = self.busy, ticket
        bridge, number = self._bridge, ticket.number

        def report(_future: Future) -> None:
            try:
                bridge.done.emit(number)
            except RuntimeError:  # the window went away while the job ran: nobody to tell
                pass

        if not was_busy:
            self.busy_changed.emit(True)
        self.started.emit(label)
        future.add_done_callback(report)
        return ticket.number

    def cancel(self) -> None:
        """Stop the running job (the Cancel button); the window keeps what it shows."""
        ticket = self._current
        if ticket is None:
            return
        ticket.cancel.set()
        self._current = None
        self.cancelled.emit(ticket.label)
        self.busy_changed.emit(False)
        if ticket.on_cancel is not None:
            ticket.on_cancel()

    def _partial(self, number: int, value: Any) -> None:
        ticket = self._current
        if ticket is not None and ticket.number == number and ticket.on_partial is not None:
            ticket.on_partial(value)

    def _progress(self, number: int, done: int, expected: int) -> None:
        ticket = self._current
        if ticket is not None and ticket.number == number:
            self.progressed.emit(done, expected)

    def _supersede(self) -> None:
        if self._current is not None:
            self._current.cancel.set()  # the older job stops at its next check; its result is dropped

    def _finished(self, number: int) -> None:
        ticket = self._current
        if ticket is None or ticket.number != number:
            return  # cancelled, or a newer job replaced it
        self._current = None
        try:
            error = ticket.future.exception()
            if error is None:
                ticket.on_done(ticket.future.result())
            elif not isinstance(error, Cancelled) and ticket.on_error is not None:
                ticket.on_error(error)
            elif ticket.on_error is None and not isinstance(error, Cancelled):
                raise error
        finally:
            if self._current is None:  # on_done may have started another job
                self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Cancel whatever runs (at Quit); never waits for it."""
        if self._current is not None:
            self._current.cancel.set()
            self._current = None


COMPACT_BELOW = 1200  # px: a narrower window's busy bar says only its count (RunIndicator)


class RunIndicator(QWidget):
    """The status bar's "Running… [busy bar] Cancel": shown only while a job runs."""

    def __init__(self, runs: RunController, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs = runs
        self.label = ""
        self.text = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setFixedWidth(120)
        self.bar.setAccessibleName("Running")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this run. A run already shown stays; a lesson shown from\n"
                                      "the last start closes, since it was not checked yet.")
        self.cancel_button.clicked.connect(runs.cancel)
        # no wider than it needs (the busy bar's Expanding policy made it take half of the
        # status bar's free room, which the message needs on a small screen)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runs.started.connect(self._started)
        runs.busy_changed.connect(self.setVisible)
        runs.progressed.connect(self._progressed)
        self.hide()

    def _started(self, label: str) -> None:
        self.label = label
        self.text.setText(label)
        self.setToolTip(label)
        self.bar.setRange(0, 0)  # busy until the job says how far it is

    def _progressed(self, done: int, expected: int) -> None:
        """"Re-running the what-if… 84,000 of ~200,000 steps", the bar filled as far. When no
        length is expected (0: a short run on screen says nothing of how long its re-run
        will be) or the run went past the guess (the run shown before), the busy bar and
        only what is known: "… 150,000 steps so far (at most 200,000)", the step cap. In a
        window narrower than COMPACT_BELOW px the text is the count alone ("84,000 of
        ~200,000 steps", "150,000 steps so far"), so the status bar's message keeps its
        room; the whole text is the tooltip."""
        label = self.label
        if 0 < done <= expected:
            text = short = f"{done:,} of ~{expected:,} steps"
            self.bar.setRange(0, expected)
            self.bar.setValue(done)
        else:  # not known, or the run is longer than expected: a count, the cap and the busy bar
            from app.engine.run import DEFAULT_MAX_STEPS  # loaded already: a run is going

            short = f"{done:,} steps so far"
            text = f"{short} (at most {DEFAULT_MAX_STEPS:,})"
            self.bar.setRange(0, 0)
        whole = f"{label} {text}"
        window = self.window()
        self.text.setText(short if window is not None and window.width() < COMPACT_BELOW else whole)
        self.setToolTip(whole)


# ---------------------------------------------------------------------------- releasing runs
RELEASE_CHUNK = 2_000  # steps freed per GIL hold: a few ms, so the GUI thread keeps its turn
RELEASE_WAIT_S = 30.0  # how long a buried run may still be in use elsewhere
_graves: list = []
_graves_lock = threading.Lock()
_graves_ready = threading.Event()
# The release thread keeps the cycle finder paused (it was on when the thread started): an
# automatic collection runs on the thread whose allocation passes the threshold, and on the
# release thread it could destroy Qt objects. The GUI thread resumes it (_GuiCollector).
_gc_paused = [False]


class _GuiCollector(QObject):
    """Runs the collection a release asks for on the GUI thread: a collection finds the
    window's own garbage too (closed panels, charts, dialogs in reference cycles), and Qt
    objects must be destroyed on the thread that owns them (a collection on the release
    thread crashed the test suite in pyqtgraph's items, Fatal Python error: Segmentation
    fault). Made on the GUI thread by `release_later`; its signal, emitted from the release
    thread, is queued to the GUI thread."""

    collect = Signal()
    released = Signal()  # the release thread is done

    def __init__(self) -> None:
        super().__init__()
        self.collect.connect(self._give_back, Qt.QueuedConnection)
        self.released.connect(self._resume_gc, Qt.QueuedConnection)

    @staticmethod
    def _give_back() -> None:
        from app.engine.memory import give_back_memory

        give_back_memory()

    @staticmethod
    def _resume_gc() -> None:
        with _graves_lock:  # the release thread is done: the cycle finder runs again
            if _gc_paused[0] and not _graves_ready.is_set():
                _gc_paused[0] = False
                gc.enable()


_collector: list[_GuiCollector] = []


def release_later(*traces) -> None:
    """Free discarded traces on a helper thread, a chunk of steps at a time.

    Dropping the last reference to a 200,000-step trace frees millions of objects in one C
    call holding the GIL (1-2.5 s of frozen window at Reset, bench/bench_gui_stall.py). Buried
    here, a trace is kept until nobody else refers to it, then its lists are emptied in
    chunks (never while anyone else could see it), and the C library is asked to give the
    freed memory back to the system. A trace still in use after RELEASE_WAIT_S is simply let go.
    """
    with _graves_lock:
        _graves.extend(t for t in traces if t is not None and len(getattr(t, "steps", ())) > RELEASE_CHUNK)
        if not _graves:
            return
        if not _collector:
            _collector.append(_GuiCollector())  # here, on the GUI thread that calls release_later
        if not _graves_ready.is_set():
            _graves_ready.set()
            if gc.isenabled():  # paused before the thread allocates anything (see _gc_paused)
                gc.disable()
                _gc_paused[0] = True
            threading.Thread(target=_release_loop, name="lambdascope-release", daemon=True).start()


def _release_loop() -> None:
    import sys
    import time

    waited: dict[int, float] = {}
    while True:
        with _graves_lock:
            if not _graves:
                _graves_ready.clear()
                if _gc_paused[0]:  # the GUI thread resumes the cycle finder
                    _collector[0].released.emit()
                return
            trace = _graves.pop(0)
        # trace here + getrefcount's argument + any other graves holding the same trace
        alone = sys.getrefcount(trace) <= 2
        if not alone and time.monotonic() - waited.setdefault(id(trace), time.monotonic()) < RELEASE_WAIT_S:
            with _graves_lock:
                _graves.append(trace)
            del trace
            time.sleep(0.05)
            continue
        waited.pop(id(trace), None)
        if alone:
            for name in ("steps", "_deltas", "_snapshots"):
                items = getattr(trace, name, None)
                # the attribute, `items` and getrefcount's argument: nobody else holds the list
                while isinstance(items, list) and items and sys.getrefcount(items) <= 3:
                    del items[-RELEASE_CHUNK:]
                    time.sleep(0)  # let the GUI thread take the GIL between chunks
        del trace
        # The collection and the heap trim on the GUI thread (_GuiCollector: a collection may
        # destroy Qt objects). `app.engine.memory` is imported there, at that first use.
        _collector[0].collect.emit()
