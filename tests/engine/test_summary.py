"""The run summary `play --summary` prints: counts checked against the steps themselves."""

from __future__ import annotations

from app.engine import run
from lambda_scenarios import function, scenario

KEYS = {"steps", "requests", "invocations", "cold_starts", "warm_starts", "throttles",
        "function_errors", "refusals", "other_errors", "denied", "recursive_invocations_dropped",
        "retries", "dead_letters", "cold_start_probability", "average_environments",
        "max_concurrency", "simulated_seconds"}


def test_summary_counts_match_a_hand_worked_run():
    """Two invokes 1 s apart: 1 cold + 1 warm start; one environment alive from 0 to reclaim."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 2, "every": "1s"}])
    s = run(sc).summary
    assert KEYS <= set(s)
    assert (s["requests"], s["invocations"], s["cold_starts"], s["warm_starts"]) == (2, 2, 1, 1)
    assert s["cold_start_probability"] == 0.5 and s["max_concurrency"] == 1
    # env created at 0 (init 200 ms), last invoke ends at 1.1 s, reclaimed 600 s later
    assert s["simulated_seconds"] == 601.1
    assert s["average_environments"] == 1.0


def test_summary_counts_throttles_errors_retries_dead_letters():
    """An always-failing async function with 1 retry and a DLQ: 2 errors, 1 retry, 1 dead letter."""
    sc = scenario({"echo": function(faults={"fail": "always"}, dead_letter_queue="dlq",
                                    event_invoke_config={"maximum_retry_attempts": 1})},
                  extra={"dlq": {"type": "sqs_queue"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": [{"action": "sqs:SendMessage"}]}},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "invocation_type": "Event"}])
    s = run(sc).summary
    assert (s["function_errors"], s["retries"], s["dead_letters"], s["throttles"]) == (2, 1, 1, 0)


def test_average_environments_is_time_weighted():
    """Two environments for the first half of the run's life count more than one."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "load", "pattern": "burst",
                           "count": 2, "request": {"action": "invoke", "function": "echo"}}])
    s = run(sc).summary
    assert s["average_environments"] == 2.0  # both live from 0 until both are reclaimed together
    assert s["max_concurrency"] == 2


def test_denied_counts_each_refused_permission_once():
    """A denied invoke is one denial, though both the check and the 403 reply carry the tag."""
    sc = scenario(app_policies=[{"effect": "Deny", "action": "lambda:InvokeFunction"}])
    trace = run(sc)
    tagged = [s for s in trace if "denied" in s.tags]
    assert len(tagged) == 2 and {s.kind for s in tagged} == {"permission-check", "error"}
    assert trace.summary["denied"] == 1
    # … and one refusal (the 403 AccessDeniedException), which is not a function error
    assert (trace.summary["refusals"], trace.summary["function_errors"]) == (1, 0)


def test_summary_counts_lambdas_on_success_and_on_failure_destinations():
    """Two async events, one fails (no retries): one OnSuccess and one OnFailure record."""
    sc = scenario({"echo": function(faults={"fail_first_attempts": 1}, event_invoke_config={
        "maximum_retry_attempts": 0, "on_success": "done", "on_failure": "failed"})},
                  extra={"done": {"type": "sqs_queue"}, "failed": {"type": "sqs_queue"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": [{"action": "sqs:SendMessage"}]}},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "invocation_type": "Event", "repeat": 2, "every": "1s"}])
    s = run(sc).summary
    assert (s["function_errors"], s["destinations"]) == (1, 2)
