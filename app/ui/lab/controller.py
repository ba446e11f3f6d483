"""The window's side of the lab: one `LabSession` per open document, re-runs, and where they land.

The panel, the comparison view and the quiz only talk to this object. Every re-run goes to a
worker through the window's RunController (app.ui.run_controller: the one path open, reload and
what-if share), from the first flip on, whatever the previous run cost: a flip can turn a
20 ms run into one that reaches the step cap. The values the user flipped are kept here
(`_wanted`), so a newer flip, which cancels the run still going, carries every earlier flip
with it. A re-run replaces the player's trace (keeping the step where the two runs agree, else
jumping to the first difference, app.lab.compare.keep_position) and redraws the diagram only
when the edit changed the graph (the write-back switch adds an arrow). The step marked ◆ is
`Rerun.first_changed`, the same number the comparison and the status line show.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject, QPoint, QRect, Signal
from PySide6.QtWidgets import QToolTip

from app.lab.edit_errors import EditError
from app.ui.lab.rerun_line import RerunLine
from app.ui.run_controller import release_later, start_worker
from app.ui.status_fit import full_message, show_fitted

# Imported when first used (a re-run, a preview, a long run's warming), not with the lab: a
# warm start installs the lab on the cached picture before anything runs (0018, third pass).
# app.lab.compare: keep_position, warm; app.ui.lab.preview_state: PreviewShown, ShownBefore,
# describe_preview, keep_position_after; app.ui.lab.rerun_job: Drawn, Prepared, drawn_of, prepare.

WARM_AFTER = 20_000  # steps: a longer unmodified run has its comparison facts worked out at open


class LabController(QObject):
    session_changed = Signal()  # a new document: new switches
    rerun_applied = Signal(object)  # Rerun, after the player shows it
    failed = Signal(str, str)  # switch id, why the edit was refused
    busy_changed = Signal(bool)
    settled = Signal()  # the newest flip was shown, refused or cancelled
    preview_shown = Signal(object)  # app.lab.session.Preview: a re-run's first steps, still running
    preview_note = Signal(str)  # the status line while a preview shows (a step asked for past it)
    # (said, now): a re-run's line named the player's step and the reader moved on; the line
    # without it replaces the one said wherever it still shows (status bar, What if… panel)
    described_again = Signal(str, str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.playback = window.playback
        self.session: LabSession | None = None
        self.document = None
        self.scenario = None  # the scenario the player shows now (edited or not)
        self.last_rerun = None
        self.changed_index: int | None = None  # the step marked "changed" in the timeline
        self.running = False
        self._wanted: dict[str, Any] = {}  # switch values asked for, applied or on their way
        self.shown_preview: PreviewShown | None = None  # a re-run's first steps, on screen
        self._landing = None  # while the whole run replaces its preview: the preview's trace
        self._placing = False  # the controller itself moves the player (not the reader)
        self._warming = None  # the cancel event of the open file's warming (compare.warm)
        self._line = RerunLine()  # the last re-run line, taken back when the reader moves on
        window.document_changed.connect(self.open_document)
        if hasattr(window, "document_closed"):
            window.document_closed.connect(self.close_document)
        self.playback.index_listeners.append(self._player_moved)  # after the player's own refresh
        self.playback.playing_listeners.append(self._keep_going_enabled)
        self.playback.past_end_listeners.append(self._asked_past)
        self.playback.more_coming = self._more_coming  # Play at a preview's end asks past it
        if window.document is not None:
            self.open_document(window.document)

    # ---- documents
    def open_document(self, document) -> None:
        """A newly opened (or reloaded) file: its unmodified run is the document's own trace.
        The previous file's runs are released off the GUI thread (release_later)."""
        old = self.session
        discarded = [getattr(self.last_rerun, "trace", None)]
        if old is not None:
            discarded += [old.original_trace, old.trace]
        self.document = document
        self.scenario = document.scenario
        self._line.forget()
        # A cached picture (app.ui.start_cache) has no scenario model to edit: its switches come
        # with the real load, which confirms it (the same run; 0018-start-up, third pass).
        self.session = None if getattr(document, "cached", False) else _session(document)
        self.last_rerun = None
        self.changed_index = None
        self._wanted = {}
        if self.shown_preview is not None:
            discarded.append(self.shown_preview.before.trace)
        self.shown_preview = None
        self._set_running(False)  # a re-run of the previous file is dropped (a new session)
        self.session_changed.emit()
        if self._warming is not None:  # nobody compares the previous file's run any more
            self._warming.set()
            self._warming = None
        if len(document.trace) > WARM_AFTER:  # off the GUI thread, not shown as busy
            from app.lab.compare import warm

            _future, self._warming = start_worker(
                lambda cancel, trace=document.trace: warm(trace, cancel))
        del old
        release_later(*[t for t in discarded if t is not None and t is not document.trace])

    def close_document(self) -> None:
        """The window let go of its document (a cached picture the real load did not confirm):
        no switches, no run to compare."""
        self.document = self.scenario = self.session = self.last_rerun = None
        self.changed_index = None
        self._wanted = {}
        self.session_changed.emit()

    @property
    def landing_preview(self):
        """While the player swaps a run for the same run arriving whole, the trace it replaces:
        a re-run's first steps (the preview), or a cached picture the real load confirms
        (MainWindow.confirming). The quiz keeps its score and question across such a swap."""
        if self._landing is not None:
            return self._landing
        confirming = getattr(self.window, "confirming", None)
        return confirming.trace if confirming is not None else None

    @landing_preview.setter
    def landing_preview(self, trace) -> None:
        self._landing = trace

    @property
    def preview(self):
        """The app.lab.session.Preview the player shows while its re-run goes on, or None."""
        return self.shown_preview.preview if self.shown_preview is not None else None

    @property
    def comparison(self):
        return self.last_rerun.comparison if self.last_rerun is not None else None

    @property
    def edited(self) -> bool:
        return bool(self.session is not None and self.session.values)

    # ---- switches
    def set_value(self, switch_id: str, value: Any) -> None:
        """Flip one switch: re-run on a worker; the window shows the newest result."""
        if self.session is not None:
            self._submit(self.session.values_with(switch_id, value, self._wanted), switch_id)

    def reset(self) -> None:
        if self.session is not None:
            self._submit({}, "")

    def _submit(self, values: dict[str, Any], switch_id: str) -> None:
        if self.shown_preview is not None:
            # a newer flip while a preview shows: its steps are not what the switches now say,
            # so the player goes back to the whole run before it (at the reader's place) and
            # the new flip is previewed, and its progress estimated, from that run's length
            self._leave_preview(keep_place=True)
            show_fitted(self.window, "Until the new re-run's first steps are in, the player "
                        "shows the run before it.", 8000)
        from app.ui.lab.rerun_job import prepare

        session, runs, shown = self.session, self.window.runs, self.playback.trace
        self._wanted = values
        self._set_running(True)
        panel = getattr(self.window, "metrics_panel", None)
        metrics = panel is not None and panel.seen()  # its series then come from the worker
        runs.submit("Re-running the what-if…",
                    lambda cancel, report: prepare(session, values, shown, cancel, report, metrics),
                    lambda prepared: self._finished(session, prepared),
                    lambda error: self._refused(session, switch_id, error),
                    on_cancel=lambda: self._cancelled(session),
                    on_partial=lambda part: self._show_preview(session, shown, *part))

    def _show_preview(self, session, shown, preview, first_vs_shown: int | None,
                      drawn: tuple) -> None:
        """A long re-run's first steps, while the engine goes on: shown in the player, the ◆ on
        a difference only if one of these steps differs, no comparison yet (the compare view
        and the status say it is still running). `first_vs_shown`: the worker's
        first_difference(shown, preview.trace); `drawn`: the edited scenario's (graph, layout)."""
        if session is not self.session or self.playback.trace is not shown:
            return  # another file, or the player moved to another run meanwhile
        from app.ui.lab.preview_state import PreviewShown, ShownBefore, keep_position_after
        from app.ui.lab.rerun_job import Drawn

        playback = self.playback
        before = ShownBefore(shown, playback.index, self.changed_index, self.last_rerun,
                             self.scenario)
        index, _ = keep_position_after(first_vs_shown, preview.trace, before.index)
        self.changed_index = preview.first_changed
        self.last_rerun = None  # no comparison claimed before the whole run is seen
        self._show_scenario(preview.scenario, Drawn(*drawn))
        self.shown_preview = state = PreviewShown(preview, before, before.index, index,
                                                  first_vs_shown=first_vs_shown)
        self._placing = True
        try:
            playback.set_trace(preview.trace, index)
        finally:
            self._placing = False
        state.placed_at = playback.index
        self._say_preview()  # kept while the rest runs: the whole run's own message replaces it
        self.preview_shown.emit(preview)

    # ---- a step past the preview
    def preview_text(self) -> str:
        """The status line while a preview shows ('' when none does)."""
        state = self.shown_preview
        if state is None:
            return ""
        from app.ui.lab.preview_state import describe_preview

        moved = state.wanted is None and state.moved(self.playback.index)
        return describe_preview(state.preview, None if moved else state.waiting_for(),
                                state.play_on)

    def _say_preview(self) -> None:
        text = self.preview_text()
        show_fitted(self.window, text, 0)  # no timeout: it holds until the run lands
        self.preview_note.emit(text)

    def _asked_past(self, how: str) -> None:
        """Right, End or playing at the last step shown (app.playback.past_end_listeners): during
        a preview that step is not the run's last, so it is asked for, said, and gone to when
        the whole run lands; otherwise nothing (a whole run's end is its end)."""
        state = self.shown_preview
        if state is None or self.playback.trace is not state.trace:
            return
        state.ask_past(how, self.playback.index)
        self._say_preview()
        if getattr(getattr(self.window, "presentation", None), "active", False):
            narration = self.window.narration  # the status bar and the panel are hidden then
            QToolTip.showText(narration.mapToGlobal(QPoint(narration.width() // 4, 0)),
                              self.preview_text(), narration, QRect(), 8000)

    def _more_coming(self) -> bool:
        """Whether the player shows a preview, whose whole run goes on past its last step."""
        return self.shown_preview is not None and self.playback.trace is self.shown_preview.trace

    def _player_moved(self) -> None:
        """The reader moved in the preview: a step asked for past it no longer stands. The
        reader moved off the step a re-run's line named: that line no longer names it."""
        self._unsay_position()
        state = self.shown_preview
        if state is not None and not self._placing and self.playback.trace is state.trace:
            said = state.wanted is not None or state.waiting_for() is not None
            if state.wanted is not None and self.playback.index != state.steps - 1:
                state.forget_wish()
            if said and self.preview_text() != full_message(self.window.statusBar()):
                self._say_preview()
        self._keep_going_enabled()

    def _keep_going_enabled(self) -> None:
        """At a preview's last step the player's Step forward and Last step stay on (the player
        turns them off at a run's end): pressed, they ask for a step that is not in yet. The
        quiz, which turns them off itself, runs after this and wins."""
        state, playback = self.shown_preview, self.playback
        actions = getattr(self.window, "playback_actions", None)
        if (state is not None and actions is not None and playback.trace is state.trace
                and playback.at_end and not playback.playing):
            actions.forward.setEnabled(True)
            actions.last.setEnabled(True)

    def _finished(self, session, prepared: Prepared) -> None:
        if session is not self.session:
            return  # another file was opened meanwhile
        discarded = [self.playback.trace, getattr(self.last_rerun, "trace", None)]
        if self.shown_preview is not None:
            before = self.shown_preview.before
            discarded += [before.trace, getattr(before.rerun, "trace", None)]
        session.commit(prepared.rerun)
        self._set_running(False)
        self._apply(prepared.rerun, prepared)
        self.settled.emit()
        keep = (session.original_trace, session.trace)
        release_later(*[t for t in discarded if t is not None and all(t is not k for k in keep)])

    def _leave_preview(self, keep_place: bool = False) -> None:
        """Back to what the player showed before a preview (a cancelled or refused re-run, or
        a newer flip). `keep_place`: a step the reader moved to in the preview stays (the
        newer flip's whole run is placed from there)."""
        state, self.shown_preview = self.shown_preview, None
        if state is None:
            return
        before, playback, index = state.before, self.playback, state.before.index
        self.window.statusBar().clearMessage()  # "Showing the re-run's first steps…" no more
        if keep_place and playback.trace is state.trace:
            index = playback.index if state.moved(playback.index) else state.asked_at
            index = max(0, min(index, len(before.trace) - 1))
        self.changed_index, self.last_rerun = before.changed_index, before.rerun
        self._show_scenario(before.scenario)
        playback.set_trace(before.trace, index)
        if keep_place:
            self.preview_shown.emit(None)  # the panel and the comparison: the run before, re-running
        elif before.rerun is not None:
            self.rerun_applied.emit(before.rerun)
        else:
            self.preview_shown.emit(None)
        release_later(state.trace)

    def _refused(self, session, switch_id: str, error: BaseException) -> None:
        if session is not self.session:
            return
        self._wanted = dict(session.values)
        self._leave_preview()
        self._set_running(False)
        if not isinstance(error, EditError):
            raise error
        self.failed.emit(switch_id, str(error))
        self.settled.emit()

    def _cancelled(self, session) -> None:
        if session is not self.session:
            return
        self._wanted = dict(session.values)  # the switches go back to what the player shows
        self._leave_preview()
        self._set_running(False)
        self.window.statusBar().showMessage("Re-run cancelled: the player still shows the run "
                                            "before it.", 8000)
        self.failed.emit("", "the re-run was cancelled; the switches are as before.")
        self.settled.emit()

    def _set_running(self, running: bool) -> None:
        if running != self.running:
            self.running = running
            self.busy_changed.emit(running)

    # ---- showing a re-run
    def _apply(self, rerun, prepared: Prepared | None = None) -> None:
        from app.lab.compare import keep_position
        from app.ui.lab.preview_state import keep_position_after

        reset = not rerun.edits
        state, self.shown_preview = self.shown_preview, None
        on_preview = state is not None and self.playback.trace is state.trace
        asked = state.landing_index(len(rerun.trace)) if on_preview else None
        if asked is not None:  # a step past the preview asked for: the reader goes there now
            new_index = asked
        elif (on_preview and prepared is not None and prepared.shown is state.before.trace
                and not state.moved(self.playback.index)):
            # the reader did not move in the preview: place as if the whole run came at once
            new_index, _ = keep_position_after(prepared.first_vs_shown, rerun.trace,
                                               state.asked_at)
        elif prepared is not None and prepared.shown is self.playback.trace:
            new_index, _ = keep_position_after(prepared.first_vs_shown, rerun.trace,
                                               self.playback.index)
        else:
            new_index, _ = keep_position(self.playback.trace, rerun.trace, self.playback.index)
        self.changed_index = rerun.first_changed  # one truth: against the unmodified run
        # kept for the comparison; without the trace shown before it, which it would keep alive
        self.last_rerun = None if reset else dataclasses.replace(rerun, previous=None)
        self._show_scenario(rerun.scenario, prepared)
        # the quiz keeps its score when the whole run replaces its own first steps
        self.landing_preview = state.trace if on_preview else None
        try:
            self.playback.set_trace(rerun.trace, new_index)
        finally:
            self.landing_preview = None
        self.rerun_applied.emit(rerun)
        self.window.statusBar().showMessage(self.describe(rerun), 8000)
        if asked is not None and state.play_on:
            self.playback.play()  # it was playing into the preview's end: it plays on

    def describe(self, rerun) -> str:
        """The status line of a re-run, with where the player really is (panel and status bar);
        once the reader moves off that step, `described_again` gives the line without it."""
        return self._line.say(rerun, self.playback.index)

    def _unsay_position(self) -> None:
        """The player left the step the last re-run line named ("The player is at step 1" while
        the window showed step 18, teacher's report item 4): the status bar, if it still says
        that line, and the panel (`described_again`) say it without the player's step."""
        said = None if self._placing else self._line.moved(self.playback.index)
        if said is None:
            return
        text, now = said
        bar = self.window.statusBar()
        if bar.currentMessage() == text:
            bar.showMessage(now, 8000)
        self.described_again.emit(text, now)

    def _show_scenario(self, scenario, prepared: Prepared | Drawn | None = None) -> None:
        """Redraw the diagram only when the edit changed what is drawn; keep the user's layout."""
        from app.graph import build_graph, layout
        from app.ui.lab.rerun_job import drawn_of

        previous, self.scenario = self.scenario, scenario
        canvas = self.window.canvas
        if previous is scenario:
            return
        if hasattr(self.window, "inspector"):
            self.window.inspector.set_scenario(scenario)
        if canvas.graph is None:
            return
        if prepared is not None and prepared.graph is not None:
            graph, positions = prepared.graph, dict(prepared.positions)
        else:
            graph, positions = build_graph(scenario), None
        if drawn_of(graph) == drawn_of(canvas.graph):
            return
        positions = positions if positions is not None else layout(graph, scenario)
        positions.update({n: p for n, p in canvas.node_positions().items() if n in positions})
        canvas.set_scenario(scenario, graph, positions)

    def shutdown(self) -> None:
        """Nothing to wait for: re-runs are the window's RunController's (daemon threads); a
        warming still going is told to stop."""
        if self._warming is not None:
            self._warming.set()
        self._set_running(False)


def _session(document):
    """The lab session of a loaded document (imported here: app.lab.session brings the engine,
    pydantic and the scenario models, which a cached start installs the lab without)."""
    from app.lab.session import LabSession

    return LabSession(document.scenario, trace=document.trace)
