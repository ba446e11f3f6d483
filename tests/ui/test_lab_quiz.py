"""Predict the next step: the question before each step, the score, and the locked forward controls."""

from __future__ import annotations

from lab_fixtures import flip, lab_window
from PySide6.QtCore import Qt
from window_fixtures import SCENARIOS

from app.ui.document import build_document, load_document


def _true_step_text(question, step, graph) -> bool:
    """Does the question's correct answer describe `step`? Checked per kind of question."""
    if question.kind == "who-acts":  # named as the diagram labels the nodes
        label = {n: d.get("label", n) for n, d in graph.nodes(data=True)}
        if step.source == step.target:  # a self-step is named once
            return question.correct == f"{label[step.source]} (on its own)"
        return question.correct == f"{label[step.source]} → {label[step.target]}"
    if question.kind == "allowed":
        return question.correct.startswith("Allowed" if step.permission.decision == "allow" else "Denied")
    if question.kind == "status":
        return question.correct.startswith(str(step.status))
    return question.correct.split(",")[0] in str(step.payload)


def test_choices_hold_the_true_next_step_and_a_right_pick_scores_and_reveals(qtbot, tmp_path):
    """Through a whole run: the choices contain the real next step; the right pick scores and shows it."""
    window, lab = lab_window(qtbot, tmp_path)
    bar = lab.quiz
    lab.quiz_action.trigger()
    assert bar.active and bar.isVisible()
    trace = window.playback.trace
    for expected_score in range(1, len(trace)):
        q = bar.question
        assert q is not None and q.index == window.playback.index + 1
        assert q.correct in q.choices and _true_step_text(q, trace[q.index], window.canvas.graph)
        shown = [b.text() for b in bar.buttons if b.isVisible()]
        assert len(shown) == len(q.choices) and 3 <= len(shown) <= 4
        assert not window.playback_actions.forward.isEnabled()  # no peeking while asked
        qtbot.mouseClick(bar.buttons[q.answer], Qt.LeftButton)
        assert window.playback.index == q.index
        assert bar.quiz.score == expected_score == bar.quiz.asked
        assert bar.feedback.text().startswith("✔ Right!")
        assert bar.score_label.text() == f"Score {expected_score} of {expected_score}"
        bar.next()
    assert bar.prompt.text() == "End of the run."


def test_a_wrong_pick_keeps_the_score_and_shows_the_right_answer(qtbot, tmp_path):
    """A wrong answer counts as asked, not scored; the true choice is marked ✔ and explained."""
    window, lab = lab_window(qtbot, tmp_path)
    bar = lab.quiz
    bar.set_active(True)
    q = bar.question
    wrong = next(i for i in range(len(q.choices)) if i != q.answer)
    bar.pick(wrong)
    assert (bar.quiz.score, bar.quiz.asked) == (0, 1)
    assert bar.buttons[q.answer].text().startswith("✔")
    assert bar.buttons[wrong].text().startswith("✘")
    assert bar.feedback.text().startswith(f"✘ Not quite: it is “{q.correct}”.")
    assert q.explanation in bar.feedback.text()
    assert window.playback.index == q.index
    bar.pick(q.answer)  # a second pick on the same question does not count
    assert (bar.quiz.score, bar.quiz.asked) == (0, 1)


def test_stepping_back_asks_about_the_step_after_the_one_shown(qtbot, tmp_path):
    """The teacher may go back; the question follows the player."""
    window, lab = lab_window(qtbot, tmp_path)
    bar = lab.quiz
    window.playback.seek(6)
    bar.set_active(True)
    assert bar.question.index == 7
    window.playback_actions.back.trigger()
    assert bar.question.index == 6


def test_quiz_is_on_by_default_when_the_file_says_quiz_true(qtbot, tmp_path):
    """`quiz: true` in a scenario turns predict mode on when it opens; other files leave it off."""
    window, lab = lab_window(qtbot, tmp_path)
    assert not lab.quiz.active and not lab.quiz_action.isChecked()
    plain = load_document(SCENARIOS / "website-api.yaml")
    quiz_on = build_document(plain.path, plain.scenario.model_copy(update={"quiz": True}), plain.trace)
    window.set_document(quiz_on)
    assert lab.quiz.active and lab.quiz_action.isChecked()
    assert lab.quiz.question.index == 1
    window.set_document(load_document(SCENARIOS / "photo-thumbnails.yaml"))  # another file
    assert not lab.quiz.active and window.playback_actions.forward.isEnabled()


def test_a_what_if_rerun_starts_a_new_score(qtbot, tmp_path):
    """A new run is a new quiz: the score belongs to the run it was earned on."""
    window, lab = lab_window(qtbot, tmp_path)
    bar = lab.quiz
    bar.set_active(True)
    bar.pick(bar.question.answer)
    assert bar.quiz.score == 1
    flip(qtbot, lab, "fail:make-thumbnail", "always")
    assert bar.quiz.trace is window.playback.trace
    assert (bar.quiz.score, bar.quiz.asked) == (0, 0)
    assert bar.question.index == window.playback.index + 1


def test_the_lists_of_steps_to_come_are_hidden_while_asking(qtbot, tmp_path):
    """The timeline would give the answers away: hidden while the quiz is on, back afterwards."""
    window, lab = lab_window(qtbot, tmp_path)
    assert window.timeline_dock.isVisible()
    lab.quiz_action.trigger()
    assert not window.timeline_dock.isVisible() and not lab.compare_dock.isVisible()
    lab.quiz_action.trigger()
    assert window.timeline_dock.isVisible() and not lab.quiz.isVisible()
    assert window.playback_actions.forward.isEnabled()


def test_a_theme_change_or_presentation_mode_does_not_unlock_the_forward_keys(qtbot, tmp_path):
    """Redrawing the player's icons or entering presentation mode keeps the quiz's lock."""
    window, lab = lab_window(qtbot, tmp_path)
    lab.quiz.set_active(True)
    window.menus.theme_actions["dark"].trigger()
    assert not window.playback_actions.forward.isEnabled()
    window.presentation.enter()
    assert not window.presentation.next_action.isEnabled()
    assert lab.quiz.isVisible() and not lab.whatif_dock.isVisible()
    window.presentation.exit()


def test_reloading_the_same_file_keeps_the_quiz_as_the_teacher_left_it(qtbot, tmp_path):
    """Ctrl+R re-reads the file; predict mode turned on from the menu stays on."""
    window, lab = lab_window(qtbot, tmp_path)
    lab.quiz_action.trigger()
    window.set_document(load_document(SCENARIOS / "photo-thumbnails.yaml"))
    assert lab.quiz.active and lab.quiz_action.isChecked()
    assert lab.quiz.question.index == window.playback.index + 1
