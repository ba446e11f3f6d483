"""`lambdascope check` and `lambdascope schema`, run as the CLI runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.scenario.schema import schema_text

PHOTO = Path(__file__).resolve().parents[2] / "scenarios" / "photo-thumbnails.yaml"


def test_check_valid_file_prints_one_ok_line(capsys):
    """Exit 0 and a one-line OK per valid file on stdout, nothing on stderr."""
    assert main(["check", str(PHOTO)]) == 0
    out, err = capsys.readouterr()
    assert out == f"OK {PHOTO}: Photo thumbnails (5 resources, 2 script entries)\n"
    assert err == ""


def test_check_invalid_file_prints_every_problem(tmp_path, capsys):
    """Exit 1; each problem as FILE:LINE:COL: key.path: message on stderr, then a count."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(PHOTO.read_text(encoding="utf-8").replace("suffix: .jpg", "sufix: .jpg")
                   .replace("timeout: 30", "timeout: thirty"), encoding="utf-8")
    assert main(["check", str(PHOTO), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"OK {PHOTO}")
    assert err.splitlines() == [
        f"{bad}:29:9: resources.photos.notifications[0].sufix: unknown key 'sufix' (did you mean 'suffix'?)",
        f"{bad}:49:5: resources.make-thumbnail.timeout: expected a whole number, got 'thirty'",
        f"{bad}: 2 problems",
    ]


def test_check_missing_file(tmp_path, capsys):
    """A file that is not there is a problem, not a traceback."""
    assert main(["check", str(tmp_path / "nope.yaml")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"{tmp_path / 'nope.yaml'}: no such file"


def test_check_help(capsys):
    """`check --help` explains the output format and exit status."""
    with pytest.raises(SystemExit) as info:
        main(["check", "--help"])
    assert info.value.code == 0
    assert "FILE:LINE:COL" in capsys.readouterr().out


def test_schema_prints_the_schema(capsys):
    """`lambdascope schema` prints the same JSON as the committed schema file."""
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text()
    assert json.loads(out)["title"] == "LambdaScope scenario"


def test_schema_help(capsys):
    """`schema --help` says how editors use the schema."""
    with pytest.raises(SystemExit):
        main(["schema", "--help"])
    assert "yaml-language-server" in capsys.readouterr().out
