"""`check` warns when an Init is longer than Lambda lets it run: 10 s on demand (then Lambda runs
it again inside the first invoke, within the timeout), 130 s or the timeout for provisioned
concurrency (docs/reference/lambda-behaviour.md §11, LIFE). The probe is i1.yaml's shape."""

from __future__ import annotations

from app.cli import main

LESSON = """\
title: long init
teaches: on-demand
summary: probe
resources:
  app:
    type: actor
    kind: custom_app
    policies:
      - {action: lambda:InvokeFunction, resource: "*"}
  r: {type: iam_role, trusts: lambda.amazonaws.com, managed_policies: [AWSLambdaBasicExecutionRole]}
  slowinit:
    type: function
    handler: builtin.echo
    role: r
    timeout: 30
    init_duration: 12s
script:
  - {at: 0s, actor: app, action: invoke, function: slowinit}
"""


def _check(tmp_path, capsys, text: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err, path


def test_an_init_over_10_s_is_warned_at_its_line(tmp_path, capsys):
    code, out, err, path = _check(tmp_path, capsys, LESSON)
    (line,) = err.splitlines()
    assert line.startswith(f"{path}:16:5: resources.slowinit.init_duration: warning: ")
    assert "10 s" in line and "runs it again inside the first invoke" in line
    assert "lambda-behaviour.md §11" in line and code == 0


def test_an_init_as_long_as_the_timeout_says_every_cold_start_times_out(tmp_path, capsys):
    code, out, err, path = _check(tmp_path, capsys, LESSON.replace("timeout: 30", "timeout: 5"))
    assert "every cold start of slowinit then times out before its handler runs" in err
    # after the timeout the environment is reset, not replaced: the next invoke in it runs the
    # Init again (a suppressed init) and times out the same way (§11, LIFE)
    assert "so does every later invoke in that environment" in err and "suppressed init" in err


def test_an_init_of_10_s_or_less_is_not_warned(tmp_path, capsys):
    code, out, err, path = _check(tmp_path, capsys, LESSON.replace("init_duration: 12s",
                                                                   "init_duration: 10s"))
    assert err == "" and code == 0


def test_a_provisioned_init_past_130_s_is_warned_and_spillover_is_named(tmp_path, capsys):
    text = LESSON.replace("init_duration: 12s", "init_duration: 3min\n"
                          "    versions:\n      1: {provisioned_concurrent_executions: 1}")
    code, out, err, path = _check(tmp_path, capsys, text)
    assert "provisioned-concurrency Init run (130 s" in err
    assert "spillover" in err
