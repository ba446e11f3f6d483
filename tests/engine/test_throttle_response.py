"""A 429 from the Invoke API carries Retry-After.

Source: docs/reference/lambda-behaviour.md §13 A7: TooManyRequestsException (HTTP 429) has a
`retryAfterSeconds` member sent as the `Retry-After` HTTP header, plus Type, message and Reason
(AWS service model lambda-2015-03-31; https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
"""

from __future__ import annotations

from lambda_scenarios import function, invoke, scenario, simulation


def _throttled(**settings):
    sim = simulation(scenario({"echo": function(reserved_concurrent_executions=0)}))
    box = invoke(sim)
    sim.env.run()
    return sim, box["response"]


def test_429_has_a_retry_after_header_in_seconds():
    sim, response = _throttled()
    assert response.status == 429
    assert response.headers["X-Amzn-ErrorType"] == "TooManyRequestsException"
    assert response.headers["Retry-After"].isdigit() and int(response.headers["Retry-After"]) >= 1
    step = next(s for s in sim.recorder.steps if s.kind == "throttle")
    assert step.headers["Retry-After"] == response.headers["Retry-After"]
    assert response.payload["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    assert "Retry-After" in step.narration
