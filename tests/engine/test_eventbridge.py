"""EventBridge rules → Lambda (lambda-behaviour.md §21): the schedule clock, the Scheduled
Event field by field, events.amazonaws.com with the rule ARN, stop_after, event patterns."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from app.engine.eventbridge import UNBOUNDED_RUNS, pattern_matches
from app.engine.run import run
from tests.engine.messaging_scenarios import ACCOUNT, RULE_ARN, events_permission, nightly

HOUR = 3_600_000


def _invokes(trace):
    return [s for s in trace if s.kind == "invoke" and s.target == "report"]


def _minute_and_second(time_ms: float) -> tuple[int, float]:
    return int(time_ms // 60_000), (time_ms % 60_000) / 1000.0


def test_a_nightly_cron_rule_runs_at_two_each_night_until_stop_after():
    """Within the minute 02:00, never on its 0th second (§21, EBSR)."""
    trace = run(nightly(stop_after="50h"))
    runs = [_minute_and_second(s.time_ms) for s in _invokes(trace)]
    assert [m for m, _ in runs] == [2 * 60, 26 * 60]  # t=0 is midnight UTC
    assert all(1 <= sec < 60 for _, sec in runs)
    assert trace[len(trace) - 1].kind == "not-simulated"  # the schedule goes on: stop_after says so


def test_a_rate_rule_runs_one_period_after_creation_and_then_every_period():
    trace = run(nightly(expression="rate(10 minutes)", stop_after="35min"))
    assert [_minute_and_second(s.time_ms)[0] for s in _invokes(trace)] == [10, 20, 30]


def test_the_second_within_the_minute_comes_from_the_seed():
    """The same seed gives the same seconds; another seed other ones; each run its own."""
    def seconds(seed):
        sc = nightly(expression="rate(10 minutes)", stop_after="35min")
        sc = sc.model_copy(update={"settings": sc.settings.model_copy(update={"seed": seed})})
        return [_minute_and_second(s.time_ms)[1] for s in _invokes(run(sc))]
    assert seconds(1) == seconds(1)
    assert len(set(seconds(1))) > 1 and seconds(1) != seconds(2)


def test_the_first_run_says_within_the_minute_and_that_scheduled_rules_are_legacy():
    trace = run(nightly(stop_after="50h"))
    first, second = [s for s in trace if s.kind == "detect" and s.source == "nightly"]
    assert "within that minute" in first.narration and "EventBridge Scheduler" in first.narration
    assert "legacy" in first.narration and "legacy" not in second.narration


def test_the_scheduled_event_has_the_documented_fields():
    trace = run(nightly(stop_after="3h"))
    (invoke,) = _invokes(trace)
    event = invoke.payload
    assert list(event) == ["version", "id", "detail-type", "source", "account", "time", "region",
                           "resources", "detail"]
    assert event["version"] == "0" and event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events" and event["account"] == ACCOUNT
    assert event["region"] == "us-east-1" and event["resources"] == [RULE_ARN]
    assert event["time"].startswith("2026-01-01T02:00:") and event["detail"] == {}
    assert event["time"] != "2026-01-01T02:00:00Z"  # within the minute, not on its 0th second
    assert len(event["id"]) == 36
    assert invoke.headers == {"X-Amz-Invocation-Type": "Event"}


def test_lambda_checks_events_amazonaws_com_with_the_rule_arn():
    wrong = dict(events_permission(), source_arn=RULE_ARN + "-weekly")
    trace = run(nightly(permissions=[wrong], stop_after="3h"))
    check = next(s for s in trace if s.kind == "permission-check")
    assert check.permission.decision == "deny" and check.permission.principal == "events.amazonaws.com"
    assert RULE_ARN in check.permission.reason
    assert not any(s.kind == "execute" for s in trace)


def test_a_refused_rule_target_is_dropped_not_retried_and_counted_in_failed_invocations():
    """§21 (EBDLQ, EBMON, EBRETRY): a 403 from Lambda (the policy does not admit the rule) is
    not retried by EventBridge; with no target dead-letter queue the event is dropped and the
    rule's FailedInvocations metric counts it. The step says what is and is not modelled."""
    wrong = dict(events_permission(), source_arn=RULE_ARN + "-weekly")
    trace = run(nightly(permissions=[wrong], stop_after="3h"))
    refused = next(s for s in trace if s.kind == "error" and s.status == 403)
    (dropped,) = [s for s in trace if "FailedInvocations" in s.summary]
    assert dropped.index > refused.index and dropped.source == "nightly"
    assert "dropped" in dropped.tags and "not retried" in dropped.summary
    assert "dead-letter queue" in dropped.narration and "not modelled" in dropped.narration
    assert "EventBridge target retries" in trace.not_simulated
    assert len([s for s in trace if s.kind == "invoke"]) == 1  # no retry


