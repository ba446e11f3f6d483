"""The quiz for the back row (issue 11, item 4): the question is asked once, answers are
coloured and marked in words, the buttons stay enabled-looking, and in presentation mode the
prompt and choices are as large as the caption."""

from __future__ import annotations

from window_fixtures import make_window, photo_document, settle_presentation

from app.ui.narration import CAPTION_POINT_SIZE


def _prompt_at(quiz, points: int) -> bool:
    """The prompt keeps a line of `points` and shows its text at that size, or (a question too
    long for the line) shrunk just enough to fit it, in two lines at most."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFont, QFontMetrics

    font = QFont(quiz.prompt.font())
    font.setPointSize(points)
    line = QFontMetrics(font).lineSpacing()
    width = quiz.prompt.width()
    def needed(f):
        return QFontMetrics(f).boundingRect(QRect(0, 0, width, 100_000), Qt.TextWordWrap,
                                            quiz.prompt.text()).height()
    shown = quiz.prompt.font()
    return quiz.prompt.height() == line + 2 and needed(shown) <= quiz.prompt.height() and (
        shown.pointSize() == points or needed(font) > quiz.prompt.height())


def _quiz(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, photo_document())
    window.lab.quiz_action.trigger()
    qtbot.wait(20)
    return window, window.lab.quiz


def test_the_question_is_asked_once(qtbot, tmp_path):
    window, quiz = _quiz(qtbot, tmp_path)
    assert quiz.question is not None
    assert quiz.prompt.text().count("What happens next?") <= 1  # before: twice for "who acts"
    assert quiz.question.prompt in quiz.prompt.text()


def test_answers_are_coloured_marked_and_look_enabled(qtbot, tmp_path):
    window, quiz = _quiz(qtbot, tmp_path)
    q = quiz.question
    wrong = next(i for i in range(len(q.choices)) if i != q.answer)
    quiz.pick(wrong)
    right_button, wrong_button = quiz.buttons[q.answer], quiz.buttons[wrong]
    colours = window.canvas.palette_colours
    assert colours["ok"] in right_button.styleSheet() and "right" in right_button.text()
    assert colours["danger"] in wrong_button.styleSheet() and "your answer" in wrong_button.text()
    assert all(b.isEnabled() for b in quiz.buttons[:len(q.choices)])  # before: others greyed out
    before = quiz.quiz.asked
    quiz.pick(q.answer)  # a second click changes nothing
    assert quiz.quiz.asked == before and quiz.picked == wrong


def test_presentation_makes_the_quiz_as_large_as_the_caption(qtbot, tmp_path):
    window, quiz = _quiz(qtbot, tmp_path)
    window.presentation.enter()
    settle_presentation(qtbot, window)
    caption = window.narration.text.font().pointSize()  # the caption's size on this screen
    assert caption >= 16
    assert _prompt_at(quiz, caption)  # before: 13
    assert f"font-size: {caption}pt" in quiz.buttons[0].styleSheet()
    window.presentation.exit()
    qtbot.wait(20)
    assert quiz.prompt.font().pointSize() == 13


def test_presenting_the_quiz_on_a_small_projector_keeps_the_diagram_the_stage(qtbot, tmp_path):
    """On a 720 px or smaller projector the caption and quiz scale with the screen: the window
    stays inside the screen and the diagram keeps the largest part of its height (before: the
    choices at 30 pt made the window 1389 px wide on a 1280x720 screen, the diagram 200 px high)."""
    window, quiz = _quiz(qtbot, tmp_path)
    window.presentation.enter()
    # the stage's last fit follows a deferred resize; before: a fixed wait, then a wait for a
    # condition the window met before it went full screen, so what followed measured it midway
    settle_presentation(qtbot, window)
    screen = window.screen().geometry()
    assert screen.height() <= 800  # the offscreen test screen (800x800): a small projector
    assert window.width() <= screen.width()
    assert window.canvas.height() >= 0.45 * window.height()
    from app.ui.narration import caption_point_size

    size = caption_point_size(screen.height())
    assert size == window.narration.point_size and _prompt_at(quiz, size)
    assert f"font-size: {size}pt" in quiz.buttons[0].styleSheet()
    window.presentation.exit()


def test_the_caption_scales_with_the_projector():
    from app.ui.narration import caption_point_size

    assert caption_point_size(1080) == CAPTION_POINT_SIZE  # a 1080p projector: as before
    assert caption_point_size(2160) == CAPTION_POINT_SIZE  # never larger
    assert 18 <= caption_point_size(720) <= 22  # the same share of the screen's height
    assert caption_point_size(600) >= 16  # still large for the back row
