"""`check` warns when a function's code runs at least as long as its timeout (every invoke then
times out, docs/reference/lambda-behaviour.md §3), and durations read the way teachers write them
("2 minutes", "2 sec"); `m` stays minutes. The lesson is a teacher's own (tests/commands/lesson_cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.scenario.fields import parse_duration_ms

LESSON = (Path(__file__).parent / "lesson_cases" / "api-queue.yaml").read_text()


def _check(tmp_path, capsys, text: str, name: str = "lesson.yaml"):
    path = tmp_path / name
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err, path


def test_the_lesson_as_written_has_no_warning(tmp_path, capsys):
    code, out, err, _ = _check(tmp_path, capsys, LESSON)
    assert code == 0 and err == "" and out.startswith("OK ")


@pytest.mark.parametrize("duration, words", [
    ("2m", "times out: its code runs 2min, longer than its timeout of 10 s"),
    ("{distribution: fixed, mean: 12s}", "runs 12s, longer than its timeout of 10 s"),
    ("10s", "runs right up to its timeout"),
])
def test_a_duration_at_least_the_timeout_is_warned_at_the_duration_line(tmp_path, capsys, duration, words):
    code, out, err, path = _check(tmp_path, capsys, LESSON.replace("duration: 2s", f"duration: {duration}"))
    lines = [line for line in err.splitlines() if "timeout" in line]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}:52:5: resources.process-orders.duration: warning: ")
    assert words in lines[0] and "lambda-behaviour.md §3" in lines[0] and "`2ms`" in lines[0]
    assert code == 0


def test_a_random_duration_and_a_short_one_are_not_warned(tmp_path, capsys):
    for duration in ("{distribution: exponential, mean: 20s}", "9.9s", "2ms"):
        code, out, err, _ = _check(tmp_path, capsys, LESSON.replace("duration: 2s", f"duration: {duration}"))
        assert "timeout" not in err, (duration, err)


def test_a_version_whose_timeout_is_too_short_is_warned_at_its_timeout(tmp_path, capsys):
    text = LESSON.replace("    duration: 2s\n", "    duration: 2s\n    versions:\n      1: {timeout: 1}\n")
    code, out, err, path = _check(tmp_path, capsys, text)
    (line,) = [line for line in err.splitlines() if "times out" in line]
    assert "resources.process-orders.versions.1.timeout: warning:" in line
    assert line.startswith(f"{path}:54:") and "process-orders version 1" in line


@pytest.mark.parametrize("text, ms", [
    ("2 minutes", 120_000), ("1 minute", 60_000), ("2 sec", 2000), ("3 seconds", 3000),
    ("250 milliseconds", 250), ("2 msec", 2), ("1 hour", 3_600_000), ("2hrs", 7_200_000),
    ("2m", 120_000), ("2ms", 2), ("2min", 120_000), ("2", 2000),  # unchanged meanings
])
def test_durations_take_the_long_unit_words(text, ms):
    assert parse_duration_ms(text) == ms


@pytest.mark.parametrize("text", ["2 mins x", "2 minute s", "2mss", "2 M", "two minutes"])
def test_other_units_are_still_refused(text):
    with pytest.raises(ValueError, match="expected a duration"):
        parse_duration_ms(text)
