"""One numbering: every step number a person reads counts from 1 and is the same everywhere
(issue 8, "One numbering"); the chapter's own step is a labelled tag, never a bare number."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.engine import run
from app.engine.wording import chapter_tag, step_label, step_number
from app.scenario.loader import load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lab"))
from lab_scenarios import PHOTOS  # noqa: E402


def _play(capsys, *args) -> tuple[int, str, str]:
    code = main(["play", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_helper_counts_from_one():
    """Index 0 is step 1; the chapter's step reads as a tag."""
    assert step_number(0) == 1 and step_label(9) == "step 10"
    assert chapter_tag(4) == "chapter step 4" and chapter_tag(None) is None


def test_play_text_numbers_from_one(capsys, scenarios_dir):
    """`play` text: the first step is 1, the last is the step count (as in the window)."""
    code, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml")
    heads = [line for line in out.splitlines() if re.match(r"^\s*\d+  t=", line)]
    numbers = [int(line.split()[0]) for line in heads]
    assert code == 0 and numbers == list(range(1, len(numbers) + 1))


def test_jsonl_carries_the_number_shown(capsys, scenarios_dir):
    """JSON keeps the 0-based index and adds `number`, the step number people read."""
    _, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(r["number"] == r["index"] + 1 for r in rows)


def test_help_says_steps_count_from_one_everywhere(capsys):
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "count from 1" in out and "numbered from 0" not in out


def test_compare_names_the_step_as_the_window_does(capsys, tmp_path):
    """`--compare` names the first difference with the number `play` and the window show."""
    path = tmp_path / "photos.yaml"
    path.write_text(PHOTOS, encoding="utf-8")
    edit = "resources.make-thumbnail.permissions.AllowS3Invoke=absent"
    _, out, _ = _play(capsys, path, "--compare", "--set", edit)
    _, jsonl, _ = _play(capsys, path, "--compare", "--format", "jsonl", "--set", edit)
    result = json.loads(jsonl)
    number = result["first_difference"] + 1
    assert result["first_difference_number"] == number
    assert f"First difference: step {number} of the new run." in out
    # S3 now refuses the notification configuration (§13 A4c): the first new step is that error
    assert f"  at step {number}: error" in out
    _, played, _ = _play(capsys, path, "--set", edit)
    head = next(line for line in played.splitlines() if re.match(rf"^\s*{number}  t=", line))
    assert "error" in head and "InvalidArgument" in head


def test_narration_shows_the_chapter_step_as_a_tag_not_a_leading_number(scenarios_dir):
    """'4. Lambda calls…' next to 'Step 10 of 30' read as two numberings; the tag says which."""
    from app.ui.narration import chapter_tag_text, narration_text
    from app.ui.render import step_caption

    trace = run(load_scenario(scenarios_dir / "photo-thumbnails.yaml"))
    shown = [s for s in trace if s.chapter_step is not None]
    assert shown
    for step in shown:
        assert not re.match(r"^\d+\. ", narration_text(step))
        assert chapter_tag_text(step) == f"chapter step {step.chapter_step}"
        assert f"chapter step {step.chapter_step}" in step_caption(step, len(trace)).splitlines()[0]
    plain = next(s for s in trace if s.chapter_step is None)
    assert chapter_tag_text(plain) == ""


def test_play_the_window_and_export_captions_give_a_step_the_same_number(capsys, scenarios_dir):
    """The first cold start of photo-thumbnails has one number in `play`, the window's position
    line and an export caption."""
    from app.ui.narration import position_text
    from app.ui.render import step_caption

    path = scenarios_dir / "photo-thumbnails.yaml"
    trace = run(load_scenario(path))
    step = next(s for s in trace if s.kind == "init")
    _, out, _ = _play(capsys, path)
    head = next(line for line in out.splitlines() if re.match(r"^\s*\d+  t=", line) and " init " in line)
    number = int(head.split()[0])
    assert position_text(step, len(trace)).startswith(f"Step {number} of {len(trace)}")
    assert step_caption(step, len(trace)).startswith(f"Step {number} of {len(trace)}")
