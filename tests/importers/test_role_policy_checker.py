"""The importer asks "may this role do that?" in one place, and answers as IAM does.

Before, the starter (choosing handlers) and the script writer (choosing what a Cognito app
invokes) each had a checker, and they disagreed: the script writer compared actions with their
letter case and let an Allow win over an explicit Deny. IAM compares actions case-insensitively
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html) and an
explicit Deny overrides any Allow
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html;
docs/reference/lambda-behaviour.md §6), as the engine's app.engine.iam does; the importer now
uses that evaluation, so the lesson it writes is decided the same way when it runs.
"""

from pathlib import Path

import pytest

from app.importers.role_policy import role_allows

FIXTURES = Path(__file__).parent / "fixtures"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:process-clicks"


def test_actions_ignore_letter_case_resources_do_not():
    role = {"policies": [{"action": "Lambda:invokefunction", "resource": ARN}]}
    assert role_allows(role, "lambda:InvokeFunction", ARN)
    assert not role_allows(role, "lambda:InvokeFunction", ARN.replace("process", "Process"))


def test_an_explicit_deny_wins_over_an_allow_in_any_order():
    allow = {"action": "lambda:*", "resource": "*"}
    deny = {"effect": "Deny", "action": ["lambda:InvokeFunction"], "resource": ARN}
    assert not role_allows({"policies": [allow, deny]}, "lambda:InvokeFunction", ARN)
    assert not role_allows({"policies": [deny, allow]}, "lambda:InvokeFunction", ARN)
    assert role_allows({"policies": [allow, deny]}, "lambda:GetFunction", ARN)


def test_only_star_and_question_mark_are_wildcards():
    """fnmatch read `[...]` as a set of characters; IAM has no such wildcard."""
    role = {"policies": [{"action": "s3:PutObject", "resource": "arn:aws:s3:::b[12]/*"}]}
    assert not role_allows(role, "s3:PutObject", "arn:aws:s3:::b1/x")
    assert role_allows(role, "s3:PutObject", "arn:aws:s3:::b[12]/x")


def test_no_role_or_no_statement_allows_nothing():
    assert not role_allows({}, "s3:GetObject", "arn:aws:s3:::b/x")
    assert not role_allows({"policies": []}, "s3:GetObject", "arn:aws:s3:::b/x")


def _import_cognito(tmp_path: Path, statements: str):
    pytest.importorskip("samtranslator")
    pytest.importorskip("cfnlint")
    from app.importers import import_template
    from tests.importers.helpers import check_text

    text = (FIXTURES / "cognito.yaml").read_text(encoding="utf-8")
    old = ("              - Effect: Allow\n                Action: lambda:InvokeFunction\n"
           "                Resource: !GetAtt ProcessClicks.Arn\n")
    assert old in text
    template = tmp_path / "cognito.yaml"
    template.write_text(text.replace(old, statements), encoding="utf-8")
    out = tmp_path / "cognito.lesson.yaml"
    result = import_template(template, lesson_path=out)
    out.write_text(result.text, encoding="utf-8")
    _, lines, _ = check_text(result.text, out)
    return [e["action"] for e in result.lesson["script"]], lines


def test_a_pool_role_that_writes_the_action_in_other_letters_still_gets_the_mobile_app(tmp_path):
    """The case that differed: the starter said yes, the script writer said no (so the lesson
    left out the Cognito sign-in the template is about), the engine says yes."""
    actions, lines = _import_cognito(tmp_path, (
        "              - Effect: Allow\n                Action: Lambda:invokeFunction\n"
        "                Resource: !GetAtt ProcessClicks.Arn\n"))
    assert actions == ["get_credentials", "invoke"]
    assert lines[1] == "script[1] invoke process-clicks → process-clicks ran"


def test_a_pool_role_that_denies_the_invoke_does_not_get_a_refused_mobile_app(tmp_path):
    """The script writer skipped Deny statements and kept the Allow, so the lesson's mobile app
    invoked and the engine refused it; the function is now invoked by the client app."""
    actions, lines = _import_cognito(tmp_path, (
        "              - Effect: Allow\n                Action: 'lambda:*'\n                Resource: '*'\n"
        "              - Effect: Deny\n                Action: lambda:InvokeFunction\n"
        "                Resource: !GetAtt ProcessClicks.Arn\n"))
    assert actions == ["invoke"]
    assert "DENIED" not in lines[0]
