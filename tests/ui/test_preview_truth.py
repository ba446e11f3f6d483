"""While a long what-if shows its first steps (the preview, docs/decisions/0020-whatif-big.md),
nothing on screen treats them as the whole run: the quiz waits at their end instead of saying
"End of the run." and keeps the class's score when the whole run lands, the Metrics panel says
"so far", a step past the preview asked for (Right, End, playing on) is said to be not in yet
and is shown when the whole run lands. Thresholds lowered as in test_lab_whatif_long.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_fixtures import flip_watching_previews
from load_scenarios import load_of
from window_fixtures import make_window

import app.ui.lab.rerun_job as rerun_job
from app.engine import run
from app.ui.document import build_document
from app.ui.lab import install_lab

MEMORY = "knob:work:memory"
SHOWN = 300  # PREVIEW_STEPS here


@pytest.fixture
def long_lab(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(rerun_job, "PREVIEW_STEPS", SHOWN)
    scenario = load_of(400)
    window = make_window(qtbot, tmp_path)
    lab = install_lab(window)
    window.set_document(build_document(Path("load.yaml"), scenario, run(scenario)))
    return window, lab


def flip_and_wait(qtbot, lab, at_preview, switch_id: str = MEMORY):
    """Flip a switch (the memory one unless said) to its what-if value; `at_preview(preview)`
    runs when the first steps show (once); returns when the whole run is shown."""
    switch = next(s for s in lab.controller.session.switches if s.id == switch_id)
    calls = flip_watching_previews(qtbot, lab, switch_id, switch.what_if, at_preview)
    assert len(calls) == 1, "the re-run was not previewed"
    return calls[0]


# ---- the quiz
def test_the_quiz_waits_at_the_end_of_a_preview_and_keeps_its_score(qtbot, long_lab):
    """At the preview's last step the quiz says the rest is still running (not "End of the
    run."); an answer given during the preview still counts when the whole run replaces it
    (the same steps), and the next question, about the step after the preview, comes then."""
    window, lab = long_lab
    quiz = lab.quiz
    quiz.set_active(True)
    seen = {}

    def at_preview(_preview):
        window.playback.seek(SHOWN - 2)  # the quiz asks about the preview's last step
        assert quiz.question is not None and quiz.question.index == SHOWN - 1
        quiz.pick(quiz.question.answer)
        seen["score"] = quiz.score_label.text()
        quiz.next()  # the step after the preview is not in yet
        seen["prompt"] = quiz.prompt.text()
        seen["buttons"] = [b.isVisible() for b in quiz.buttons]
        seen["next"] = quiz.next_action.isEnabled()

    flip_and_wait(qtbot, lab, at_preview)
    assert seen["score"] == "Score 1 of 1"
    assert "End of the run" not in seen["prompt"]
    assert "still running" in seen["prompt"] and f"step {SHOWN + 1:,}" in seen["prompt"]
    assert not any(seen["buttons"]) and not seen["next"]  # nothing to pick, nothing to skip to
    # the whole run is in: the score stays, and the question about step 301 is asked
    assert len(window.playback.trace) > SHOWN and window.playback.index == SHOWN - 1
    assert quiz.score_label.text() == "Score 1 of 1"
    assert quiz.question is not None and quiz.question.index == SHOWN
    assert quiz.prompt.text().startswith(f"Step {SHOWN + 1}:")


def test_a_question_on_screen_stays_when_the_whole_run_lands(qtbot, long_lab):
    """The whole run replacing the preview does not swap the question the class is reading
    (its steps are the same): same step, same choices, and an answer already shown stays."""
    window, lab = long_lab
    quiz = lab.quiz
    quiz.set_active(True)
    seen = {}

    def at_preview(_preview):
        window.playback.seek(100)
        seen["question"] = quiz.question
        quiz.pick(0)
        seen["feedback"] = quiz.feedback.text()
        seen["score"] = quiz.score_label.text()

    flip_and_wait(qtbot, lab, at_preview)
    assert seen["question"] is not None
    assert quiz.question == seen["question"] and quiz.picked == 0
    assert seen["score"] in ("Score 0 of 1", "Score 1 of 1")
    assert quiz.feedback.text() == seen["feedback"] and quiz.score_label.text() == seen["score"]


def test_a_cancelled_preview_gives_a_new_score(qtbot, long_lab):
    """Cancel during a preview: the player goes back to the run before, another run: the
    score starts again (only the preview's own whole run carries it on)."""
    window, lab = long_lab
    quiz = lab.quiz
    quiz.set_active(True)
    controller = lab.controller
    before = window.playback.trace

    def at_preview(_preview):
        window.playback.seek(10)
        quiz.pick(quiz.question.answer)
        window.runs.cancel()

    calls = []
    controller.preview_shown.connect(lambda p: p is not None and not calls and (
        calls.append(p), at_preview(p)))
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(controller.settled, timeout=60_000):
        controller.set_value(MEMORY, switch.what_if)
    assert window.playback.trace is before
    assert quiz.score_label.text() == "Score 0 of 0"


# ---- the metrics panel
def heading_of(panel) -> str:
    """The note shown over the charts ('' when hidden)."""
    return panel.note.text() if panel.note.isVisible() else ""


def test_the_metrics_of_a_preview_say_so_far(qtbot, long_lab):
    window, lab = long_lab
    panel = window.metrics_panel
    window.metrics_dock.show()
    window.metrics_dock.raise_()
    qtbot.waitUntil(panel.seen, timeout=5_000)
    panel.refresh()
    assert heading_of(panel) == ""  # a whole run: no note
    seen = {}

    def at_preview(preview):
        panel.refresh()
        seen["built"] = panel._built_for is preview.trace
        seen["heading"] = heading_of(panel)

    flip_and_wait(qtbot, lab, at_preview)
    assert seen["built"]
    assert f"first {SHOWN:,} steps" in seen["heading"] and "so far" in seen["heading"]
    assert "still running" in seen["heading"]
    qtbot.waitUntil(lambda: panel._built_for is window.playback.trace, timeout=5_000)
    assert heading_of(panel) == ""


# ---- going past the preview
def test_right_at_the_end_of_a_preview_goes_on_when_the_run_lands(qtbot, long_lab):
    """Right (Step forward) at the preview's last step is not a dead key: it says the step is
    not in yet, and the player shows it when the whole run lands."""
    window, lab = long_lab
    actions = window.playback_actions
    seen = {}

    def at_preview(_preview):
        window.playback.seek(SHOWN - 1)
        seen["enabled"] = actions.forward.isEnabled()
        actions.forward.trigger()
        seen["index"] = window.playback.index
        seen["status"] = window.statusBar().currentMessage()
        seen["panel"] = lab.panel.status.text()

    flip_and_wait(qtbot, lab, at_preview)
    assert seen["enabled"] and seen["index"] == SHOWN - 1
    for text in (seen["status"], seen["panel"]):
        assert f"Step {SHOWN + 1:,} is not in yet" in text and "when the re-run is done" in text
    assert window.playback.index == SHOWN  # step 301, as asked
    assert not window.statusBar().currentMessage().startswith("Step")


def test_end_during_a_preview_goes_to_the_whole_runs_last_step(qtbot, long_lab):
    window, lab = long_lab
    actions = window.playback_actions
    seen = {}

    def at_preview(_preview):
        actions.last.trigger()  # to the preview's last step
        actions.last.trigger()  # and again: the run's own last step is asked for
        seen["index"] = window.playback.index
        seen["status"] = window.statusBar().currentMessage()

    flip_and_wait(qtbot, lab, at_preview)
    assert seen["index"] == SHOWN - 1 and "last step is not in yet" in seen["status"]
    assert window.playback.index == len(window.playback.trace) - 1


def test_playing_into_the_end_of_a_preview_goes_on_when_the_run_lands(qtbot, long_lab):
    window, lab = long_lab
    playback = window.playback
    seen = {}

    def at_preview(_preview):
        playback.seek(SHOWN - 2)
        playback.play()
        playback.step_forward()  # the player's timer ticks: the last step in so far
        playback.step_forward()  # and one more: nothing left, the player stops
        seen["playing"] = playback.playing
        seen["status"] = window.statusBar().currentMessage()

    flip_and_wait(qtbot, lab, at_preview)
    assert not seen["playing"] and f"Step {SHOWN + 1:,} is not in yet" in seen["status"]
    assert playback.index == SHOWN and playback.playing  # it plays on from step 301
    playback.pause()


def test_play_at_the_last_step_of_a_preview_waits_for_the_rest(qtbot, long_lab):
    """Play pressed at the preview's last step is Right there: "Step 301 is not in yet", the
    player stays, and when the whole run lands it goes to step 301 and plays on (before: it
    started again from step 1 of the preview, as at the end of a whole run)."""
    window, lab = long_lab
    playback, actions = window.playback, window.playback_actions
    seen = {}

    def at_preview(_preview):
        playback.seek(SHOWN - 1)
        actions.play.trigger()
        seen["index"], seen["playing"] = playback.index, playback.playing
        seen["status"] = window.statusBar().currentMessage()
        seen["panel"] = lab.panel.status.text()

    flip_and_wait(qtbot, lab, at_preview)
    assert seen["index"] == SHOWN - 1, "Play at the preview's end went back to step 1"
    assert not seen["playing"]  # nothing to play yet: it waits, and says so
    for text in (seen["status"], seen["panel"]):
        assert f"Step {SHOWN + 1:,} is not in yet: playing goes on from there" in text
    assert playback.index == SHOWN and playback.playing  # it plays on from step 301
    playback.pause()


def test_play_at_the_end_of_a_whole_run_starts_again(qtbot, long_lab):
    """A whole run's end is its end: Play there starts again at step 1, as always."""
    window, _lab = long_lab
    playback = window.playback
    playback.seek(len(playback.trace) - 1)
    window.playback_actions.play.trigger()
    assert playback.index == 0 and playback.playing
    playback.pause()


def flip_from_step_351(qtbot, long_lab, switch_id: str = MEMORY) -> dict:
    """Seek to step 351 (past the 300-step preview) and flip: where the player was put and
    what the status said when the preview showed ({"index", "status"})."""
    window, lab = long_lab
    window.playback.seek(350)
    seen = {}

    def at_preview(_preview):
        seen["index"] = window.playback.index
        seen["status"] = window.statusBar().currentMessage()

    flip_and_wait(qtbot, lab, at_preview, switch_id)
    return seen


def test_a_place_past_the_preview_is_said_and_kept(qtbot, long_lab):
    """The reader was at step 351 when they flipped: the preview has 300 steps, so the player
    shows its last one and says step 351 comes back when the re-run is done."""
    window, _lab = long_lab
    seen = flip_from_step_351(qtbot, long_lab)
    assert seen["index"] == SHOWN - 1
    assert "Step 351 is not in yet" in seen["status"]
    assert window.playback.index == 350


def test_a_place_past_a_changed_preview_step_is_not_promised(qtbot, long_lab):
    """The reader was at step 351, but the flip changes a step inside the preview: the player
    stays on that first difference, and the whole run lands there too, so no 'Step 351 is not
    in yet' is said (it would promise a step the player does not go to)."""
    window, _lab = long_lab
    seen = flip_from_step_351(qtbot, long_lab, "fail:work")
    assert seen["index"] < SHOWN - 1  # on the first difference, inside the preview
    assert "not in yet" not in seen["status"]
    assert f"first changed step: {seen['index'] + 1:,}" in seen["status"]
    assert window.playback.index == seen["index"]  # where the whole run lands too


def test_moving_in_the_preview_drops_a_step_asked_for(qtbot, long_lab):
    """Right at the end, then a step back: the reader chose where to be, the whole run lands
    there (and the 'not in yet' note goes)."""
    window, lab = long_lab
    seen = {}

    def at_preview(_preview):
        window.playback.seek(SHOWN - 1)
        window.playback_actions.forward.trigger()
        window.playback.seek(40)
        seen["status"] = window.statusBar().currentMessage()

    flip_and_wait(qtbot, lab, at_preview)
    assert "not in yet" not in seen["status"] and seen["status"].startswith("Showing")
    assert window.playback.index == 40


def test_the_clicker_past_a_preview_says_so_on_the_stage(qtbot, long_lab):
    """In presentation mode the status bar and the What if… panel are hidden: a clicker press
    at the preview's last step says over the caption that the step is not in yet."""
    from PySide6.QtWidgets import QToolTip

    window, lab = long_lab
    window.presentation.enter()
    seen = {}

    def at_preview(_preview):
        window.playback.seek(SHOWN - 1)
        window.presentation.next_action.trigger()
        seen["tip"] = QToolTip.text() if QToolTip.isVisible() else ""

    flip_and_wait(qtbot, lab, at_preview)
    window.presentation.exit()
    assert f"Step {SHOWN + 1:,} is not in yet" in seen["tip"]
    assert window.playback.index == SHOWN


def test_the_preview_trace_is_released_when_its_whole_run_lands(qtbot, long_lab):
    """Once the whole run replaces its preview, nothing keeps the preview's steps: the quiz,
    which carries its score over to the whole run, kept the preview's trace (`_carried_from`,
    read only while the whole run lands) until the next run."""
    import gc
    import weakref

    window, lab = long_lab
    lab.quiz.set_active(True)
    refs = []

    def at_preview(preview):  # only a weak reference here: the test must not keep it either
        if preview is not None and not refs:
            refs.append(weakref.ref(preview.trace))

    lab.controller.preview_shown.connect(at_preview)
    switch = next(s for s in lab.controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(lab.controller.settled, timeout=60_000):
        lab.controller.set_value(MEMORY, switch.what_if)
    lab.controller.preview_shown.disconnect(at_preview)
    assert refs, "the re-run was not previewed"
    assert not window.playback.trace.summary.get("partial")  # the whole run shows
    assert lab.quiz.quiz.trace is window.playback.trace

    def released() -> bool:
        gc.collect()
        return refs[0]() is None

    qtbot.waitUntil(released, timeout=5_000)
