"""`check` on SNS → SQS and PutEvents lessons (an expert's review): no false "never gets a record"
for a queue fed by a topic, PutEvents outcomes in EventBridge's words (not S3's), "an" before a
vowel (lambda-behaviour.md §14, §20, §21)."""

from __future__ import annotations

from app.cli import main

LESSON = """\
title: Topic to queue, and events
teaches: push
summary: A topic feeds a queue that a function reads; events go on the default bus.
resources:
  app:
    type: actor
    kind: custom_app
    policies:
      - {action: ["events:PutEvents", "sns:Publish"], resource: "*"}
  orders-rule:
    type: eventbridge_rule
    event_pattern: {source: ["com.shop"]}
    targets: [audit]
  topic:
    type: sns_topic
    subscriptions:
      - queue: inbox
  inbox:
    type: sqs_queue
    permissions:
      - {sid: FromTopic, principal: sns.amazonaws.com, source_arn: "arn:aws:sns:us-east-1:123456789012:topic"}
  role:
    type: iam_role
    trusts: lambda.amazonaws.com
    managed_policies: [AWSLambdaSQSQueueExecutionRole, AWSLambdaBasicExecutionRole]
  audit:
    type: function
    handler: builtin.echo
    role: role
    permissions:
      - {sid: FromRule, principal: events.amazonaws.com, source_arn: "arn:aws:events:us-east-1:123456789012:rule/orders-rule"}
  reader:
    type: function
    handler: builtin.echo
    role: role
  inbox-map:
    type: event_source_mapping
    source: inbox
    function: reader
script:
  - {at: 0s, actor: app, action: put_events, source: com.shop, detail_type: OrderPlaced}
  - {at: 1s, actor: app, action: put_events, source: other.app, detail_type: OrderPlaced}
  - {at: 2s, actor: app, action: put_events, source: aws.s3, detail_type: OrderPlaced}
  - {at: 3s, actor: app, action: publish, topic: topic, message: hello}
"""


def _check(tmp_path, capsys):
    path = tmp_path / "lesson.yaml"
    path.write_text(LESSON, encoding="utf-8")
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_queue_fed_by_a_topic_is_not_warned_as_never_getting_a_record(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys)
    assert code == 0
    assert "never gets a record" not in err
    assert "script[3] publish topic → reader ran" in out


def test_put_events_outcomes_speak_of_rules_and_failed_entries_not_s3_keys(tmp_path, capsys):
    code, out, err = _check(tmp_path, capsys)
    assert "no notification matches the key" not in out
    lines = [line for line in out.splitlines() if "script[" in line]
    assert "audit ran" in lines[0]
    assert "matches no rule" in lines[1]
    assert "NotAuthorizedForSourceException" in lines[2]


def test_the_request_summary_says_an_before_a_vowel():
    from app.engine.run import run
    from app.scenario.loader import load_scenario_text
    trace = run(load_scenario_text(LESSON, "s.yaml"))
    summary = next(s.summary for s in trace if s.kind == "request" and s.source == "app")
    assert "puts an OrderPlaced event" in summary
