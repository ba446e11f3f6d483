"""`check` points at a misspelt IAM action or a policy ARN naming a resource the scenario does
not have, at the statement's own line with did-you-mean, and does not repeat the refusal (or the
starved mapping) it causes. Wildcards, real actions in any case, and ARNs of other accounts,
Regions or unmodelled resources are left alone (docs/reference/lambda-behaviour.md §6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli import main
from app.scenario.iam_actions import ACTIONS
from app.scenario.policy_warnings import action_advice

LESSON = (Path(__file__).parent / "lesson_cases" / "api-queue.yaml").read_text()
ARN = "arn:aws:sqs:us-east-1:123456789012:orders"


def _check(tmp_path, capsys, text: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err.splitlines(), path


def test_a_misspelt_action_is_warned_at_its_line_and_nothing_else(tmp_path, capsys):
    code, out, err, path = _check(tmp_path, capsys, LESSON.replace('"sqs:SendMessage"', '"sqs:SendMesage"'))
    assert code == 0 and "1 warning)" in out
    (line,) = err
    assert line.startswith(f"{path}:26:27: resources.accept-role.policies[0].action: warning: sqs:SendMesage")
    assert "Did you mean sqs:SendMessage?" in line


def test_a_wrong_queue_arn_is_warned_at_its_line_and_nothing_else(tmp_path, capsys):
    code, out, err, path = _check(tmp_path, capsys, LESSON.replace(f'"{ARN}"', f'"{ARN[:-1]}"'))
    assert code == 0 and "1 warning)" in out
    (line,) = err
    assert line.startswith(f"{path}:26:54: resources.accept-role.policies[0].resource: warning: ")
    assert "no queue named 'order'" in line and f"Did you mean {ARN}?" in line


@pytest.mark.parametrize("action", ["sqs:sendmessage", "SQS:SendMessage", "sqs:Send*", "sqs:*", "*",
                                    "sqs:?endMessage", "ec2:RunInstances", "iam:PassRole"])
def test_real_actions_wildcards_and_other_services_are_not_warned(action):
    assert action_advice(action) is None


@pytest.mark.parametrize("action, words, fixed", [
    ("sqs:SendMesage", "sqs has no action 'SendMesage'", "sqs:SendMessage"),
    ("sqs:sendmesage", "sqs has no action", "sqs:SendMessage"),
    ("sqs:Sned*", "matches no action of sqs", None),
    ("lamda:InvokeFunction", "no service prefix 'lamda'", "lambda:InvokeFunction"),
    ("s3:GetObjects", "s3 has no action", "s3:GetObject"),
    ("SendMessage", "not an action", None),
])
def test_misspelt_actions_get_the_closest_real_one(action, words, fixed):
    what, suggestion = action_advice(action)
    assert words in what and suggestion == fixed


@pytest.mark.parametrize("resource", [
    "arn:aws:sqs:us-east-1:123456789012:ord*",      # a wildcard in the name
    "arn:aws:sqs:eu-west-1:123456789012:order",     # another Region
    "arn:aws:sqs:us-east-1:210987654321:order",     # another account
    "arn:aws:logs:us-east-1:123456789012:log-group:x",  # a kind LambdaScope does not model
    "*",
])
def test_arns_outside_the_scenario_or_with_wildcards_are_not_warned(tmp_path, capsys, resource):
    text = LESSON.replace('action: "sqs:SendMessage"', 'action: ["sqs:SendMessage", "sqs:GetQueueUrl"]')
    text = text.replace("    policies:\n", f'    policies:\n      - {{action: "sqs:GetQueueUrl", resource: "{resource}"}}\n')
    code, out, err, _ = _check(tmp_path, capsys, text)
    assert err == [], err


@pytest.mark.parametrize("good, bad, words", [
    ("arn:aws:s3:::photos/*", "arn:aws:s3:::photo/*", "no bucket named 'photo'"),
    ("arn:aws:lambda:us-east-1:123456789012:function:accept-order",
     "arn:aws:lambda:us-east-1:123456789012:function:accept-ordr", "no function named 'accept-ordr'"),
    ("arn:aws:iam::123456789012:role/worker-role", "arn:aws:iam::123456789012:role/workers-role",
     "no role named 'workers-role'"),
])
def test_other_kinds_of_arn_are_checked_too(tmp_path, capsys, good, bad, words):
    text = LESSON.replace("    policies:\n", f'    policies:\n      - {{action: "sqs:GetQueueUrl", resource: "{bad}"}}\n')
    text = text.replace("  orders:\n", "  photos:\n    type: s3_bucket\n  orders:\n")
    code, out, err, _ = _check(tmp_path, capsys, text)
    (line,) = err
    assert words in line and f"Did you mean {good}?" in line


def test_a_wrong_source_arn_in_a_permission_is_warned(tmp_path, capsys):
    text = (Path(__file__).resolve().parents[2] / "scenarios" / "photo-thumbnails.yaml").read_text()
    path = tmp_path / "p.yaml"
    path.write_text(text.replace('source_arn: "arn:aws:s3:::photos"', 'source_arn: "arn:aws:s3:::photo"'))
    (tmp_path / "photos").symlink_to(Path(__file__).resolve().parents[2] / "scenarios" / "photos")
    main(["check", str(path)])
    err = capsys.readouterr().err.splitlines()
    typo = [line for line in err if "permissions[0].source_arn: warning:" in line]
    assert typo and "no bucket named 'photo'" in typo[0] and "Did you mean arn:aws:s3:::photos?" in typo[0]


def test_every_action_the_engine_checks_is_a_known_action():
    """No warning may call an action the simulation itself uses a typo."""
    root = Path(__file__).resolve().parents[2] / "app"
    used = set()
    for path in list((root / "engine").rglob("*.py")) + list((root / "scenario").glob("policies.py")):
        used |= set(re.findall(r'"((?:sqs|sns|lambda|s3|dynamodb|kinesis|logs|events|sts):[A-Za-z]+)"',
                               path.read_text()))
    assert len(used) > 20
    for action in used:
        service, name = action.split(":")
        if name in ("IntelligentTiering", "LifecycleTransition", "ReducedRedundancyLostObject"):
            continue  # S3 event names, not actions
        assert name.lower() in {a.lower() for a in ACTIONS[service]}, action


def test_a_misspelt_service_principal_is_warned_at_its_statement_not_at_the_subscription(
        tmp_path, capsys):
    """A teacher wrote `principal: sns.amazon.com`: `check` blamed the subscription and advised a
    second statement (AllowSNS2). The warning now stands at the principal with the fix, and the
    refused deliveries it causes are not warned again (§6, §20)."""
    from app.bundled import resolve_scenario

    text = resolve_scenario("fan-out-sns").read_text()
    lines = text.splitlines(keepends=True)
    assert lines[63].strip() == "principal: sns.amazonaws.com"
    lines[63] = lines[63].replace("sns.amazonaws.com", "sns.amazon.com")
    code, out, err, path = _check(tmp_path, capsys, "".join(lines))
    assert code == 0 and "1 warning)" in out, (out, err)
    (line,) = err
    assert line.startswith(f"{path}:64:9: ") and ".principal: warning: sns.amazon.com" in line
    assert "Did you mean sns.amazonaws.com?" in line and "AllowSNS2" not in line


@pytest.mark.parametrize("principal", ["sns.amazonaws.com", "123456789012", "*",
                                       "arn:aws:iam::123456789012:root", "ec2.amazonaws.com",
                                       "states.amazonaws.com"])
def test_real_principals_and_accounts_are_not_warned(principal):
    from app.scenario.policy_warnings import principal_advice

    assert principal_advice(principal) is None


@pytest.mark.parametrize("principal, meant", [("sns.amazon.com", "sns.amazonaws.com"),
                                              ("lamda.amazonaws.com", "lambda.amazonaws.com"),
                                              ("event.amazonaws.com", "events.amazonaws.com"),
                                              ("s3.amazonaws.con", "s3.amazonaws.com")])
def test_near_miss_principals_get_the_service_principal_meant(principal, meant):
    from app.scenario.policy_warnings import principal_advice

    assert principal_advice(principal) == ("not a service principal", meant)
