"""The quiz's explanation after an answer is never cut through its lines: at 1280x720 a long
one (verdict, the step's summary and its permission decision) was two lines at the floor size
in one line's room, clipped at the top and the bottom (a student's screenshot). It now shows
what fits, ending in " …", with the whole explanation in the tooltip."""

from __future__ import annotations

from lab_fixtures import lab_window

from app.ui.lab.quiz_keys import NEXT_HINT
from app.ui.text_fit import full_text, wrapped_height


def _answer_wrong_until_long(window, bar, qtbot, least: int = 160):
    """Answer wrongly question after question until an explanation is at least `least` long."""
    for _ in range(len(window.playback.trace) - 1):
        q = bar.question
        if q is None:
            break
        bar.pick(next(i for i in range(len(q.choices)) if i != q.answer))
        qtbot.wait(5)
        if len(full_text(bar.feedback)) >= least:
            return q
        bar.next()
    raise AssertionError("no long explanation in this run")


def test_a_long_explanation_fits_its_room_and_keeps_the_whole_in_the_tooltip(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path, "orders-sqs")
    window.resize(1280, 720)
    qtbot.wait(50)
    bar = lab.quiz
    lab.quiz_action.trigger()
    qtbot.wait(20)
    q = _answer_wrong_until_long(window, bar, qtbot)
    label = bar.feedback
    assert wrapped_height(label.font(), label.width(), label.text()) <= label.height()
    whole = full_text(label)
    assert q.explanation in whole and whole.startswith("✘ Not quite")
    if label.text() != whole:
        assert label.text().endswith(" …") and label.toolTip() == whole
    bar.window.setFocus()
    from app.ui.lab.quiz_keys import hint
    hint(bar)  # "Press N…" is added to the whole explanation, and shown
    assert full_text(label).endswith(NEXT_HINT) and q.explanation in full_text(label)
    assert label.text().endswith(NEXT_HINT) or label.text().endswith(" …")
    assert wrapped_height(label.font(), label.width(), label.text()) <= label.height()
