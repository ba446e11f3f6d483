"""Replies where the function's code never ran come from the Lambda service (node `lambda`), not
from the function: refusals, throttles, DryRun (NODE NAMING CONTRACT; lambda-behaviour.md §1 INV)."""

from __future__ import annotations

import pytest

from lambda_scenarios import function, invoke, scenario, simulation


def _reply(sc, **kw):
    """The last step of one invoke by `app`, and the response."""
    sim = simulation(sc)
    box = invoke(sim, **kw)
    sim.env.run()
    return sim.recorder.steps[-1], box["response"]


@pytest.mark.parametrize("sc, kw, status, kind", [
    (lambda: scenario(app_policies=[{"action": "s3:GetObject", "resource": "*"}]), {}, 403, "error"),
    (lambda: scenario({"echo": function(reserved_concurrent_executions=0)}), {}, 429, "throttle"),
    (lambda: scenario(), {"payload": {"x": "a" * (6 * 1024 * 1024)}}, 413, "error"),
    (lambda: scenario(), {"invocation_type": "DryRun"}, 204, "response"),
])
def test_refusals_throttles_and_dry_run_are_answered_by_lambda(sc, kw, status, kind):
    """403, 429, 413 and the DryRun 204 are drawn lambda → app: the code of echo never ran."""
    step, resp = _reply(sc(), **kw)
    assert resp.status == status
    assert (step.kind, step.source, step.target, step.status) == (kind, "lambda", "app", status)


def test_role_lambda_cannot_assume_is_answered_by_lambda():
    """The execution role does not trust Lambda: the 400 comes from lambda, no code runs."""
    sc = scenario(extra={"bad-role": {"type": "iam_role", "trusts": "s3.amazonaws.com"}},
                  functions={"echo": function(role="bad-role")})
    step, resp = _reply(sc)
    assert resp.status == 400 and (step.source, step.target) == ("lambda", "app")


def test_async_throttle_is_lambda_refusing_its_own_queue_poller():
    """An async event throttled by reserved concurrency 0: the 429 is lambda → lambda."""
    sim = simulation(scenario({"echo": function(reserved_concurrent_executions=0)}))
    invoke(sim, invocation_type="Event")
    sim.env.run(until=10_000)
    throttles = [s for s in sim.recorder.steps if s.kind == "throttle"]
    assert throttles and all((s.source, s.target) == ("lambda", "lambda") for s in throttles)


def test_a_reply_after_the_code_ran_still_comes_from_the_function():
    """Contrast: a 200 result is the function's own answer, drawn echo → app."""
    sim = simulation(scenario())
    box = invoke(sim)
    sim.env.run()
    result = next(s for s in sim.recorder.steps if s.kind == "result")
    assert box["response"].status == 200 and (result.source, result.target) == ("echo", "app")


def test_throttled_sdk_caller_is_told_its_sdk_retries_and_that_this_is_not_simulated():
    """An app's 429: the narration says its AWS SDK retries by itself, as often as its SDK and
    retry mode say (§11: boto3's default legacy mode 5 attempts, standard mode 3; no single
    number), and a caveat says those retries are not replayed here."""
    step, resp = _reply(scenario({"echo": function(reserved_concurrent_executions=0)}))
    assert resp.status == 429
    assert "App's AWS SDK would retry it with backoff" in step.narration  # the rest is the note's
    assert "must retry itself" not in step.narration
    assert "not simulated" in step.narration  # the counts are the note's (told once)
    assert "up to 5" in step.caveat and "3 in standard mode" in step.caveat
    assert "not simulated" in step.caveat


def test_throttled_api_gateway_is_not_promised_sdk_retries():
    """API Gateway is no SDK caller: its 429 narration has no SDK retries and no SDK caveat."""
    from source_scenarios import api_resources, get, play

    trace = play(api_resources(fn={"reserved_concurrent_executions": 0}), [get("/orders")])
    throttle = next(s for s in trace.steps if s.kind == "throttle")
    assert "SDK" not in throttle.narration and not throttle.caveat


@pytest.mark.parametrize("sc, kw, status", [
    (lambda: scenario(), {"invocation_type": "DryRun"}, 204),
    (lambda: scenario(app_policies=[{"action": "s3:GetObject", "resource": "*"}]), {}, 403),
    (lambda: scenario({"echo": function(reserved_concurrent_executions=0)}), {}, 429),
    (lambda: scenario(), {"function": "nope"}, 404),
])
def test_every_service_reply_carries_a_request_id(sc, kw, status):
    """Like the 200 and 202, the DryRun 204 and the error replies carry X-Amzn-RequestId (§1 INV)."""
    step, resp = _reply(sc(), **kw)
    assert resp.status == step.status == status
    assert step.headers["X-Amzn-RequestId"] == resp.headers["X-Amzn-RequestId"]
    assert len(resp.headers["X-Amzn-RequestId"]) == 36  # a UUID
