"""`lambdascope check` and `lambdascope schema`, run as the CLI runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.scenario.schema import schema_text

VALID = """\
title: Minimal
teaches: on-demand
summary: A custom app invokes a function.
resources:
  app: {type: actor, kind: custom_app, policies: [{action: "lambda:InvokeFunction", resource: "*"}]}
  worker-role: {type: iam_role, trusts: lambda.amazonaws.com}
  worker:
    type: function
    handler: builtin.echo
    role: worker-role
    timeout: 3
script:
  - {at: 0s, actor: app, action: invoke, function: worker}
"""


@pytest.fixture
def valid_file(tmp_path) -> Path:
    path = tmp_path / "minimal.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def test_check_valid_file_prints_one_ok_line(valid_file, capsys):
    """Exit 0 and an OK line per valid file on stdout, then its script's outcomes; no warnings."""
    assert main(["check", str(valid_file), str(valid_file)]) == 0
    out, err = capsys.readouterr()
    assert out == (f"OK {valid_file}: Minimal (3 resources, 1 script entry)\n"
                   "  script[0] invoke worker → worker ran\n") * 2
    assert err == ""


def test_check_invalid_file_prints_every_problem(valid_file, tmp_path, capsys):
    """Exit 1; each problem as FILE:LINE:COL: key.path: message on stderr, then a count."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("kind: custom_app", "knd: custom_app").replace("timeout: 3", "timeout: three"),
                   encoding="utf-8")
    assert main(["check", str(valid_file), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"OK {valid_file}")
    assert err.splitlines() == [
        f"{bad}:5:22: resources.app.knd: unknown key 'knd' (did you mean 'kind'?)",
        f"{bad}:11:5: resources.worker.timeout: expected a whole number, got 'three'",
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
