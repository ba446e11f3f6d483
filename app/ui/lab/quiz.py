"""Predict the next step: before a step is shown, the class picks what happens next.

The questions and the score are app.lab.quiz's (built from the trace and the graph); this bar
shows one under the diagram, so it stays on screen in presentation mode. While the quiz is on,
the forward controls (Right, End, Play, the clicker's PgDown) are off: the way forward is to
pick an answer (keys 1–4), which reveals the step with a ✔ or ✘ and a one-line explanation,
or, with a clicker, PgDown (or Right), which shows the answer unscored (the class answered
aloud), then "Next question" (N, or the clicker's PgDown and Right: app.ui.lab.quiz_keys). A forward key pressed
before the answer (or End after it) only says so in the bar (FORWARD_KEYS). Stepping back still works, and the next question is then about the
step after the one shown. The timeline and the comparison list the steps to come, so they are
locked shut while the quiz is on (View → Timeline included; they come back as they were when it
is turned off), and the scrubber goes back but not past the step shown (issue 9, item 7).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout)

from app.lab import Quiz
from app.ui.dock_locks import dock_locks
from app.ui.lab.choice_button import ChoiceButton
from app.ui.lab.quiz_keys import NEXT_HINT, forward_key  # noqa: F401 (NEXT_HINT: tests read it here)
from app.ui.lab.quiz_fit import PROMPT_POINT_SIZE, QuizFit

MAX_CHOICES = 4
RIGHT, WRONG = "✔", "✘"


class QuizBar(QuizFit, QFrame):
    def __init__(self, window, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("quizBar")
        self.setFrameShape(QFrame.StyledPanel)
        self.window = window
        self.playback = window.playback
        self.controller = controller
        self.active = False
        self.quiz: Quiz | None = None
        self.question = None
        self.picked: int | None = None
        self._revealing = False
        self._carried_from = lambda: None  # weakly, the preview the score carried on from
        self._build()
        self._make_actions()
        self.playback.trace_listeners.append(self._new_run)  # before the question is checked
        for listeners in (self.playback.index_listeners, self.playback.trace_listeners,
                          self.playback.playing_listeners):
            listeners.append(self._playback_changed)
        controller.session_changed.connect(self._document_opened)
        window.presentation.changed.connect(lambda _on: self._lock_forward())
        window.presentation.changed.connect(self._scale_for_room)
        if hasattr(window, "menus"):  # a theme change redraws the player's icons and re-enables them
            window.menus.theme_group.triggered.connect(lambda _action: self._lock_forward())
        self.hide()

    # ---- construction
    def _build(self) -> None:
        self.prompt = QLabel()
        self.prompt.setObjectName("quizPrompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.PlainText)
        font = self.prompt.font()
        font.setPointSize(PROMPT_POINT_SIZE)
        font.setBold(True)
        self.prompt.setFont(font)
        self.score_label = QLabel()
        self.score_label.setObjectName("quizScore")
        self.score_label.setAccessibleName("Score")
        top = QHBoxLayout()
        top.addWidget(self.prompt, 1)
        top.addWidget(self.score_label)
        self.buttons: list[QPushButton] = []
        grid = QGridLayout()
        for i in range(MAX_CHOICES):
            button = ChoiceButton()  # wrapped, left-aligned: the number always shows
            button.setObjectName("quizChoice")
            # a long choice at caption size must not widen the window past the screen
            button.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
            button.clicked.connect(lambda _c=False, n=i: self.pick(n))
            self.buttons.append(button)
            grid.addWidget(button, i // 2, i % 2)
        self.feedback = QLabel()
        self.feedback.setObjectName("quizFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.PlainText)
        self.feedback.setAlignment(Qt.AlignLeft | Qt.AlignTop)  # a cut text keeps its first line
        self.feedback.installEventFilter(self)
        self.next_button = QPushButton("Next question (N)")
        self.next_button.clicked.connect(self.next)
        bottom = QHBoxLayout()
        bottom.addWidget(self.feedback, 1)
        bottom.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        self._choice_pt = None
        self._size_choices(False)
        self._scale_for_room(False)

    def _make_actions(self) -> None:
        self.choice_actions = []
        for i in range(MAX_CHOICES):
            action = QAction(f"Answer {i + 1}", self.window)
            action.setShortcut(QKeySequence(str(i + 1)))
            action.setShortcutContext(Qt.WindowShortcut)
            action.triggered.connect(lambda _c=False, n=i: self.pick(n))
            action.setEnabled(False)
            self.window.addAction(action)
            self.choice_actions.append(action)
        self.next_action = QAction("Next question", self.window)
        self.next_action.setShortcut(QKeySequence("N"))
        self.next_action.setShortcutContext(Qt.WindowShortcut)
        self.next_action.triggered.connect(lambda _c=False: self.next())
        self.next_action.setEnabled(False)
        self.window.addAction(self.next_action)
        # Not a second action on the forward keys (two shortcuts on one key are ambiguous): the
        # forward actions are off, so their keys reach the window, where this filter sees them.
        self.window.installEventFilter(self)

    # ---- on / off
    def set_active(self, on: bool) -> None:
        was, self.active = self.active, bool(on)
        if self.active and not was:
            self._hide_spoilers()
        elif was and not self.active:
            for dock in self._spoiler_docks():
                dock_locks(self.window).unlock(dock, "quiz")
        canvas = self.window.canvas
        if hasattr(canvas, "block_key_scroll"):  # a held forward key must not pan the diagram
            canvas.block_key_scroll("quiz", self.active)
        if self.active:
            self.playback.pause()
            if self.quiz is None or self.quiz.trace is not self.playback.trace:
                self._new_run()
            self.show()
            self.ask()
        else:
            self.hide()
            self._set_actions(asking=False, answered=False)
            self.window.playback_actions.refresh()
            presentation = self.window.presentation
            presentation.next_action.setEnabled(presentation.active)
        self._lock_forward()

    def _spoiler_docks(self) -> list:
        """The docks that show the steps to come (timeline, runs compared, metrics)."""
        lab = getattr(self.window, "lab", None)
        docks = [self.window.timeline_dock, getattr(lab, "compare_dock", None),
                 getattr(self.window, "metrics_dock", None)]
        return [d for d in docks if d is not None]

    def _hide_spoilers(self) -> None:
        """Lock the spoilers shut: hidden, their toggles off, any other show undone."""
        for dock in self._spoiler_docks():
            dock_locks(self.window).lock(dock, "quiz")

    def _document_opened(self) -> None:
        """Another file: on as its `quiz:` says. The same file reloaded: as the teacher left it.
        The real load confirming a cached picture (the same run): nothing changes."""
        if self._landing():
            return
        document = self.controller.document
        path = getattr(document, "path", None)
        reloaded = path is not None and path == getattr(self, "_path", None)
        self._path = path
        if not reloaded:
            self.set_active(bool(getattr(document.scenario, "quiz", False)) if document else False)
        elif self.active:
            self.ask()
        if hasattr(self.window, "lab") and hasattr(self.window.lab, "quiz_action"):
            self.window.lab.quiz_action.setChecked(self.active)

    def _new_run(self) -> None:
        """A new trace (another file or a what-if re-run): a new score. The whole run of a
        re-run whose first steps were shown (the preview, app.ui.lab.controller) is the same
        run: the score, the answers and the question on screen stay; a quiz waiting at the
        preview's end asks its next question now."""
        if self._landing():
            self._carried_from = weakref.ref(self.quiz.trace)
            self.quiz.trace = self.playback.trace  # answers are per step: the same steps
            if self.active and self.question is None:
                self.ask()
            return
        self.quiz = Quiz(self.playback.trace, self.window.canvas.graph)
        if getattr(self, "_presenting", False):  # this run's answers may need another line
            self._size_choices(True)
        if self.active and not self._revealing:
            self.ask()

    def _landing(self) -> bool:
        """Whether the player is swapping the quiz's preview for its whole run just now."""
        landing = getattr(self.controller, "landing_preview", None)
        return landing is not None and self.quiz is not None and (
            self.quiz.trace is landing or self._carried_from() is landing)

    # ---- the question
    def ask(self) -> None:
        """Ask about the step after the one shown."""
        if not self.active or self.quiz is None:
            return
        self.picked = None
        index = self.playback.index + 1
        self.question = self.quiz.question(index) if index < len(self.playback) else None
        self.feedback.setText("")
        if self.question is None:
            done = index >= len(self.playback)
            self.prompt.setText(self._past_the_end(index) if done else
                                "No question for the next step: step forward with Next.")
            for button in self.buttons:
                button.hide()
            self._set_actions(asking=False, answered=not done)
            self._show_score()
            self._fit_texts()
            return
        q = self.question
        self.prompt.setText(f"Step {q.index + 1:,}: {q.prompt}")  # the prompt asks; said once
        for i, button in enumerate(self.buttons):
            button.setVisible(i < len(q.choices))
            if i < len(q.choices):
                button.setText(f"{i + 1}   {q.choices[i]}")
                button.setEnabled(True)
                self._mark(button, "")
        self._fit_texts()
        self._fit_choices()
        self._set_actions(asking=True, answered=False)
        self._show_score()

    def _past_the_end(self, index: int) -> str:
        """After the last step shown: the run's end, or, when only the first steps of a re-run
        are in (its summary says `partial`), a wait for the rest."""
        summary = getattr(self.playback.trace, "summary", None) or {}
        if summary.get("partial"):
            return (f"The re-run is still running: the question about step {index + 1:,} "
                    "comes when it is done.")
        return "End of the run."

    def pick(self, choice: int) -> None:
        """The class's answer: score it, reveal the step, say why."""
        q = self.question
        if not self.active or q is None or self.picked is not None or choice >= len(q.choices):
            return
        self.picked = choice
        right = self.quiz.answer(q, choice)
        for i, button in enumerate(self.buttons[:len(q.choices)]):
            mark = RIGHT if i == q.answer else WRONG if i == choice else " "
            verdict = "right" if i == q.answer else "wrong" if i == choice else ""
            words = {"right": "  — right", "wrong": "  — your answer"}.get(verdict, "")
            button.setText(f"{mark} {i + 1}   {q.choices[i]}{words}")
            self._mark(button, verdict)  # stays enabled-looking; a second pick is ignored
        self._fit_choices()
        verdict = f"{RIGHT} Right!" if right else f"{WRONG} Not quite: it is “{q.correct}”."
        self.feedback.setText(f"{verdict} {q.explanation}")
        self._fit_texts()
        self._reveal(q.index)
        self._set_actions(asking=False, answered=True)
        self._show_score()

    def show_answer(self) -> None:
        """The clicker's next while a question is open (app.ui.lab.quiz_keys): the class
        answered aloud, so the right answer is marked and the step revealed, unscored."""
        q = self.question
        if not self.active or q is None or self.picked is not None:
            return
        self.picked = -1  # shown, not picked: a later 1–4 is ignored, the score stays
        for i, button in enumerate(self.buttons[:len(q.choices)]):
            right = i == q.answer
            button.setText(f"{RIGHT if right else ' '} {i + 1}   {q.choices[i]}"
                           + ("  — the answer" if right else ""))
            self._mark(button, "right" if right else "")
        self._fit_choices()
        self.feedback.setText(f"{RIGHT} The answer: “{q.correct}”. {q.explanation}")
        self._fit_texts()
        self._reveal(q.index)
        self._set_actions(asking=False, answered=True)
        self._show_score()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        """A forward key that nothing took (its action is off while asking) reaches the window
        (app.ui.lab.quiz_keys: the next question after an answer, else a hint)."""
        if watched is self.window and self.active and forward_key(self, event):
            return True
        if (watched is self.feedback and event.type() == QEvent.Resize
                and event.oldSize().width() != event.size().width()):
            self._fit_texts()  # narrower once "Next question" shows beside it, after an answer
        return super().eventFilter(watched, event)

    def _mark(self, button: QPushButton, verdict: str) -> None:
        """Colour a choice by the verdict ("right": the theme's green, "wrong": its red, "": as
        the theme draws buttons); the ✔/✘ and words say it too, for colour-blind eyes."""
        button.setProperty("verdict", verdict)
        colours = getattr(self.window.canvas, "palette_colours", {})
        fill = colours.get({"right": "ok", "wrong": "danger"}.get(verdict, ""), "")
        points = button.property("fit_pt") or getattr(self, "_choice_pt", None)
        size = f"font-size: {points}pt;" if points else ""
        button.setStyleSheet(
            f"QPushButton {{ background: {fill}; color: {colours.get('surface', '#ffffff')};"
            f" font-weight: bold; border: 3px solid {colours.get('text', '#000000')};"
            f" border-radius: 6px; padding: 4px 8px; {size} }}" if fill else
            (f"QPushButton {{ {size} }}" if size else ""))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_texts()
            self._fit_choices()

    def next(self) -> None:
        """After an answer: the next question. A step without a question is simply shown."""
        if self.active and self.question is None and self.playback.index + 1 < len(self.playback):
            self._reveal(self.playback.index + 1)
        self.ask()

    def _reveal(self, index: int) -> None:
        self._revealing = True
        try:
            self.playback.seek(index)
        finally:
            self._revealing = False

    def _show_score(self) -> None:
        quiz = self.quiz
        self.score_label.setText(f"Score {quiz.score} of {quiz.asked}" if quiz else "")

    # ---- keeping the class from peeking
    def _set_actions(self, asking: bool, answered: bool) -> None:
        count = len(self.question.choices) if (asking and self.question) else 0
        for i, action in enumerate(self.choice_actions):
            action.setEnabled(self.active and i < count)
        self.next_action.setEnabled(self.active and answered)
        self.next_button.setVisible(self.active and answered)
        self.next_button.setEnabled(self.active and answered)

    def _playback_changed(self) -> None:
        if self.quiz is not None and self.quiz.trace is self.playback.trace and self._landing():
            self._lock_forward()  # the whole run under the same question: nothing to ask again
            return
        if self.active and not self._revealing and self.question is not None \
                and self.question.index != self.playback.index + 1:
            self.ask()  # the teacher moved (back, or a click in the timeline)
        self._lock_forward()

    def _lock_forward(self) -> None:
        """Runs after the player's own refresh, which re-enables the controls."""
        bar = getattr(self.window, "player_bar", None)
        if bar is not None:  # the scrubber goes back, never past the step shown
            bar.seek_limit = self.playback.index if self.active else None
        if not self.active:
            return
        actions = self.window.playback_actions
        if self.playback.playing:
            self.playback.pause()
        for action in (actions.forward, actions.last, actions.play):
            action.setEnabled(False)
        self.window.presentation.next_action.setEnabled(False)
