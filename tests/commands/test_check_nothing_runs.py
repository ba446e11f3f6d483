"""`lambdascope check` warns when no function runs at all in the file's run (a teacher's find:
a lesson whose load starts after `settings.stop_after` printed a plain OK, though nothing in
it ever reaches Lambda). Each case says why, at the key to change; a lesson that runs a
function, or whose every entry expects its refusal, stays quiet."""

from __future__ import annotations

import pytest

from app.cli import main

HEAD = """\
title: A lesson
teaches: on-demand
summary: A lesson.
"""
FUNCTION = """\
  checkout: {type: actor, kind: custom_app, policies: [{action: "lambda:InvokeFunction", resource: "*"}]}
  role: {type: iam_role, trusts: lambda.amazonaws.com}
  price-order: {type: function, handler: builtin.echo, role: role}
"""
BURST_AT_15S = """\
script:
  - at: 15s
    actor: checkout
    action: load
    pattern: burst
    count: 8
    request: {action: invoke, function: price-order, payload: {orderId: "S-{n}"}}
"""


def _check(tmp_path, capsys, text: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if "warning:" in line]


def test_a_stop_before_the_first_entry_is_warned_at_stop_after(tmp_path, capsys):
    text = HEAD + "settings: {stop_after: 5s}\nresources:\n" + FUNCTION + BURST_AT_15S
    code, out, warnings = _check(tmp_path, capsys, text)
    assert code == 0 and "(3 resources, 1 script entry, 1 warning)" in out  # before: a plain OK
    assert len(warnings) == 1
    assert ":4:" in warnings[0] and "settings.stop_after: warning: no function runs" in warnings[0]
    assert "5s" in warnings[0] and "15s" in warnings[0]
    assert main(["check", "--strict", str(tmp_path / "lesson.yaml")]) == 1


def test_a_file_without_a_function_is_warned(tmp_path, capsys):
    text = HEAD + """\
resources:
  user: {type: actor, kind: user, policies: [{action: "s3:PutObject", resource: "arn:aws:s3:::photos/*"}]}
  photos: {type: s3_bucket}
script:
  - {at: 0s, actor: user, action: put_object, bucket: photos, key: a.jpg, body: "x"}
"""
    code, out, warnings = _check(tmp_path, capsys, text)
    assert code == 0 and "1 warning" in out
    assert len(warnings) == 1 and "resources: warning: no function runs" in warnings[0]
    assert "has no function" in warnings[0]


def test_a_full_run_whose_other_warnings_say_why_gets_no_second_one(tmp_path, capsys):
    text = HEAD + "resources:\n" + FUNCTION + """\
  photos: {type: s3_bucket}
script:
  - {at: 0s, actor: checkout, action: put_object, bucket: photos, key: a.jpg, body: "x"}
"""
    code, out, warnings = _check(tmp_path, capsys, text)
    assert any("nothing in the run invokes price-order" in w for w in warnings)  # as before
    assert not [w for w in warnings if "no function runs" in w]


def test_a_full_run_that_reaches_no_function_and_nothing_else_says_why(tmp_path):
    """The fallback, with no other warning found: `check` passes explained=False then."""
    from app.commands.nothing_runs import nothing_runs_warnings
    from app.engine.run import run
    from app.scenario.loader import load_scenario_text

    scenario = load_scenario_text(HEAD + "resources:\n" + FUNCTION + """\
  photos: {type: s3_bucket}
script:
  - {at: 0s, actor: checkout, action: put_object, bucket: photos, key: a.jpg, body: "x"}
""")
    trace = run(scenario)
    (warning,) = nothing_runs_warnings(scenario, trace)
    assert warning.path == ("script",) and warning.message.startswith("warning: no function runs")
    assert nothing_runs_warnings(scenario, trace, explained=True) == []


@pytest.mark.parametrize("script", [
    "script:\n  - {at: 0s, actor: checkout, action: invoke, function: price-order}\n",
    BURST_AT_15S,  # no stop: the burst runs
])
def test_a_lesson_that_runs_a_function_has_no_such_warning(tmp_path, capsys, script):
    code, out, warnings = _check(tmp_path, capsys, HEAD + "resources:\n" + FUNCTION + script)
    assert code == 0 and not [w for w in warnings if "no function runs" in w]


def test_a_refusal_that_is_the_lesson_stays_quiet(tmp_path, capsys):
    text = HEAD + """\
resources:
  app: {type: actor, kind: custom_app}
  role: {type: iam_role, trusts: lambda.amazonaws.com}
  echo: {type: function, handler: builtin.echo, role: role}
script:
  - {at: 0s, actor: app, action: invoke, function: echo, expect: denied}
"""
    code, out, warnings = _check(tmp_path, capsys, text)
    assert not [w for w in warnings if "no function runs" in w]


def test_the_built_in_lessons_have_no_such_warning(capsys):
    from app.bundled import builtin_scenarios

    for info in builtin_scenarios():
        main(["check", str(info.path)])
        _out, err = capsys.readouterr()
        assert "no function runs" not in err, info.path.stem
