"""`check` errors for SNS topics and EventBridge rules (lambda-behaviour.md §20, §21)."""

from __future__ import annotations

from scenario_texts import minimal_with

from app.scenario.loader import load_scenario_text

TOPIC = ["  news:", "    type: sns_topic", "    subscriptions:"]  # lines 17-19


def _topic(*subs: str) -> str:
    return minimal_with({15: "  " + "\n  ".join(TOPIC).lstrip() + "\n" + "\n".join(subs) + "\nscript:"})


def test_a_subscription_to_a_missing_function_is_refused(problems):
    text = _topic("      - {function: wroker}")
    (line,) = problems(text)
    assert "subscriptions[0].function: there is no resource named 'wroker' (did you mean 'worker'?)" in line


def test_a_subscription_takes_one_endpoint(problems):
    lines = problems(_topic("      - {function: worker, queue: worker}"))
    assert any("subscriptions[0]: a subscription takes exactly one of `function` or `queue`" in x
               for x in lines)


def test_a_queue_subscription_must_name_a_queue(problems):
    assert load_scenario_text(_topic("      - {queue: inbox}", "  inbox:", "    type: sqs_queue"), "s.yaml")
    (line,) = problems(_topic("      - {queue: worker}"))
    assert "subscriptions[0].queue: 'worker' is a function, but a subscription's queue must name an sqs_queue" in line


def test_a_publish_must_name_a_topic(problems):
    text = minimal_with({16: "  - {at: 0s, actor: app, action: publish, topic: worker, message: hi}"})
    (line,) = problems(text)
    assert "'worker' is a function, but publish's topic must name an sns_topic" in line


def _rule(*lines: str, settings: str = "settings: {stop_after: 72h}") -> str:
    return minimal_with({15: "  nightly:\n    type: eventbridge_rule\n" + "\n".join(lines)
                         + "\n" + settings + "\nscript:"})


def test_a_rule_with_schedule_and_pattern_is_refused(problems):
    text = _rule("    schedule_expression: rate(1 day)", "    event_pattern: {source: [a]}",
                 "    targets: [worker]")
    (line,) = problems(text)
    assert "exactly one of `schedule_expression` or `event_pattern`" in line


def test_a_bad_rate_expression_is_refused_at_its_line(problems):
    (line,) = problems(_rule("    schedule_expression: rate(1 days)", "    targets: [worker]"))
    assert line.startswith("s.yaml:17:")
    assert "rate(1 day)" in line


def test_a_bad_cron_expression_is_refused(problems):
    (line,) = problems(_rule("    schedule_expression: cron(0 2 * * * *)", "    targets: [worker]"))
    assert "must be '?'" in line


def test_a_rule_target_must_be_a_function(problems):
    (line,) = problems(_rule("    schedule_expression: rate(1 day)", "    targets: [app]"))
    assert "targets[0]: 'app' is an actor, but a rule's target must name a function" in line


def test_an_s3_notification_takes_one_destination(problems):
    text = _topic("      - {function: worker}", "  photos:", "    type: s3_bucket",
                  "    notifications:",
                  "      - {events: ['s3:ObjectCreated:*'], function: worker, topic: news}")
    (line,) = problems(text)
    assert "exactly one of `function`, `topic` or `queue`" in line


def test_forward_to_must_name_a_writable_resource(problems):
    text = minimal_with({13: "    handler: builtin.forward\n    options: {to: app}"})
    (line,) = problems(text)
    assert "options.to: 'app' is an actor, but builtin.forward's `to` must name" in line


def test_check_refuses_an_event_pattern_eventbridge_would_refuse(problems):
    """§21 (EBOPS): a pattern EventBridge refuses must not load and then silently never match."""
    text = _rule("    event_pattern: {source: [{contains: shop}]}", "    targets: [worker]")
    assert any("unknown operator 'contains'" in p for p in problems(text))
