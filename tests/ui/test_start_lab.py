"""The lab installed on a cached picture (0018-start-up, third pass): a warm start is interactive
before the real load is in. Stepping, the quiz and the pictures must be those of the real load,
and the real load replacing the cached document must change nothing the class sees."""

import pytest
from PySide6.QtCore import QSize

from app.bundled import DEFAULT_SCENARIO, builtin_scenarios
from app.lab import Quiz
from app.ui import start_cache
from app.ui.document import load_document
from app.ui.main_window import MainWindow
from app.ui.settings import Settings

BUILTINS = [info.path for info in builtin_scenarios()]
STEPS = 200  # steps pressed through in each built-in (the longest runs have thousands)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(start_cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def cached_and_real(path):
    real = load_document(path)
    assert start_cache.save(real)
    cached = start_cache.load(path)
    assert cached is not None and cached.cached
    return cached, real


def lab_window(qtbot, document, settings_path):
    """A 1280x720 window showing `document` with the lab installed on it (as `gui.start` does
    over a cached picture)."""
    window = MainWindow(Settings(settings_path), lab=False)
    qtbot.addWidget(window)
    window.resize(QSize(1280, 720))
    window.show()
    window.set_document(document)
    window.install_lab()
    return window


def at_rest(window) -> bool:
    token = window.canvas.token
    return token is None or not token.is_moving


def shown(window, quiz) -> tuple:
    """What one step shows, beside the pixels: caption, step, timeline row, slider, and the
    question the quiz would ask about the next step (`quiz`: app.lab.Quiz of the window's
    trace and diagram graph, as the quiz bar makes it)."""
    index = window.playback.index
    return (window.current_caption(), index, window.timeline.view.currentIndex().row(),
            window.player_bar.slider.value(), quiz.question(index + 1))


def picture(qtbot, window):
    window.activateWindow()  # the same focus in both windows
    window.raise_()
    qtbot.waitUntil(lambda: at_rest(window), timeout=10_000)
    qtbot.wait(30)
    window.statusBar().clearMessage()  # "loaded in N ms" is the one thing that differs
    qtbot.wait(10)
    image = window.grab().toImage()
    for _ in range(20):  # settled: two grabs in a row alike (a loaded machine lays out late)
        qtbot.wait(50)
        image, before = window.grab().toImage(), image
        if image == before:
            break
    return image


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_the_lab_on_a_cached_picture_steps_as_on_the_real_load(path, cache, qtbot, tmp_path):
    """The steps of every built-in (up to STEPS), pressed forward through the window's own
    action: the window with the lab on the cached picture shows what the window with the lab on
    the real load does (and, for the default lesson, the same pixels at the first, a middle and
    the last step). One window at a time: two windows open at once differ in focus."""
    cached, real = cached_and_real(path)
    seen, images = [], []
    for n, document in enumerate((cached, real)):
        window = lab_window(qtbot, document, tmp_path / f"{n}.ini")
        assert (window.lab.controller.session is None) == document.cached
        window.canvas.set_animation_ms(0)
        quiz = Quiz(window.playback.trace, window.canvas.graph)
        record = [shown(window, quiz)]
        while not window.playback.at_end and len(record) < STEPS:
            window.playback_actions.forward.trigger()
            record.append(shown(window, quiz))
        seen.append(record)
        if path == DEFAULT_SCENARIO:
            for index in (0, len(real.trace) // 2, len(real.trace) - 1):
                window.playback.seek(index)
                images.append(picture(qtbot, window))
        window.close()
    assert len(seen[0]) == min(STEPS, len(real.trace)) and seen[0] == seen[1]
    assert any(question is not None for *_, question in seen[1])  # the quiz had questions
    half = len(images) // 2
    assert images[:half] == images[half:]


def quiz_lesson(folder):
    """The default lesson with `quiz: true` (the quiz on as the file opens), beside its photos."""
    source = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    assert "\nquiz:" not in source
    lesson = folder / "lesson" / "quiz-thumbnails.yaml"
    lesson.parent.mkdir(parents=True)
    lesson.write_text(source.replace("\nresources:", "\nquiz: true\nresources:", 1), encoding="utf-8")
    return lesson


def test_the_real_load_confirming_the_cached_picture_keeps_the_quiz_and_brings_the_switches(
        cache, qtbot, tmp_path):
    """A lesson that opens with the quiz on: the quiz asks on the cached picture; the class
    answers; the real load arrives: the same question, answer and score stay on screen, and the
    What if… panel gets its switches."""
    cached, real = cached_and_real(quiz_lesson(tmp_path))
    window = lab_window(qtbot, cached, tmp_path / "s.ini")
    lab = window.lab
    assert lab.quiz.active and lab.quiz_action.isChecked()
    assert lab.panel.rows == {} and "checked" in lab.panel.heading.text()
    question = lab.quiz.question
    assert question is not None
    lab.quiz.pick(question.answer)
    before = (lab.quiz.prompt.text(), [b.text() for b in lab.quiz.buttons],
              lab.quiz.feedback.text(), lab.quiz.score_label.text(), window.playback.index)
    window._loaded(real, None)
    assert window.document is real and lab.controller.document is real
    assert lab.quiz.active and lab.quiz.question == question and lab.quiz.picked == question.answer
    assert (lab.quiz.prompt.text(), [b.text() for b in lab.quiz.buttons], lab.quiz.feedback.text(),
            lab.quiz.score_label.text(), window.playback.index) == before
    assert lab.controller.session is not None and lab.panel.rows
    assert lab.quiz.quiz.trace is real.trace


def test_a_cached_picture_dropped_leaves_the_lab_without_a_document(cache, qtbot, tmp_path):
    """The real load failing (or Cancel) drops the cached picture: the lab lets go of it too."""
    cached, _real = cached_and_real(DEFAULT_SCENARIO)
    window = lab_window(qtbot, cached, tmp_path / "s.ini")
    window._failed(start_cache_failure(), None)
    lab = window.lab
    assert window.document is None
    assert lab.controller.document is None and lab.controller.scenario is None
    assert lab.panel.heading.text() == "Open a scenario to try what-ifs on it."
    assert not lab.quiz.active


def start_cache_failure():
    from app.ui.document import LoadFailure

    return LoadFailure(DEFAULT_SCENARIO, [f"{DEFAULT_SCENARIO}: the disk went away"])
