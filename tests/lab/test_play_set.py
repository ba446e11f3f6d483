"""`lambdascope play FILE --set PATH=VALUE`, `--compare` and `--switches` (the lab, headless)."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from lab_scenarios import APP, PHOTOS


@pytest.fixture
def files(tmp_path):
    """The lab scenarios written to disk, as a teacher's files would be."""
    paths = {}
    for name, text in (("photos", PHOTOS), ("app", APP)):
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _play(capsys, *args) -> tuple[int, str, str]:
    code = main(["play", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_set_applies_the_edit_and_says_so(capsys, files):
    """--set with an alias path changes the run and prints the canonical change first."""
    code, out, _ = _play(capsys, files["photos"], "--set", "functions.make-thumbnail.fail=always")
    assert code == 0
    assert out.splitlines()[0] == "set resources.make-thumbnail.faults.fail: never → always"
    assert "X-Amz-Function-Error" in out or "failed" in out


def test_set_keeps_json_output_clean(capsys, files):
    """With --summary the applied edits go to stderr, so stdout stays one JSON object."""
    code, out, err = _play(capsys, files["app"], "--summary",
                           "--set", "functions.echo.reserved_concurrency=0",
                           "--set", "script.1.invocation_type=RequestResponse")
    summary = json.loads(out)
    assert code == 0 and summary["invocations"] == 0 and summary["throttles"] >= 2
    assert "set resources.echo.reserved_concurrent_executions: null → 0" in err
    assert "set script.1.invocation_type: Event → RequestResponse" in err


@pytest.mark.parametrize("edit, words", [
    ("functions.make-thumbnail.fail=sometimes", ["resources.make-thumbnail.faults.fail", "never, always"]),
    ("resources.make-thumbnail.timeout=901", ["resources.make-thumbnail.timeout", "1 … 900"]),
    ("resources.nobody.timeout=3", ["there is no 'nobody'", "make-thumbnail"]),
    ("functions.make-thumbnail.fail", ["PATH=VALUE"]),
])
def test_invalid_set_fails_with_a_clear_error(capsys, files, edit, words):
    """A bad --set exits 2 before running, naming the path and what it allows."""
    code, out, err = _play(capsys, files["photos"], "--set", edit)
    assert code == 2 and out == ""
    assert err.startswith(f"--set {edit}: ")
    for word in words:
        assert word in err


@pytest.mark.parametrize("edit, said", [
    ("functions.make-thumbnail.memory_size=lots",
     "resources.make-thumbnail.memory_size: expected a whole number, got 'lots'"),
    ("functions.make-thumbnail.timeout=99999",
     "resources.make-thumbnail.timeout: must be at most 900, got 99999"),
    ("functions.make-thumbnail.memroy_size=256",
     "resources.make-thumbnail.memroy_size: unknown key 'memroy_size' (did you mean 'memory_size'?)"),
    ("settings.seed=x", "settings.seed: expected a whole number, got 'x'"),
    ("functions.make-thumbnail.timeout=true",
     "resources.make-thumbnail.timeout: expected a whole number, got true"),
])
def test_set_errors_read_like_checks(capsys, files, edit, said):
    """`--set PATH=VALUE: key.path: what is wrong (did you mean …?)`, in check's words (issue 13 item 4)."""
    code, out, err = _play(capsys, files["photos"], "--set", edit)
    assert code == 2 and err.startswith(f"--set {edit}: {said}")


def test_compare_prints_what_changed(capsys, files):
    """--compare prints the first difference and the changed totals instead of the steps."""
    code, out, _ = _play(capsys, files["photos"], "--compare",
                         "--set", "resources.make-thumbnail.permissions.AllowS3Invoke=absent")
    assert code == 0
    assert "First difference: step" in out and "invocations: 2 → 0 (-2)" in out
    assert "permission denials: 0 → 1 (+1)" in out
    assert "S3 refuses photos' notification configuration: 400 InvalidArgument" in out


def test_compare_as_json(capsys, files):
    """--compare --format jsonl gives one JSON object with totals and endings, before and after."""
    code, out, _ = _play(capsys, files["app"], "--compare", "--format", "jsonl",
                         "--set", "functions.echo.fail_first_attempts=1")
    result = json.loads(out)
    assert code == 0 and result["first_difference"] is not None
    assert result["totals"]["function errors"] == [0, 1]


def test_switches_lists_ids_predictions_and_edits(capsys, files):
    """--switches prints every switch with its prediction and a ready --set line."""
    code, out, _ = _play(capsys, files["photos"], "--switches")
    assert code == 0
    assert "permission:make-thumbnail:AllowS3Invoke" in out
    assert "--set 'resources.make-thumbnail.permissions.AllowS3Invoke=absent'" in out
    assert out.count("predicts: ") == out.count("    try: ") > 5
