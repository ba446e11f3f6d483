"""A script entry can say the lesson expects it to be refused (`expect: denied`).

Without it, `check` warns about a refusal no statement made on purpose, and `--strict` fails; two
built-ins (mobile-cognito's guest, canary-alias's call to the bare function) teach exactly such a
refusal. With `expect: denied`, a refusal is the lesson and not warned about, and `check` warns
the other way when the call is allowed after all (so a lesson cannot silently stop teaching it).
`expect: allowed` warns about any refusal, explicit Deny included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

LESSON = """\
title: An app that may not invoke
teaches: on-demand
summary: An app tries to invoke a function.
resources:
  app: {type: actor, kind: custom_app, policies: [POLICIES]}
  worker-role: {type: iam_role, trusts: lambda.amazonaws.com}
  worker: {type: function, handler: builtin.echo, role: worker-role}
script:
  - {at: 0s, actor: app, action: invoke, function: workerEXPECT}
"""


def _check(tmp_path, capsys, policies: str, expect: str, *flags: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(LESSON.replace("POLICIES", policies).replace("EXPECT", expect))
    code = main(["check", *flags, str(path)])
    out, err = capsys.readouterr()
    return code, out, err


ALLOW = '{action: "lambda:InvokeFunction", resource: "*"}'
DENY = '{effect: Deny, action: "lambda:InvokeFunction", resource: "*"}'


def test_an_expected_refusal_is_not_warned_and_passes_strict(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, "", ", expect: denied", "--strict")
    assert code == 0, err
    assert out.startswith("OK ") and "warning" not in err


def test_the_same_refusal_without_expect_is_warned_and_fails_strict(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, "", "", "--strict")
    assert code == 1 and "is refused lambda:InvokeFunction" in err


def test_an_expected_refusal_that_is_allowed_is_warned(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, ALLOW, ", expect: denied")
    assert code == 0
    assert "script[0]: warning:" in err and "expect: denied" in err and "allowed" in err


def test_expect_allowed_warns_even_about_an_explicit_deny(tmp_path, capsys):
    code, _, err = _check(tmp_path, capsys, DENY, "")
    assert "warning" not in err  # an explicit Deny is plainly on purpose
    code, _, err = _check(tmp_path, capsys, DENY, ", expect: allowed", "--strict")
    assert code == 1 and "script[0]: warning:" in err and "expect: allowed" in err


def test_a_wrong_expect_value_is_an_error_with_the_choices(tmp_path, capsys):
    code, _, err = _check(tmp_path, capsys, "", ", expect: refused")
    assert code == 1 and "expect" in err and "denied" in err and "allowed" in err


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_builtin_passes_strict(path, capsys):
    """A built-in lesson is the model of a clean file: no warning, refusals marked as intended."""
    code = main(["check", "--strict", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
