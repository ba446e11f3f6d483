"""Presentation mode for a projector: full screen, the diagram and a large caption, nothing else.

F5 enters, Esc leaves. A presenter's clicker sends PageDown/PageUp (some send Right/Left or
Space), so those all step while presenting; none of them ever scrolls or pans the diagram, even
when the quiz has the forward ones off (CanvasView.block_key_scroll, set by the main window).
Everything hidden on entry is restored on exit.

The docks are hidden and shown again, never saved and restored with QMainWindow.saveState /
restoreState: restoring a state over docks that are tabified, then floated or hidden, left the
window with a tab bar whose tabs no longer matched its docks, and dragging such a tab crashed
Qt in QTabBar::moveTab (issue 9, item 1). While presenting, the docks' own toggles (View menu,
Ctrl+W, …) are off and the docks are locked (app.ui.dock_locks), so no panel opens in front of
the class.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from app.ui.canvas.label_sizes import floors_for
from app.ui.canvas.overlay_room import wide_strip
from app.ui.dock_locks import dock_locks
from app.ui.narration import caption_point_size

DIAGRAM_SHARE = 0.45  # of the page's height the diagram keeps at least, whatever the caption needs
QUIZ_DIAGRAM_SHARE = 0.3  # ... with the quiz shown (its answers and explanation need room too)
CAPTION_SHARE = 0.45  # of the page's height the caption may take at most
READABLE_SHARE = 0.85  # of the caption's size: the run's longest narration gets room at this size
SAMPLED = 400  # steps of a run whose texts size the caption (evenly spread over a longer run)


class PresentationMode(QObject):
    """Hides every dock, the menus and the player bar, enlarges the narration, goes full screen."""

    changed = Signal(bool)

    def __init__(self, window: QMainWindow, narration, hide: list[QWidget], playback):
        super().__init__(window)
        self.window = window
        self.narration = narration
        self.hide_widgets = hide
        self.playback = playback
        self.active = False
        self._restore: dict = {}
        self.enter_action = self._action("Presentation mode", "F5", self.toggle, enabled=True)
        self.exit_action = self._action("Leave presentation mode", "Esc", self.exit)
        self.next_action = self._action("Next step (clicker)", "PgDown", playback.step_forward)
        self.previous_action = self._action("Previous step (clicker)", "PgUp", playback.step_back)
        self._fit_pending = False
        self._watched: set[int] = set()
        playback.trace_listeners.append(self._schedule_fit)  # another diagram, another shape

    def _action(self, text: str, key: str, slot, enabled: bool = False) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(f"{text} ({key})")
        action.setEnabled(enabled)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def toggle(self) -> None:
        self.exit() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        w = self.window
        docks = self._docks()
        self._restore = {
            "full_screen": w.isFullScreen(),
            "maximized": w.isMaximized(),
            "menu": w.menuBar().isVisible(),
            "status": w.statusBar().isVisible(),
            "visible": [x for x in self._to_hide() if x not in docks and x.isVisible()],
            "in_front": [d for d in docks if d.isVisible() and _in_front(d)],
        }
        for widget in self._restore["visible"]:
            widget.hide()
        locks = dock_locks(w)
        for dock in docks:
            locks.lock(dock, "presentation")
        w.menuBar().hide()
        w.statusBar().hide()
        screen = w.screen()
        height = screen.geometry().height() if screen is not None else 1080
        points = caption_point_size(height)
        self.narration.set_caption_mode(True, points)
        canvas = getattr(w, "canvas", None)
        if hasattr(canvas, "set_label_floors"):  # labels read from the back row (label_sizes)
            canvas.set_label_floors(floors_for(points * 96 / 72))
        self._set_active(True)
        w.showFullScreen()
        self._watch(w)
        self._schedule_fit()

    # ---- the caption's room
    def _watch(self, widget) -> None:
        if widget is not None and id(widget) not in self._watched:
            self._watched.add(id(widget))
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if self.active and event.type() in (QEvent.Resize, QEvent.Show, QEvent.Hide):
            self._schedule_fit()
        return False

    def _schedule_fit(self) -> None:
        if self.active and not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self.fit_caption)

    def fit_caption(self) -> None:
        """Share the page's height between the diagram, the quiz (its own height) and the
        caption, once (never at a step: the caption's height is the same at every step). Runs
        on entering, on a resize, on a new run and when the quiz shows or hides.

        The caption gets what the run's longest narration needs at READABLE_SHARE of the
        caption's size (a sample of its steps, `_run_texts`), at most CAPTION_SHARE of the page;
        the diagram keeps at least DIAGRAM_SHARE of it (QUIZ_DIAGRAM_SHARE with the quiz, whose
        answers and explanation also need the room: at 1024x600 the narration shrank to 10 px
        and its end was cut). What the caption does not need goes to the diagram: before, a
        short caption left an empty band under it while the diagram kept the top 55 %.
        A diagram that needs less (fitted to the width) still gets its floor (it sits centred)."""
        self._fit_pending = False
        if not self.active:
            return
        w = self.window
        page = getattr(w, "scenario_page", None)
        if page is None or page.height() < 100:
            return
        lab = getattr(w, "lab", None)
        quiz = getattr(lab, "quiz", None)
        self._watch(quiz)
        self._watch(getattr(lab, "banner", None))  # its strip is added to the diagram
        quiz_h = quiz.sizeHint().height() if quiz is not None and quiz.isVisible() else 0
        height = page.height()
        floor = (QUIZ_DIAGRAM_SHARE if quiz_h else DIAGRAM_SHARE) * height
        canvas = getattr(w, "canvas", None)
        if canvas is not None:  # the what-if banner's strip comes on top of the floor: at
            floor += wide_strip(canvas)  # 1024x600 under the quiz it left the picture 0.22x
        want = self.narration.caption_need(self._run_texts(), READABLE_SHARE)
        room = min(want, CAPTION_SHARE * height, height - quiz_h - floor)
        self.narration.set_caption_room(int(max(self.narration.caption_minimum(), room)))

    def _run_texts(self) -> list[tuple[str, str]]:
        """(narration, not-simulated note) of up to SAMPLED steps of the run shown, evenly
        spread (the longest of a big run's texts are its few kinds of step, repeated)."""
        trace = self.playback.trace
        key = (id(trace), len(trace))
        if getattr(self, "_texts_for", (None,))[0] != key:
            from app.ui.narration import narration_text, without_sources

            count = len(trace)
            picked = range(count) if count <= SAMPLED else \
                sorted({round(i * (count - 1) / (SAMPLED - 1)) for i in range(SAMPLED)})
            texts = []
            for index in picked:
                step = trace[index]
                note = f"⚑ Not simulated: {without_sources(step.caveat)}" if step.caveat else ""
                texts.append((narration_text(step), note))
            self._texts_for = (key, texts)
        return self._texts_for[1]

    def exit(self) -> None:
        if not self.active:
            return
        w = self.window
        r = self._restore
        self.narration.set_caption_mode(False)
        canvas = getattr(w, "canvas", None)
        if hasattr(canvas, "set_label_floors"):
            canvas.set_label_floors(None)
        w.menuBar().setVisible(r["menu"])
        w.statusBar().setVisible(r["status"])
        for widget in r["visible"]:
            widget.show()
        locks = dock_locks(w)
        for dock in self._docks():
            locks.unlock(dock, "presentation")
        for dock in r["in_front"]:  # the tab that was in front of its group is in front again
            if dock.isVisible():
                dock.raise_()
        if not r["full_screen"]:
            w.showMaximized() if r["maximized"] else w.showNormal()
        self._set_active(False)

    def _docks(self) -> list[QDockWidget]:
        """Every dock of the window, including ones added later (the lab's)."""
        return [d for d in self.window.findChildren(QDockWidget) if d.parent() is self.window]

    def _to_hide(self) -> list[QWidget]:
        """The given widgets plus every dock of the window."""
        return list(dict.fromkeys([*self.hide_widgets, *self._docks()]))

    def _set_active(self, on: bool) -> None:
        self.active = on
        self.exit_action.setEnabled(on)
        self.next_action.setEnabled(on)
        self.previous_action.setEnabled(on)
        self.changed.emit(on)


def _in_front(dock: QDockWidget) -> bool:
    """Not a tab hidden behind another dock of its group (Qt keeps those 'visible', off-screen)."""
    return dock.isFloating() or not dock.visibleRegion().isEmpty()
