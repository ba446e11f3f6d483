"""The clicker never moves the diagram in presentation mode (teacher report: with the quiz on,
PageDown scrolled the diagram out of view, PageUp did not bring it back, Right panned it).

Keys a clicker sends (PageUp/PageDown, the arrows, Space, Home/End) either step or do nothing
visible to the diagram: it stays fitted, quiz on or off. While the quiz is on, PgDown and Right
show the answer, then the next question; End says in the quiz bar how to go on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from window_fixtures import make_window, photo_document, settle_presentation

from app.ui.lab.quiz import NEXT_HINT

CLICKER_KEYS = (Qt.Key_PageDown, Qt.Key_PageDown, Qt.Key_Right, Qt.Key_Down, Qt.Key_Space,
                Qt.Key_End, Qt.Key_Up, Qt.Key_PageUp, Qt.Key_PageUp, Qt.Key_Left)


def _view(canvas):
    """Where the diagram is: the scene point at the viewport's centre, and the zoom."""
    centre = canvas.mapToScene(canvas.viewport().rect().center())
    return round(centre.x()), round(centre.y()), round(canvas.zoom_factor(), 4)


def _presenting(qtbot, tmp_path, quiz: bool):
    window = make_window(qtbot, tmp_path, photo_document())
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts (F5) need the active window
    if quiz:
        window.lab.quiz_action.trigger()
    qtbot.keyClick(window, Qt.Key_F5)
    settle_presentation(qtbot, window)  # before: a 50 ms wait, short of the last refit under load
    window.canvas.fit_to_window()
    window.canvas.setFocus()
    return window


@pytest.mark.parametrize("quiz", [True, False])
def test_clicker_keys_never_scroll_or_pan_the_diagram(qtbot, tmp_path, quiz):
    window = _presenting(qtbot, tmp_path, quiz)
    canvas = window.canvas
    if quiz:  # the first step revealed settles the caption under the diagram (it grows once)
        window.lab.quiz.show_answer()
        window.lab.quiz.next()
        canvas.fit_to_window()
    fitted = _view(canvas)
    for key in CLICKER_KEYS:
        qtbot.keyClick(canvas, key)  # the canvas has the focus, as after a click on it
        window.playback.pause()
        assert _view(canvas) == fitted, f"{Qt.Key(key).name} moved the diagram"
    window.playback.seek(len(window.playback) - 1)  # at the end the forward keys are off too
    for key in (Qt.Key_Right, Qt.Key_PageDown, Qt.Key_Down):
        qtbot.keyClick(canvas, key)
        assert _view(canvas) == fitted, f"{Qt.Key(key).name} moved the diagram at the end"


def test_a_forward_key_during_the_quiz_says_how_to_go_on(qtbot, tmp_path):
    """Before an answer End only says how to go on (PgDown shows the answer: see
    test_quiz_clicker_reveals); after one, End does too (it would skip the questions to come)."""
    window = _presenting(qtbot, tmp_path, quiz=True)
    bar = window.lab.quiz
    asked = bar.question
    qtbot.keyClick(window.canvas, Qt.Key_End)
    assert window.playback.index == 0 and bar.question is asked  # no step revealed
    assert "1–4" in bar.feedback.text() and "PgDown" in bar.feedback.text()
    bar.pick(asked.answer)
    qtbot.keyClick(window.canvas, Qt.Key_End)
    assert window.playback.index == asked.index
    assert bar.feedback.text().startswith("✔ Right!")  # the explanation stays
    assert bar.feedback.text().endswith(NEXT_HINT)
    qtbot.keyClick(window.canvas, Qt.Key_End)  # said once, not once per press
    assert bar.feedback.text().count(NEXT_HINT) == 1


@pytest.mark.parametrize("key", [Qt.Key_PageDown, Qt.Key_Right])
def test_after_an_answer_the_clickers_forward_key_is_the_next_question(qtbot, tmp_path, key):
    """A clicker sends PageDown (some Right) and has no N: after the class answered, the
    forward key goes on to the next question, as Next does, the way it steps the player
    when the quiz is off (before: it only said "Press N for the next question", and the
    teacher had to walk back to the keyboard). A second press shows the new question's answer
    (the class answered aloud), never skips it."""
    window = _presenting(qtbot, tmp_path, quiz=True)
    bar = window.lab.quiz
    asked = bar.question
    bar.pick(asked.answer)
    assert window.playback.index == asked.index  # the answer revealed its step
    qtbot.keyClick(window.canvas, key)
    assert bar.question is not None and bar.question is not asked
    assert bar.question.index == asked.index + 1 == window.playback.index + 1
    assert bar.picked is None and "Score 1 of 1" in bar.score_label.text()
    qtbot.keyClick(window.canvas, key)  # the new question's answer, then its step
    assert window.playback.index == asked.index + 1 and bar.question.index == asked.index + 1
    assert "— the answer" in bar.buttons[bar.question.answer].text()


def test_outside_presentation_a_held_forward_key_does_not_pan_the_diagram_either(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, photo_document())
    qtbot.waitUntil(window.isActiveWindow)
    window.lab.quiz_action.trigger()
    qtbot.wait(50)
    canvas = window.canvas
    window.lab.quiz.show_answer()  # the first step revealed settles the bar's height (once)
    window.lab.quiz.next()
    canvas.fit_to_window()
    canvas.setFocus()
    fitted = _view(canvas)
    for key in (Qt.Key_Right, Qt.Key_PageDown, Qt.Key_End):  # answer, next question, a hint
        qtbot.keyClick(canvas, key)
        assert _view(canvas) == fitted and window.playback.index <= 2
    assert window.lab.quiz.feedback.text().startswith("Pick an answer")
    window.lab.quiz_action.trigger()  # quiz off: the diagram pans by key again outside presenting
    qtbot.keyClick(canvas, Qt.Key_Down)
    assert _view(canvas) != fitted