def test_a_run_with_a_rule_target_says_once_that_eventbridge_retries_are_not_modelled():
    trace = run(nightly(stop_after="50h"))
    note = trace.not_simulated["EventBridge target retries"]
    assert "185" in note and "dead-letter queue" in note and "§21" in note


def test_the_legacy_note_does_not_say_rules_lack_retries_or_a_dead_letter_queue():
    """A rule target has a retry policy and an optional DLQ too (§21 EBRETRY); the note says
    both have them and that LambdaScope models neither."""
    from app.engine.eventbridge import LEGACY_NOTE
    assert "its own retries" not in LEGACY_NOTE
    assert "185" in LEGACY_NOTE and "does not model" in LEGACY_NOTE


def test_function_errors_go_through_lambdas_async_retries():
    trace = run(nightly(fn_overrides={"faults": {"fail": "always"}}, stop_after="3h"))
    assert len([s for s in trace if s.kind == "execute" and s.target == "report"]) == 3


def test_without_stop_after_a_schedule_plays_a_bounded_number_of_runs():
    sc = nightly(expression="rate(1 minute)", stop_after="1h")  # the loader insists on stop_after
    sc = sc.model_copy(update={"settings": sc.settings.model_copy(update={"stop_after": None})})
    trace = run(sc)
    assert len(_invokes(trace)) == UNBOUNDED_RUNS
    assert any(s.kind == "not-simulated" and s.source == "nightly" for s in trace)


def test_inspector_shows_the_rules_schedule():
    trace = run(nightly(stop_after="3h"))
    at = next(s.index for s in trace if s.kind == "detect" and s.source == "nightly")
    first = trace.state_at(at)["nightly"]  # the step of the rule's first run
    assert first["schedule_expression"] == "cron(0 2 * * ? *)" and first["arn"] == RULE_ARN
    assert first["runs"] == 1 and first["last_run"].startswith("2026-01-01T02:00:")
    assert first["next_run"] == "2026-01-02T02:00:00Z" and first["targets"] == ("report",)


def test_a_pattern_rule_invokes_for_matching_put_events_only():
    script = [{"at": 0, "actor": "ops", "action": "put_events", "source": "my.shop",
               "detail_type": "OrderPlaced", "detail": {"total": 5}},
              {"at": "1s", "actor": "ops", "action": "put_events", "source": "other.app",
               "detail_type": "OrderPlaced"}]
    sc = nightly(pattern={"source": ["my.shop"], "detail-type": [{"prefix": "Order"}]},
                 permissions=[events_permission()], script=script, stop_after=None)
    trace = run(sc)
    (invoke,) = _invokes(trace)
    assert invoke.payload["source"] == "my.shop" and invoke.payload["detail"] == {"total": 5}
    assert any("no-match" in s.tags for s in trace)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(0, 3), max_size=3))
def test_a_pattern_matches_exactly_the_events_with_listed_values(event):
    """Invariant: {k: [v]} matches an event iff the event has k equal to v, for every k."""
    pattern = {"a": [1], "b": [2]}
    expected = event.get("a") == 1 and event.get("b") == 2
    assert pattern_matches(pattern, event) == expected
    assert pattern_matches({"a": [{"exists": False}]}, event) == ("a" not in event)
    assert pattern_matches({"a": [{"anything-but": 1}]}, event) == ("a" in event and event["a"] != 1)
