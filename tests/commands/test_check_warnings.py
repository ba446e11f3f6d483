"""`lambdascope check` warns about a DLQ or destination the execution role may not send to
(issue 8, item 4). AWS refuses such a configuration when it is saved, in practice
(docs/reference/lambda-behaviour.md §13 A3c); at run time Lambda would delete the events and
count DeadLetterErrors / DestinationDeliveryFailures (§13 A3a/b,
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html)."""

from __future__ import annotations

import pytest

from app.cli import main

SCENARIO = """\
title: Failed events go to a queue
teaches: on-demand
summary: An app invokes a function asynchronously; failed events go to a queue.
resources:
  app: {type: actor, kind: custom_app, policies: [{action: "lambda:InvokeFunction", resource: "*"}]}
  dlq: {type: sqs_queue}
  alerts: {type: sns_topic}
  worker-role:
    type: iam_role
    trusts: lambda.amazonaws.com
    policies: [POLICIES]
  worker:
    type: function
    handler: builtin.echo
    role: worker-role
    dead_letter_queue: dlq
    event_invoke_config: {on_failure: alerts}
script:
  - {at: 0s, actor: app, action: invoke, function: worker, invocation_type: Event}
"""


def _check(tmp_path, capsys, policies: str):
    path = tmp_path / "dlq.yaml"
    path.write_text(SCENARIO.replace("POLICIES", policies))
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err, path


def test_dlq_and_destination_without_send_rights_are_warned_at_their_lines(tmp_path, capsys):
    code, out, err, path = _check(tmp_path, capsys, "")
    assert code == 0 and "2 warnings" in out
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:16:") and "resources.worker.dead_letter_queue: warning:" in lines[0]
    assert "sqs:SendMessage" in lines[0] and "DeadLetterErrors" in lines[0]
    assert lines[1].startswith(f"{path}:17:") and "on_failure: warning:" in lines[1]
    assert "sns:Publish" in lines[1] and "DestinationDeliveryFailures" in lines[1]


@pytest.mark.parametrize("policies, warned", [
    ('{action: "sqs:SendMessage", resource: "*"}', 1),
    ('{action: ["sqs:SendMessage", "sns:Publish"], resource: "*"}', 0),
])
def test_only_the_targets_the_role_cannot_reach_are_warned(tmp_path, capsys, policies, warned):
    code, out, err, _ = _check(tmp_path, capsys, policies)
    assert code == 0 and len(err.strip().splitlines()) == warned
