"""A presenter's clicker has PgDown (some send Right) and no 1–4: while a question is open its
forward key shows the answer (the class answered aloud), unscored, and reveals the step; the
next press goes on to the next question. A held key (auto-repeat) shows nothing, End still
only says how to go on, and the hint names the clicker's key (teacher's report, item 2)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from window_fixtures import make_window, photo_document

from app.ui.lab.quiz_keys import PICK_HINT


def _presenting(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, photo_document())
    qtbot.waitUntil(window.isActiveWindow)
    window.lab.quiz_action.trigger()
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.wait(50)
    window.canvas.setFocus()
    return window


@pytest.mark.parametrize("key", [Qt.Key_PageDown, Qt.Key_Right])
def test_the_clickers_forward_key_shows_the_answer_then_the_next_question(qtbot, tmp_path, key):
    window = _presenting(qtbot, tmp_path)
    bar = window.lab.quiz
    asked = bar.question
    assert asked is not None
    qtbot.keyClick(window.canvas, key)
    assert window.playback.index == asked.index  # the step is revealed
    assert asked.correct in bar.feedback.text()
    assert "— the answer" in bar.buttons[asked.answer].text()
    assert "Score 0 of 0" in bar.score_label.text()  # answered aloud: not scored
    qtbot.keyClick(window.canvas, key)
    assert bar.question is not None and bar.question.index == asked.index + 1


def test_a_held_clicker_key_shows_no_answer(qtbot, tmp_path):
    window = _presenting(qtbot, tmp_path)
    bar = window.lab.quiz
    asked = bar.question
    held = QKeyEvent(QEvent.KeyPress, Qt.Key_PageDown, Qt.NoModifier, "", True)
    QApplication.sendEvent(window, held)
    assert window.playback.index + 1 == asked.index and bar.question is asked


def test_the_hint_names_the_clickers_key():
    assert "PgDown" in PICK_HINT and "1–4" in PICK_HINT
