"""Built-in scenarios are named without a path, from any folder (issue 13, "A real install").

`lambdascope photo-thumbnails`, `play NAME`, `export NAME`, `check NAME` and `lambdascope
scenarios`; a name that is neither a file nor a built-in is refused with the built-ins listed.
"""

from __future__ import annotations

import argparse
import json

import pytest
from PIL import Image

from app.bundled import (DEFAULT_SCENARIO, SCENARIOS_DIR, UnknownScenario, builtin_names,
                         resolve_scenario)
from app.cli import main

EXPECTED = {"photo-thumbnails", "analytics-dynamodb", "clickstream-kinesis", "website-api",
            "custom-app", "mobile-cognito", "traffic-spike"}


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Run from an empty folder outside the repository, as a teacher would."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_builtin_names_are_the_files_in_scenarios(repo_root):
    """Every scenarios/*.yaml is a built-in, photo-thumbnails (the default) first."""
    names = builtin_names()
    assert set(names) >= EXPECTED and names[0] == "photo-thumbnails"
    assert SCENARIOS_DIR == (repo_root / "scenarios").resolve()  # editable install: the checkout


def test_play_a_builtin_by_name(elsewhere, capsys, scenarios_dir):
    """`play photo-thumbnails` in an empty folder runs the built-in, same as its path."""
    assert main(["play", "photo-thumbnails", "--summary"]) == 0
    by_name = json.loads(capsys.readouterr().out)
    assert main(["play", str(scenarios_dir / "photo-thumbnails.yaml"), "--summary"]) == 0
    assert by_name == json.loads(capsys.readouterr().out) and by_name["invocations"] >= 1


def test_name_with_yaml_suffix_also_means_the_builtin(elsewhere, capsys):
    assert main(["play", "custom-app.yaml", "--summary"]) == 0
    assert json.loads(capsys.readouterr().out)["invocations"] == 2


def test_check_a_builtin_by_name(elsewhere, capsys):
    assert main(["check", "website-api"]) == 0
    assert capsys.readouterr().out.startswith("OK website-api: ")


def test_export_a_builtin_by_name(elsewhere, capsys, qtbot):
    """`export photo-thumbnails --step 2 --png out.png` writes the slide."""
    out = elsewhere / "slide.png"
    assert main(["export", "photo-thumbnails", "--step", "2", "--png", str(out),
                 "--size", "800x450"]) == 0
    assert Image.open(out).size == (800, 450)


def test_window_argument_accepts_a_builtin_name(elsewhere):
    """`lambdascope mobile-cognito` opens the built-in (the argument resolves before Qt starts)."""
    from app.commands import gui

    parser = argparse.ArgumentParser()
    gui.add_arguments(parser)
    assert parser.parse_args(["mobile-cognito"]).file == SCENARIOS_DIR / "mobile-cognito.yaml"
    assert parser.parse_args([]).file is None and gui.default_scenario() == DEFAULT_SCENARIO


def test_a_file_of_that_name_wins_over_the_builtin(elsewhere, capsys, scenarios_dir):
    """A teacher's own photo-thumbnails.yaml in the current folder is theirs, not the built-in."""
    own = (scenarios_dir / "photo-thumbnails.yaml").read_text().replace(
        "title: Photo thumbnails", "title: My own thumbnails")
    (elsewhere / "photo-thumbnails.yaml").write_text(own)
    assert main(["check", "photo-thumbnails.yaml"]) == 0
    assert "My own thumbnails" in capsys.readouterr().out


def test_unknown_name_is_refused_with_the_builtins_listed(elsewhere, capsys):
    """A typo: argparse's usage error (exit 2), the closest name suggested, all names listed."""
    with pytest.raises(SystemExit) as info:
        main(["play", "photo-thumbnail"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "'photo-thumbnail' is neither a scenario file nor a built-in scenario" in err
    assert "Did you mean 'photo-thumbnails'?" in err
    assert all(name in err for name in EXPECTED)


def test_export_and_window_refuse_an_unknown_name(elsewhere, capsys):
    for argv in (["export", "thumbnails", "--step", "1", "--png", "x.png"], ["thumbnails"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2 and "Did you mean 'photo-thumbnails'?" in capsys.readouterr().err
    assert not (elsewhere / "x.png").exists()


def test_check_reports_an_unknown_name_and_goes_on(elsewhere, capsys):
    """check lists every problem in one pass: an unknown name is one problem, exit 1."""
    assert main(["check", "clickstream", "custom-app"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("OK custom-app: ")
    assert err.startswith("clickstream: 'clickstream' is neither a scenario file nor a built-in")
    assert "Did you mean 'clickstream-kinesis'?" in err


def test_a_missing_path_is_still_no_such_file(elsewhere, capsys):
    """A path with a folder in it is the user's file: the loader's "no such file", no guessing."""
    assert main(["play", "lessons/my-lesson.yaml"]) == 1
    assert capsys.readouterr().err.strip() == "lessons/my-lesson.yaml: no such file"


def test_a_missing_path_named_like_a_builtin_says_to_give_the_name(elsewhere, capsys):
    """README-style `scenarios/photo-thumbnails.yaml` typed outside a clone: no such file, and the
    built-in is named (not run in its place)."""
    for argv in (["play", "scenarios/photo-thumbnails.yaml"],
                 ["export", "scenarios/photo-thumbnails.yaml", "--step", "1", "--png", "x.png"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        err = capsys.readouterr().err
        assert info.value.code == 2
        assert "'scenarios/photo-thumbnails.yaml': no such file" in err
        assert "`lambdascope play photo-thumbnails`" in err
    assert not (elsewhere / "x.png").exists()


def test_resolve_scenario_rules(elsewhere):
    assert resolve_scenario("traffic-spike") == SCENARIOS_DIR / "traffic-spike.yaml"
    assert resolve_scenario("traffic-spike.YML") == SCENARIOS_DIR / "traffic-spike.yaml"
    (elsewhere / "traffic-spike").mkdir()  # something of that name here is what the user meant
    assert str(resolve_scenario("traffic-spike")) == "traffic-spike"
    for bad in ("", " ", "nothing-like-it"):
        with pytest.raises(UnknownScenario, match="Built-in scenarios: photo-thumbnails, "):
            resolve_scenario(bad)


def test_scenarios_lists_names_titles_and_summaries(elsewhere, capsys):
    """`lambdascope scenarios`: every built-in's name, title, what it teaches and its summary."""
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert out.index("photo-thumbnails") < out.index("analytics-dynamodb")
    assert all(name in out for name in EXPECTED)
    assert "Photo thumbnails" in out and "[push model]" in out
    assert "A user uploads a photo to the photos bucket." in out
    assert "lambdascope play photo-thumbnails" in out  # says how to use a name
