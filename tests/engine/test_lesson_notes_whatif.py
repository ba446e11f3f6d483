"""A lesson's own words (script `note`s and `narration:` rules) describe the lesson's run. Under a
what-if the run can differ, and a sentence such as "finds the execution environment still warm"
may be false there: from the first step where the what-if run leaves the unchanged run, the
lesson's words are shown as written for the unchanged run (a teacher found this on
photo-thumbnails with AllowS3Invoke removed: S3 refuses the trigger and no function runs)."""

from __future__ import annotations

from app.bundled import SCENARIOS_DIR
from app.engine.run import run
from app.engine.lesson_notes import HEDGE
from app.lab.edits import apply_edits
from app.scenario.loader import load_scenario

WARM_NOTE = "A second upload a few seconds later finds the execution environment still warm."
CAT_NOTE = "The user uploads a photo of a cat."


def photo_runs(*edits):
    scenario = load_scenario(SCENARIOS_DIR / "photo-thumbnails.yaml")
    baseline = run(scenario)
    return baseline, run(apply_edits(scenario, edits), baseline=baseline)


def narration_with(trace, text):
    return [step.narration for step in trace if text in step.narration]


def test_no_trigger_marks_the_warm_sentence():
    baseline, what_if = photo_runs("resources.make-thumbnail.permissions.AllowS3Invoke=absent")
    [warm] = narration_with(what_if, WARM_NOTE)
    assert HEDGE in warm and warm.index(HEDGE) < warm.index(WARM_NOTE)
    [unchanged] = narration_with(baseline, WARM_NOTE)
    assert HEDGE not in unchanged
    # the chapter note (a narration rule) on the third detect is marked too
    [chapter] = narration_with(what_if, "calls this notification configuration")
    assert HEDGE in chapter


def test_words_before_the_runs_part_stay_as_written():
    baseline, what_if = photo_runs('resources.make-thumbnail.faults.fail="always"')
    first = next(i for i, (a, b) in enumerate(zip(baseline, what_if))
                 if (a.kind, a.source, a.target, a.summary) != (b.kind, b.source, b.target,
                                                                b.summary))
    [cat] = narration_with(what_if, CAT_NOTE)
    cat_index = next(s.index for s in what_if if CAT_NOTE in s.narration)
    assert cat_index < first and HEDGE not in cat
    assert all(HEDGE in s.narration for s in what_if
               if s.index >= first and WARM_NOTE in s.narration)


def test_an_edit_that_changes_nothing_marks_nothing():
    baseline, what_if = photo_runs("resources.make-thumbnail.memory_size=1024")
    assert not any(HEDGE in step.narration for step in what_if)


def test_without_a_baseline_nothing_is_marked():
    scenario = load_scenario(SCENARIOS_DIR / "photo-thumbnails.yaml")
    what_if = run(apply_edits(scenario, ["resources.make-thumbnail.permissions.AllowS3Invoke=absent"]))
    assert narration_with(what_if, WARM_NOTE) and not any(HEDGE in s.narration for s in what_if)


def test_the_lab_and_play_set_mark_them(capsys):
    from app.cli import main
    from app.lab.session import LabSession

    scenario = load_scenario(SCENARIOS_DIR / "photo-thumbnails.yaml")
    session = LabSession(scenario)
    rerun = session.set("permission:make-thumbnail:AllowS3Invoke", True)  # on: removed
    [warm] = narration_with(rerun.trace, WARM_NOTE)
    assert HEDGE in warm
    assert main(["play", "photo-thumbnails", "--set",
                 "resources.make-thumbnail.permissions.AllowS3Invoke=absent"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"{HEDGE} “{WARM_NOTE}”" in out
