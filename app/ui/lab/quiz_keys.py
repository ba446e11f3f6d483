"""The forward keys while the quiz is on (app.ui.lab.quiz.QuizBar).

The quiz turns the player's forward actions off (Right, End, Play, the clicker's PgDown), so
their keys reach the window, where the quiz bar's event filter hands them here. A presenter's
clicker sends PgDown (some send Right) and has neither 1–4 nor N, so before an answer PgDown and
Right show the answer (the class answered aloud; not scored) and reveal the step, and after one
they go on to the next question as Next (N) does. End only says how to go on (it would skip the
questions to come), and a held key (auto-repeat) never shows an answer or skips a question.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from app.ui.text_fit import full_text

# Space stays a button's key, for the keyboard user
FORWARD_KEYS = (Qt.Key_Right, Qt.Key_End, Qt.Key_PageDown)
NEXT_KEYS = (Qt.Key_Right, Qt.Key_PageDown)  # after an answer: the next question
PICK_HINT = "Pick an answer (keys 1–4), or press PgDown (a clicker's next) to show it."
NEXT_HINT = "Press N (or PgDown) for the next question."


def forward_key(bar, event) -> bool:
    """Handle a key press that reached the window while the quiz `bar` is on. In: the
    QuizBar and a QEvent. Out: True when it was a forward key (taken: the next question or a
    hint), False for any other event."""
    if (event.type() != QEvent.KeyPress or event.key() not in FORWARD_KEYS
            or event.modifiers() != Qt.NoModifier):
        return False
    if event.key() in NEXT_KEYS and not event.isAutoRepeat() and bar.next_action.isEnabled():
        bar.next()
    elif (event.key() in NEXT_KEYS and not event.isAutoRepeat() and bar.question is not None
          and bar.picked is None):
        bar.show_answer()  # a clicker has no 1–4: the class answered aloud
    else:
        hint(bar)
    return True


def hint(bar) -> None:
    """Say in the quiz bar how to go on (the status bar is hidden in presentation mode);
    nothing moves: pick an answer, or press N, said once."""
    if not bar.active:
        return
    text = full_text(bar.feedback)  # the whole explanation, though the bar may show it cut
    if bar.question is not None and bar.picked is None:
        bar.feedback.setText(PICK_HINT)
    elif bar.next_action.isEnabled() and not text.endswith(NEXT_HINT):
        end = "" if not text or text.endswith((".", "!", "?", ")", "”")) else "."
        bar.feedback.setText(f"{text}{end} {NEXT_HINT}".strip())
    bar._fit_texts()
