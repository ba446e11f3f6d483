"""A marked answer in the window reads whole (decision 0024, seen regenerating the README's
lab-quiz-answered.png): at 1600x1000 with the What if… panel open, the wrong pick "✘ 1   Not
checked: no permission is needed here  — your answer" needed two lines in its one-line button
even at the 8 pt floor, and was cut at the top and the bottom. A marked answer whose words
("— your answer", "— right") do not fit drops them: the ✔ / ✘, its colour and the explanation
under the answers still say which is which."""

from __future__ import annotations

from lab_fixtures import lab_window

from app.ui.text_fit import wrapped_height


def test_every_marked_answer_fits_its_button(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path)
    window.resize(1600, 1000)
    lab.whatif_action.trigger()  # a third column: the quiz bar under the diagram is narrower
    qtbot.wait(60)
    from PySide6.QtCore import Qt

    window.resizeDocks([lab.whatif_dock, window.inspector_dock], [300, 440], Qt.Horizontal)
    qtbot.wait(60)  # as the README's screenshot: answers ~410 px wide
    bar = lab.quiz
    lab.quiz_action.trigger()
    qtbot.wait(20)
    trace = window.playback.trace
    cut, marked = [], 0
    for index in range(len(trace) - 1):
        window.playback.seek(index)
        bar.ask()
        q = bar.question
        if q is None:
            continue
        bar.pick(next(i for i in range(len(q.choices)) if i != q.answer))
        qtbot.wait(5)
        for button in bar.buttons[:len(q.choices)]:
            rect = button.text_rect()
            if wrapped_height(button.font(), rect.width(), button.text()) > rect.height():
                cut.append(button.text())
            marked += button.text().lstrip()[:1] in "✔✘"
    assert max(b.width() for b in bar.buttons) < 450
    assert marked >= 20 and cut == [], cut
