"""The chapter's step numbers ("chapter step N") belong to the lessons that follow the AWS
chapter's examples, which say so with `chapter_steps: true`; a teacher's own lesson (their
upload-log.yaml showed `chapter step 2` in play and in an exported PNG's title) shows none."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.engine import run
from app.scenario.loader import load_scenario, load_scenario_text

ROOT = Path(__file__).resolve().parents[2]
TEACHER = ROOT / "tests" / "cases" / "teacher-upload-log.yaml"
CHAPTER_LESSONS = ("photo-thumbnails", "clickstream-kinesis", "analytics-dynamodb", "custom-app",
                   "canary-alias", "traffic-spike", "mobile-cognito")


def test_a_teachers_own_lesson_has_no_chapter_steps(capsys):
    trace = run(load_scenario(TEACHER))
    assert any(s.kind == "execute" for s in trace)  # it runs: S3 → log-upload
    assert all(s.chapter_step is None for s in trace)
    assert main(["play", str(TEACHER)]) == 0
    assert "chapter step" not in capsys.readouterr().out


def test_the_exported_caption_of_a_teachers_lesson_has_no_chapter_tag():
    from app.ui.render import step_caption

    trace = run(load_scenario(TEACHER))
    captions = [step_caption(s, len(trace)) for s in trace]
    assert not any("chapter step" in c for c in captions)


def test_the_same_lesson_declaring_chapter_steps_shows_them():
    text = TEACHER.read_text(encoding="utf-8").replace("teaches: push", "teaches: push\nchapter_steps: true")
    trace = run(load_scenario_text(text, TEACHER))
    assert [s.chapter_step for s in trace if s.chapter_step][:2] == [1, 2]


@pytest.mark.parametrize("name", CHAPTER_LESSONS)
def test_the_chapters_own_lessons_keep_their_tags(name):
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    assert scenario.chapter_steps
    assert any(s.chapter_step for s in run(scenario))
