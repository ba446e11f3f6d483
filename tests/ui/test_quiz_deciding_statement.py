"""After an "Allowed?" question the explanation names the statement that decided, where the
class can read it: at 1280x720 with the inspector open, the window's one-line explanation of
photo-thumbnails' step 5 was cut at "(resource-based policy …", before "AllowS3Invoke" (a
teacher's screenshot), and so was every explanation naming a role's or a policy's statement.
The window's explanation now has two lines; an "Allowed?" explanation is the decision, the
policy and its statement (the step's summary only repeated the question)."""

from __future__ import annotations

from lab_fixtures import lab_window

from app.lab.quiz import question_for
from app.ui.text_fit import full_text, wrapped_height


def _questions_on_permissions(window, bar, qtbot):
    """(question, feedback shown, whole) for every question of the run about a step with a
    permission decision ("Allowed?", and "who acts?" on a role assumption or an SDK call),
    answered wrongly."""
    seen = []
    trace = window.playback.trace
    for index in range(len(trace) - 1):
        window.playback.seek(index)
        bar.ask()
        q = bar.question
        if q is None or trace[q.index].permission is None:
            continue
        bar.pick(next(i for i in range(len(q.choices)) if i != q.answer))
        qtbot.wait(5)
        seen.append((q, bar.feedback.text(), full_text(bar.feedback)))
    return seen


def test_the_deciding_statement_is_shown_at_1280x720_with_the_inspector_open(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path)
    window.resize(1280, 720)
    window.inspector_dock.show()
    window.inspector_dock.raise_()
    qtbot.wait(60)
    bar = lab.quiz
    lab.quiz_action.trigger()
    qtbot.wait(20)
    seen = _questions_on_permissions(window, bar, qtbot)
    assert len(seen) >= 8 and {q.kind for q, _, _ in seen} >= {"allowed", "who-acts"}
    trace = window.playback.trace
    for q, shown, whole in seen:
        decision = trace[q.index].permission
        assert decision.matched in shown, (shown, whole)  # before: cut before AllowS3Invoke
        assert shown == whole
        label = bar.feedback
        assert wrapped_height(label.font(), label.width(), shown) <= label.height()


def test_an_allowed_explanation_leads_with_the_decision(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path)
    trace = window.playback.trace
    check = next(s for s in trace if s.kind == "permission-check")
    q = question_for(trace, check.index, window.canvas.graph)
    assert q.kind == "allowed"
    assert q.explanation == ("Allowed by AllowS3Invoke in the resource-based policy of "
                             "make-thumbnail.")
