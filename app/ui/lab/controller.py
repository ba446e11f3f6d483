"""The window's side of the lab: one `LabSession` per open document, re-runs, and where they land.

The panel, the comparison view and the quiz only talk to this object. A re-run replaces the
player's trace (keeping the step where the two runs agree, else jumping to the first difference,
app.lab.compare.keep_position) and redraws the diagram only when the edit changed the graph
(the write-back switch adds an arrow). Re-runs of the built-ins take 1–20 ms, so they run on
the GUI thread; a scenario whose runs take longer than SYNC_BUDGET_MS re-runs on a worker
thread and only the newest request is shown.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.lab import EditError, LabSession, keep_position

SYNC_BUDGET_MS = 100.0
MS_PER_STEP_GUESS = 0.05  # before the first re-run: ~14 ms for 338 steps in bench_lab


class LabController(QObject):
    session_changed = Signal()  # a new document: new switches
    rerun_applied = Signal(object)  # Rerun, after the player shows it
    failed = Signal(str, str)  # switch id, why the edit was refused
    busy_changed = Signal(bool)
    _worker_done = Signal(int, object, object)  # request number, Rerun or None, error or None

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.playback = window.playback
        self.session: LabSession | None = None
        self.document = None
        self.scenario = None  # the scenario the player shows now (edited or not)
        self.last_rerun = None
        self.changed_index: int | None = None  # the step marked "changed" in the timeline
        self._estimate_ms = 0.0
        self._requests = 0
        self._executor: ThreadPoolExecutor | None = None
        self._worker_done.connect(self._worker_finished, Qt.QueuedConnection)
        window.document_changed.connect(self.open_document)
        if window.document is not None:
            self.open_document(window.document)

    # ---- documents
    def open_document(self, document) -> None:
        """A newly opened (or reloaded) file: its unmodified run is the document's own trace."""
        self.document = document
        self.scenario = document.scenario
        self.session = LabSession(document.scenario, trace=document.trace)
        self.last_rerun = None
        self.changed_index = None
        self._requests += 1  # results of a worker still busy with the old file are dropped
        self._estimate_ms = len(document.trace) * MS_PER_STEP_GUESS
        self.session_changed.emit()

    @property
    def comparison(self):
        return self.last_rerun.comparison if self.last_rerun is not None else None

    @property
    def edited(self) -> bool:
        return bool(self.session is not None and self.session.values)

    # ---- switches
    def set_value(self, switch_id: str, value: Any) -> None:
        """Flip one switch: re-run now, or on the worker when runs of this file are slow."""
        if self.session is not None:
            self._submit(lambda session: session.set(switch_id, value), switch_id)

    def reset(self) -> None:
        if self.session is not None:
            self._submit(lambda session: session.reset(), "")

    def _submit(self, job, switch_id: str) -> None:
        self._requests += 1
        if self._estimate_ms <= SYNC_BUDGET_MS:
            try:
                rerun = job(self.session)
            except EditError as error:
                self.failed.emit(switch_id, str(error))
                return
            self._apply(rerun)
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lambdascope-lab")
        request, session = self._requests, self.session
        self.busy_changed.emit(True)

        def work():
            try:
                self._worker_done.emit(request, job(session), None)
            except EditError as error:
                self._worker_done.emit(request, None, (switch_id, str(error)))
            except RuntimeError:  # the window (and this QObject) went away meanwhile
                pass

        self._executor.submit(work)

    def _worker_finished(self, request: int, rerun, error) -> None:
        if request != self._requests:
            return  # a newer flip is on its way; showing this one would only flicker
        self.busy_changed.emit(False)
        if error is not None:
            self.failed.emit(*error)
        elif rerun is not None:
            self._apply(rerun)

    # ---- showing a re-run
    def _apply(self, rerun) -> None:
        self._estimate_ms = rerun.elapsed_ms
        reset = not rerun.edits
        new_index, changed = keep_position(self.playback.trace, rerun.trace, self.playback.index)
        self.changed_index = None if reset else changed
        self.last_rerun = None if reset else rerun
        self._show_scenario(rerun.scenario)
        self.playback.set_trace(rerun.trace, new_index)
        self.rerun_applied.emit(rerun)
        if reset:
            message = f"Back to the unmodified run: {len(rerun.trace)} steps."
        else:
            where = f"first change at step {changed + 1}" if changed is not None else "no step changed"
            message = (f"Re-ran with {len(rerun.edits)} edit(s) in {rerun.elapsed_ms:.0f} ms: "
                       f"{len(rerun.trace)} steps, {where}.")
        self.window.statusBar().showMessage(message, 8000)

    def _show_scenario(self, scenario) -> None:
        """Redraw the diagram only when the edit changed what is drawn; keep the user's layout."""
        from app.graph import build_graph, layout

        previous, self.scenario = self.scenario, scenario
        canvas = self.window.canvas
        if previous is scenario:
            return
        if hasattr(self.window, "inspector"):
            self.window.inspector.set_scenario(scenario)
        if canvas.graph is None:
            return
        graph = build_graph(scenario)
        if _drawn(graph) == _drawn(canvas.graph):
            return
        positions = layout(graph, scenario)
        positions.update({n: p for n, p in canvas.node_positions().items() if n in positions})
        canvas.set_scenario(scenario, graph, positions)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _drawn(graph) -> tuple:
    """What the canvas draws of a graph: its nodes and typed edges."""
    return (frozenset(graph.nodes), frozenset((u, v, k) for u, v, k in graph.edges(keys=True)))
