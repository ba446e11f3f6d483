"""`lambdascope check` warns, at the subscription or the rule's target, when SNS or EventBridge
may not invoke a function (issue 10). SNS and EventBridge invoke asynchronously, as
`sns.amazonaws.com` / `events.amazonaws.com`, and Lambda lets them only if the function's
resource-based policy allows that principal with the topic's / rule's ARN as SourceArn
(docs/reference/lambda-behaviour.md §20 SNS22, §21 EBRBP;
https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html,
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html).
Unlike S3 (§13 A4c), neither service checks that when it is configured, so the mistake shows
only as refused deliveries: `check` says what is wrong and the statement that fixes it."""

from __future__ import annotations

import pytest

from app.cli import main

SNS = """\
title: Fan-out
teaches: push
summary: An app publishes; a topic gives a copy to two functions.
resources:
  app: {type: actor, kind: custom_app, policies: [{action: "sns:Publish", resource: "*"}]}
  news:
    type: sns_topic
    subscriptions:
      - function: first
      - function: second
  role: {type: iam_role, trusts: lambda.amazonaws.com}
  first:
    type: function
    handler: builtin.echo
    role: role
    permissions: [{sid: s1, principal: sns.amazonaws.com, source_arn: "arn:aws:sns:us-east-1:123456789012:news"}]
  second:
    type: function
    handler: builtin.echo
    role: role
    permissions: [SECOND]
script:
  - {at: 0s, actor: app, action: publish, topic: news, message: hello}
"""

RULE = """\
title: Nightly
teaches: push
summary: A schedule runs a function.
settings: {stop_after: 2h}
resources:
  nightly:
    type: eventbridge_rule
    schedule_expression: rate(1 hour)
    targets: [report]
  role: {type: iam_role, trusts: lambda.amazonaws.com, policies: [ROLE]}
  report:
    type: function
    handler: builtin.echo
    role: role
    permissions: [PERMS]
  ops: {type: actor, kind: custom_app, policies: [{action: "lambda:InvokeFunction", resource: "*"}]}
script:
  - {at: 0s, actor: ops, action: invoke, function: report}
"""


def _check(tmp_path, capsys, text: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err.strip().splitlines(), path


def test_a_subscription_whose_function_does_not_allow_sns_is_warned_at_the_subscription(tmp_path, capsys):
    code, out, lines, path = _check(tmp_path, capsys, SNS.replace("[SECOND]", "[]"))
    assert code == 0, out
    mine = [line for line in lines if "resources.news.subscriptions[1]" in line]
    assert len(mine) == 1, lines
    line = mine[0]
    assert line.startswith(f"{path}:10:")  # the `- function: second` line
    assert "warning:" in line and "second" in line and "sns.amazonaws.com" in line
    assert "source_arn: \"arn:aws:sns:us-east-1:123456789012:news\"" in line  # the fix, spelled out
    # The generic "add {action, resource}" advice would be wrong for a service principal.
    assert not any("script[0]" in line for line in lines), lines
    assert not any("resources.news.subscriptions[0]" in line for line in lines)


def test_a_statement_for_another_topic_does_not_count(tmp_path, capsys):
    other = '{sid: s2, principal: sns.amazonaws.com, source_arn: "arn:aws:sns:us-east-1:123456789012:other"}'
    _, _, lines, _ = _check(tmp_path, capsys, SNS.replace("[SECOND]", f"[{other}]"))
    assert any("resources.news.subscriptions[1]" in line for line in lines), lines


def test_subscriptions_the_functions_allow_give_no_warning(tmp_path, capsys):
    ok = '{sid: s2, principal: sns.amazonaws.com, source_arn: "arn:aws:sns:us-east-1:123456789012:news"}'
    code, out, lines, _ = _check(tmp_path, capsys, SNS.replace("[SECOND]", f"[{ok}]"))
    assert code == 0 and lines == [], lines


@pytest.mark.parametrize("role", ['{action: "lambda:InvokeFunction", resource: "*"}', ""])
def test_a_rule_target_without_events_permission_is_warned_at_the_target(tmp_path, capsys, role):
    """An execution-role right does not help: the role is what the function may call."""
    code, out, lines, path = _check(tmp_path, capsys,
                                    RULE.replace("[ROLE]", f"[{role}]").replace("[PERMS]", "[]"))
    assert code == 0, out
    mine = [line for line in lines if "resources.nightly.targets[0]" in line]
    assert len(mine) == 1, lines
    assert mine[0].startswith(f"{path}:9:")
    assert "events.amazonaws.com" in mine[0]
    assert "source_arn: \"arn:aws:events:us-east-1:123456789012:rule/nightly\"" in mine[0]


def test_a_rule_target_that_allows_events_gives_no_warning(tmp_path, capsys):
    ok = '{sid: s2, principal: events.amazonaws.com, source_arn: "arn:aws:events:us-east-1:123456789012:rule/nightly"}'
    code, out, lines, _ = _check(tmp_path, capsys,
                                 RULE.replace("[ROLE]", "[]").replace("[PERMS]", f"[{ok}]"))
    assert code == 0 and not any("targets" in line for line in lines), lines


def test_the_built_in_lessons_have_no_such_warning():
    from app.bundled import resolve_scenario
    from app.engine.push_permission_warnings import push_permission_warnings
    from app.scenario.loader import load_scenario

    for name in ("fan-out-sns", "nightly-schedule"):
        assert push_permission_warnings(load_scenario(resolve_scenario(name))) == []


def test_a_refusal_the_lesson_expects_is_not_warned(tmp_path, capsys):
    """`expect: denied` on the publish says the refused delivery is the lesson: no warning, and
    `check --strict` passes."""
    text = SNS.replace("[SECOND]", "[]").replace(
        "message: hello}", "message: hello, expect: denied}")
    path = tmp_path / "lesson.yaml"
    path.write_text(text)
    code = main(["check", "--strict", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "subscriptions[1]" not in err
