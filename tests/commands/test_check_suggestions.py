"""Every fix `check` suggests is valid scenario syntax that, pasted where the message says,
passes `check` (a teacher's report: the suggested resource-based statement lacked `sid` and
`principal`, and pointed at the script line).

Each case below is a lesson with one slip that gets one kind of suggestion. The test reads the
instructions out of the warning (the forms of app.scenario.advice and "write `…` in its place"),
applies them to the file's data as a teacher would paste them, writes the file again and checks
it: no problem, and the warning is gone. A second test makes sure no warning of these cases or
of the built-in lessons holds a YAML snippet that none of the forms covers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.cli import main
from app.scenario.yaml_source import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
LESSON = (Path(__file__).parent / "lesson_cases" / "api-queue.yaml").read_text()


def _builtin(name: str) -> str:
    return (ROOT / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8")


def _cut(text: str, start: str, lines: int) -> str:
    """`text` without the line holding `start` and the `lines - 1` lines after it."""
    rows = text.splitlines(keepends=True)
    i = next(i for i, row in enumerate(rows) if start in row)
    return "".join(rows[:i] + rows[i + lines:])


QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"
TWO_APIS = (_cut(LESSON, "    permissions:", 4)
            .replace("  shop-api:\n", "  other-api:\n    type: api_gateway\n    routes:\n"
                     "      - {method: POST, path: /orders, function: accept-order}\n  shop-api:\n", 1)
            + "  - {at: 3s, actor: browser, action: http_request, api: other-api, method: POST, "
              "path: /orders, body: '{\"item\": \"tea\", \"qty\": 1}'}\n")
CASES = {
    # function's resource-based policy, no `permissions:` yet / one that does not match
    "api gateway, no permissions": _cut(LESSON, "    permissions:", 4),
    # two APIs refused by one function: two statements, each with its own Sid and source
    "two api gateways, no permissions": TWO_APIS,
    "api gateway, wrong source": LESSON.replace('source_arn: "arn:aws:execute-api:us-east-1:123456789012:*"',
                                                'source_arn: "arn:aws:execute-api:us-east-1:123456789012:abc/*"'),
    # a role's identity policy, none yet / one with other statements
    "role, no policies": _cut(LESSON, "    policies:", 2),
    "role, other statements": LESSON.replace('action: "sqs:SendMessage"', 'action: "sqs:GetQueueUrl"'),
    # an actor's identity policy
    "actor, no policies": _cut(_builtin("photo-thumbnails"), "    policies:", 2),
    # S3 refuses the notification configuration
    "s3, no permissions": _cut(_builtin("photo-thumbnails"), "    permissions:", 5),
    "s3, object ARN": _builtin("photo-thumbnails").replace('source_arn: "arn:aws:s3:::photos"',
                                                           'source_arn: "arn:aws:s3:::photos/*"'),
    # S3 refuses a notification to a topic whose policy does not let S3 publish
    "s3 to a topic, no topic policy": _builtin("fan-out-sns").replace(
        "    permissions:\n      - sid: AllowS3Publish\n        principal: s3.amazonaws.com\n"
        "        source_arn: \"arn:aws:s3:::uploads\"\n        source_account: \"123456789012\"\n", "", 1),
    # SNS and EventBridge may not invoke
    "sns subscription": _builtin("fan-out-sns").replace(
        "    permissions:\n      - sid: AllowSnsInvoke\n        principal: sns.amazonaws.com\n        source_arn: "
        "\"arn:aws:sns:us-east-1:123456789012:new-upload\"\n", "", 1),
    "eventbridge target": _builtin("nightly-schedule").replace(
        'source_arn: "arn:aws:events:us-east-1:123456789012:rule/nightly-report"',
        'source_arn: "arn:aws:events:eu-west-1:123456789012:rule/nightly-report"'),  # another Region
    # the mapping's execution role cannot read the queue
    "mapping role": LESSON.replace("[AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole]",
                                   "[AWSLambdaBasicExecutionRole]"),
    # a DLQ the execution role may not send to
    "dead-letter queue": LESSON.replace("    duration: 2s\n", "    duration: 2s\n    dead_letter_queue: orders\n"),
    # a Cognito guest on the enhanced flow
    "guest flow": _builtin("mobile-cognito").replace("    expect: denied\n", ""),
    # a typo in an action, in an ARN
    "action typo": LESSON.replace('"sqs:SendMessage"', '"sqs:SendMesage"'),
    "arn typo": LESSON.replace(f'"{QUEUE_ARN}"', f'"{QUEUE_ARN[:-1]}"'),
    "action typo in a list": LESSON.replace('action: "sqs:SendMessage"',
                                            'action: ["sqs:GetQueueUrl", "sqs:sendmesage"]'),
    # a function DLQ under an SQS mapping: moved to the queue's redrive policy (a student's file)
    "function dlq read by a queue mapping": (ROOT / "tests" / "cases" / "student-shop-fndlq2.yaml").read_text(),
}

ADD = re.compile(r"add to (\S+): `([^`]+)`")
ADD_ITEM = re.compile(r"add `([^`]+)` as one more item of (\S+?)'s? `(\w+):` list")
ON_ENTRY = re.compile(r"write `([^`]+)` on (script\[\d+\](?: and on script\[\d+\])*)")
IN_PLACE = re.compile(r"[Ww]rite (?:it encoded: )?`([^`]+)` in its place")
IN_LIST = re.compile(r"[Ww]rite \"([^\"]+)\" in its place in the list")
IN_PLACE_OF = re.compile(r"write `([^`]+)` in place of (\S+?)'s? `(\w+):`")
DROP_FROM = re.compile(r"drop `([^`]+)` from (\S+)")
FORMS = (ADD, ADD_ITEM, ON_ENTRY, IN_PLACE, IN_LIST, DROP_FROM)


def _run(tmp_path: Path, capsys, text: str, name: str = "lesson.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    # the lessons' photos live beside the built-ins
    for asset in ("photos",):
        link = tmp_path / asset
        if not link.exists() and (ROOT / "scenarios" / asset).exists():
            link.symlink_to(ROOT / "scenarios" / asset)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if ": warning: " in line], err


def _yaml(snippet: str):
    return parse_yaml(snippet + "\n", "snippet").data


def _key_path(line: str) -> list:
    """`resources.a.policies[0].action` of a warning line, as data keys."""
    dotted = line.split(": ", 2)[1]
    out: list = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", dotted):
        out.append(int(part[1:-1]) if part.startswith("[") else part)
    return out


def _apply(data: dict, line: str, *, alternative: bool = False) -> int:
    """Do what the warning `line` says (its fix; with `alternative`, its "if the refusal is the
    lesson" edit instead). Returns how many edits were made."""
    message = line.split(": warning: ", 1)[1] if ": warning: " in line else line.split(": ", 2)[2]
    fix, _, lesson = message.partition("if the refusal is the lesson")
    text = lesson if alternative else fix
    edits = 0
    for name, snippet in ADD.findall(text):
        (key, value), = _yaml(snippet).items()
        resource = data["resources"][name.rstrip(",")]
        assert key not in resource, f"pasting `{snippet}` would write {key} twice: {line}"
        resource[key] = value
        edits += 1
    for item, name, key in ADD_ITEM.findall(text):
        target = data["resources"][name][key]
        assert isinstance(target, list), f"{name}'s {key} is not a list: {line}"
        target.extend(_yaml(f"x: [{item}]")["x"])
        edits += 1
    for snippet, entries in ON_ENTRY.findall(text):
        for index in re.findall(r"\[(\d+)\]", entries):
            data["script"][int(index)].update(_yaml(snippet))
        edits += 1
    for snippet in IN_PLACE.findall(text):
        (key, value), = _yaml(snippet).items()
        *parent, last = _key_path(line)
        assert last == key, (key, line)
        holder = data
        for part in parent:
            holder = holder[part]
        holder[key] = value
        edits += 1
    for snippet, name, key in IN_PLACE_OF.findall(text):
        (written, value), = _yaml(snippet).items()
        assert written == key and key in data["resources"][name], line
        data["resources"][name][key] = value
        edits += 1
    for snippet, name in DROP_FROM.findall(text):
        (key, value), = _yaml(snippet).items()
        name = name.rstrip(",.;")
        assert data["resources"][name].get(key) == value, line
        del data["resources"][name][key]
        edits += 1
    for value in IN_LIST.findall(text):
        *parent, index = _key_path(line)
        holder = data
        for part in parent:
            holder = holder[part]
        holder[index] = value
        edits += 1
    return edits


@pytest.mark.parametrize("case", list(CASES))
def test_each_suggested_fix_pasted_passes_check(tmp_path, capsys, case):
    code, out, warnings, err = _run(tmp_path, capsys, CASES[case])
    assert code == 0 and warnings, err
    data = parse_yaml(CASES[case], "lesson.yaml").data
    edits = sum(_apply(data, line) for line in warnings)
    assert edits, f"no suggestion to paste in: {warnings}"
    code, out, after, err = _run(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0, err  # no problem: every snippet is valid where it was pasted
    assert after == [], after  # and it fixed what was warned


@pytest.mark.parametrize("case", ["api gateway, no permissions", "role, no policies", "actor, no policies",
                                  "guest flow"])
def test_the_other_way_out_the_refusal_is_the_lesson_passes_too(tmp_path, capsys, case):
    code, out, warnings, err = _run(tmp_path, capsys, CASES[case])
    data = parse_yaml(CASES[case], "lesson.yaml").data
    assert len(warnings) == 1 and _apply(data, warnings[0], alternative=True) == 1
    code, out, after, err = _run(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and after == [], err


def test_the_refused_invoke_is_warned_at_the_function_with_a_complete_statement(tmp_path, capsys):
    """The teacher's report, as they wrote it: the statement belongs in accept-order's policy."""
    code, out, warnings, err = _run(tmp_path, capsys, CASES["api gateway, no permissions"])
    (line,) = warnings
    assert ":28:3: resources.accept-order: warning: apigateway.amazonaws.com is refused" in line
    assert ("add to accept-order: `permissions: [{sid: AllowApiGateway, principal: "
            "apigateway.amazonaws.com, source_arn: \"arn:aws:execute-api:us-east-1:123456789012:") in line
    assert "(script[0])" in line


def _snippets(line: str) -> list[str]:
    """The backticked texts of a warning that are YAML to write (they hold `key: value`)."""
    message = line.split(": warning: ", 1)[1]
    return [s for s in re.findall(r"`([^`]+)`", message) if re.search(r"\w: ", s)]


def test_every_snippet_in_a_warning_is_one_the_test_can_paste(tmp_path, capsys):
    """No warning (of these cases or of the built-ins) holds a snippet outside the pasteable
    forms, except one to remove (`drop `…``) or a key named in prose (`Lower `duration``)."""
    lines = []
    for case, text in CASES.items():
        lines += _run(tmp_path, capsys, text)[2]
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        main(["check", str(path)])
        lines += [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    seen = set()
    for line in lines:
        message = line.split(": warning: ", 1)[1]
        covered = {m.group(1) if form is not ADD else m.group(2)
                   for form in FORMS for m in form.finditer(message)}
        covered |= set(re.findall(r"drop `([^`]+)`", message))
        for snippet in _snippets(line):
            assert snippet in covered, f"`{snippet}` is in no pasteable form: {line}"
            _yaml(snippet)  # valid YAML on its own
        seen |= {form.pattern for form in FORMS if form.search(message)}
    assert seen == {form.pattern for form in FORMS}, "a form of suggestion no case exercises"


PROBLEM_CASES = {
    "role trusts one other service": LESSON.replace(
        "  worker-role:\n    type: iam_role\n    trusts: lambda.amazonaws.com",
        "  worker-role:\n    type: iam_role\n    trusts: s3.amazonaws.com"),
    "role trusts a list of others": LESSON.replace(
        "  worker-role:\n    type: iam_role\n    trusts: lambda.amazonaws.com",
        "  worker-role:\n    type: iam_role\n    trusts: [s3.amazonaws.com]"),
    "table without a stream": _builtin("analytics-dynamodb").replace(
        "    stream: {enabled: true, view_type: NEW_AND_OLD_IMAGES}\n", ""),
    "table with its stream off": _builtin("analytics-dynamodb").replace(
        "stream: {enabled: true, view_type: NEW_AND_OLD_IMAGES}", "stream: {enabled: false}"),
}


@pytest.mark.parametrize("case", list(PROBLEM_CASES))
def test_each_fix_a_problem_suggests_pasted_passes_check(tmp_path, capsys, case):
    """The problems whose message holds a snippet (a role Lambda cannot assume, a table without
    a stream): the snippet, pasted as the message says, makes the file valid."""
    code, out, warnings, err = _run(tmp_path, capsys, PROBLEM_CASES[case])
    problems = [line for line in err.splitlines() if "`" in line and ": warning: " not in line]
    assert code == 1 and len(problems) == 1, err
    data = parse_yaml(PROBLEM_CASES[case], "lesson.yaml").data
    assert _apply(data, problems[0]) == 1, problems[0]
    code, out, after, err = _run(tmp_path, capsys, json.dumps(data), "fixed.yaml")
    assert code == 0 and after == [], err
