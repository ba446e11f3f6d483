"""A refusal further down the chain is not the script entry's own (found by a teacher's trial).

An async invoke whose function fails sends the event to its on-failure destination with the
execution role (docs/reference/lambda-behaviour.md §13 A3). When that role's statement *denies*
sqs:SendMessage, `check` used to print the entry as `→ DENIED: …` (as if the app's own Invoke
was refused) and to advise an Allow, which cannot override an explicit Deny (IAM evaluation
logic, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
"""

from __future__ import annotations

from app.cli import main

LESSON = """\
title: Failures go to a queue
teaches: on-demand
summary: An app invokes a function asynchronously; it fails; the failure goes to a queue.
resources:
  app: {type: actor, kind: custom_app, policies: [{action: "lambda:InvokeFunction", resource: "*"}]}
  failures: {type: sqs_queue}
  worker-role:
    type: iam_role
    trusts: lambda.amazonaws.com
    policies:
      - {sid: SendFailures, EFFECTaction: "sqs:SendMessage", resource: "*"}
  worker:
    type: function
    handler: builtin.echo
    role: worker-role
    faults: {fail: always}
    event_invoke_config: {on_failure: failures, maximum_retry_attempts: 0}
script:
  - {at: 0s, actor: app, action: invoke, function: worker, invocation_type: Event}
"""


def _check(tmp_path, capsys, effect: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(LESSON.replace("EFFECT", effect))
    code = main(["check", str(path)])
    return code, *capsys.readouterr()


def test_a_denied_destination_is_a_later_refusal_not_the_entrys(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, "effect: Deny, ")
    line = next(l for l in out.splitlines() if l.startswith("  script[0]"))
    assert "→ DENIED" not in line
    assert "worker ran" in line and "later refused: worker may not sqs:SendMessage on failures" in line


def test_an_explicit_deny_is_fixed_by_removing_it_not_by_an_allow(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, "effect: Deny, ")
    warning = next(l for l in err.splitlines() if "on_failure: warning:" in l)
    assert "statement SendFailures" in warning and "cannot override an explicit Deny" in warning
    assert "Allow sqs:SendMessage" not in warning


def test_an_allowed_destination_has_neither(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys, "")
    assert "on_failure: warning:" not in err and "refused" not in out
