"""The Invoke API's answers (lambda-behaviour.md §1 (INV), §2 (INV, PAY), §11 (CON))."""

from __future__ import annotations

import base64

from lambda_scenarios import function, invoke, kinds, scenario, simulation


def _run(sc, **kw):
    sim = simulation(sc)
    box = invoke(sim, **kw)
    sim.env.run()
    return sim, box["response"]


def test_request_response_returns_200_and_the_result():
    """RequestResponse: 200, the handler's return value, X-Amz-Executed-Version $LATEST."""
    sim, resp = _run(scenario(), payload={"orderId": "7"})
    assert resp.status == 200 and resp.function_error is None
    assert resp.payload["received"] == {"orderId": "7"}
    assert resp.headers["X-Amz-Executed-Version"] == "$LATEST"
    execute = next(s for s in sim.recorder.steps if s.kind == "execute")
    assert resp.headers["X-Amzn-RequestId"] == execute.flow  # the flow is the request id
    assert kinds(sim)[:6] == ["invoke", "permission-check", "assume-role", "init", "execute", "log"]
    result = [s for s in sim.recorder.steps if s.kind == "result"][0]
    assert (result.source, result.target, result.status) == ("echo", "app", 200)


def test_function_error_is_still_200_with_function_error_header():
    """A failing handler gives HTTP 200 plus X-Amz-Function-Error and the error document."""
    sim, resp = _run(scenario({"echo": function(faults={"fail": "always"})}))
    assert resp.status == 200
    assert resp.headers["X-Amz-Function-Error"] == "Unhandled"
    assert set(resp.payload) >= {"errorMessage", "errorType", "stackTrace"}
    result = [s for s in sim.recorder.steps if s.kind == "result"][0]
    assert result.status == 200 and "function-error" in result.tags
    assert result.headers["X-Amz-Function-Error"] == "Unhandled"


def test_log_type_tail_returns_last_log_lines_base64():
    """LogType Tail: X-Amz-Log-Result holds the base64 START/…/REPORT lines."""
    _, resp = _run(scenario(), log_type="Tail")
    text = base64.b64decode(resp.headers["X-Amz-Log-Result"]).decode()
    assert text.startswith("START RequestId:") and "REPORT RequestId:" in text
    assert "Init Duration: 200.00 ms" in text


def test_log_type_tail_is_in_the_request_headers_only_when_asked():
    """LogType Tail shows as X-Amz-Log-Type: Tail on the invoke request (§1 INV); None omits it."""
    tail, _ = _run(scenario(), log_type="Tail")
    plain, _ = _run(scenario())
    assert tail.recorder.steps[0].headers == {"X-Amz-Invocation-Type": "RequestResponse",
                                              "X-Amz-Log-Type": "Tail"}
    assert "X-Amz-Log-Type" not in plain.recorder.steps[0].headers


def test_event_returns_202_at_once_and_runs_later():
    """Event: 202 before the code runs; the execute step comes after the enqueue step."""
    sim, resp = _run(scenario(), invocation_type="Event")
    assert resp.status == 202 and resp.payload is None
    ks = kinds(sim)
    assert ks.index("enqueue") < ks.index("dequeue") < ks.index("execute")
    enqueue = sim.recorder.steps[ks.index("enqueue")]
    assert (enqueue.target, enqueue.status) == ("lambda", 202)


def test_dry_run_checks_permission_and_runs_nothing():
    """DryRun: 204 after the permission check, no execute step."""
    sim, resp = _run(scenario(), invocation_type="DryRun")
    assert resp.status == 204
    assert kinds(sim) == ["invoke", "permission-check", "response"]


def test_unknown_function_is_404():
    """Invoking a function that does not exist: 404 ResourceNotFoundException from `lambda`."""
    sim, resp = _run(scenario(), function="nope")
    assert resp.status == 404
    assert "Function not found" in resp.payload["message"]
    assert sim.recorder.steps[-1].source == "lambda"


def test_payload_limits_413():
    """More than 6 MB sync or 1 MB async is rejected with 413 RequestTooLargeException."""
    _, big_sync = _run(scenario(), payload={"x": "a" * (6 * 1024 * 1024)})
    assert big_sync.status == 413
    _, big_async = _run(scenario(), payload={"x": "a" * (1024 * 1024)}, invocation_type="Event")
    assert big_async.status == 413
    _, ok_sync = _run(scenario(), payload={"x": "a" * (1024 * 1024)})
    assert ok_sync.status == 200


def test_denied_caller_gets_403_and_nothing_runs():
    """An app whose identity policy does not allow the invoke: 403 AccessDeniedException."""
    sim, resp = _run(scenario(app_policies=[]))
    assert resp.status == 403
    assert "execute" not in kinds(sim)
    check = [s for s in sim.recorder.steps if s.kind == "permission-check"][0]
    assert check.permission.decision == "deny" and "denied" in check.tags


def test_reserved_concurrency_zero_throttles_with_429():
    """Reserved concurrency 0 throttles every invoke with the reserved-limit Reason."""
    sim, resp = _run(scenario({"echo": function(reserved_concurrent_executions=0)}))
    assert resp.status == 429
    assert resp.payload["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    assert resp.headers["X-Amzn-ErrorType"] == "TooManyRequestsException"
    assert "execute" not in kinds(sim)


def test_account_limit_throttles_the_second_concurrent_invoke():
    """With an account limit of 1, a second invoke while the first runs gets 429."""
    sim = simulation(scenario(settings={"account_concurrency_limit": 1}))
    first, second = invoke(sim), invoke(sim, at=10)
    sim.env.run()
    assert first["response"].status == 200
    assert second["response"].status == 429
    assert second["response"].payload["Reason"] == "ConcurrentInvocationLimitExceeded"


def test_role_that_does_not_trust_lambda_fails_the_invoke():
    """A role without lambda.amazonaws.com in its trust policy: assume-role denied, no code runs."""
    sc = scenario(extra={"bad-role": {"type": "iam_role", "trusts": "s3.amazonaws.com"}},
                  functions={"echo": function(role="bad-role")})
    sim, resp = _run(sc)
    assume = [s for s in sim.recorder.steps if s.kind == "assume-role"][0]
    assert assume.permission.decision == "deny" and assume.target == "bad-role"
    assert resp.status == 400 and "execute" not in kinds(sim)


def test_timeout_on_simulated_time():
    """A function that runs past its timeout stops at exactly the timeout with Sandbox.Timedout."""
    sim, resp = _run(scenario({"echo": function(timeout=3, faults={"time_out": True})}))
    assert resp.headers["X-Amz-Function-Error"] == "Unhandled"
    assert resp.payload["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 3.00 seconds" in resp.payload["errorMessage"]
    execute = [s for s in sim.recorder.steps if s.kind == "execute"][0]
    log = [s for s in sim.recorder.steps if s.kind == "log"][0]
    assert log.time_ms - execute.time_ms == 3000.0
    assert any(s.kind == "shutdown" and "timeout" in s.tags for s in sim.recorder.steps)


def test_a_timed_out_invoke_logs_only_the_timeout_not_an_error_it_never_reached():
    """§3 (CFGTO, TSI): Lambda stops the code at the timeout. A handler set to raise (at the end
    of its 1,234 ms run) with a 1 s timeout never gets there: the log holds no `[ERROR]` or
    traceback, only the REPORT's `Status: timeout` (§22), and the caller sees Sandbox.Timedout."""
    sim, resp = _run(scenario({"echo": function(duration="1234ms", timeout=1,
                                                faults={"fail": "always"})}))
    assert resp.payload["errorType"] == "Sandbox.Timedout"
    (log,) = [s for s in sim.recorder.steps if s.kind == "log"]
    lines = log.payload["lines"]
    assert not any(line.startswith("[ERROR]") or line.startswith("Traceback") for line in lines)
    assert lines[-1].endswith("\tStatus: timeout")


def test_a_failure_within_the_timeout_still_logs_its_error():
    """The other side: code that raises before the timeout logs `[ERROR]` and its traceback."""
    sim, resp = _run(scenario({"echo": function(duration="500ms", timeout=1,
                                                faults={"fail": "always"})}))
    assert resp.payload["errorType"] == "RuntimeError"
    (log,) = [s for s in sim.recorder.steps if s.kind == "log"]
    assert any(line.startswith("[ERROR] RuntimeError") for line in log.payload["lines"])


def test_fail_first_attempts_counts_invocations():
    """faults.fail_first_attempts 1: the first invoke fails, the second succeeds."""
    sim = simulation(scenario({"echo": function(faults={"fail_first_attempts": 1})}))
    a, b = invoke(sim), invoke(sim, at=1000)
    sim.env.run()
    assert a["response"].function_error == "Unhandled"
    assert b["response"].function_error is None


def test_fail_on_record_uses_record_ordinals():
    """faults.fail_on_record N fails only an invoke whose batch holds record N."""
    sim = simulation(scenario({"echo": function(faults={"fail_on_record": 3})}))
    a = invoke(sim, record_ordinals=[1, 2])
    b = invoke(sim, at=1000, record_ordinals=[3, 4])
    sim.env.run()
    assert a["response"].function_error is None
    assert b["response"].function_error == "Unhandled"
    assert "record 3" in b["response"].payload["errorMessage"]


def test_scaling_rate_caps_new_environments_at_1000_per_10_seconds():
    """1,001 simultaneous invokes (account limit raised): the 1,001st new environment is refused,
    with a caveat saying the 429 Reason is a stand-in (§11, SCL)."""
    sc = scenario(settings={"account_concurrency_limit": 5000},
                  script=[{"at": 0, "actor": "app", "action": "load", "pattern": "burst",
                           "count": 1001, "request": {"action": "invoke", "function": "echo"}}])
    from app.engine import run

    trace = run(sc)
    throttles = [s for s in trace if s.kind == "throttle"]
    assert trace.summary["cold_starts"] == 1000 and len(throttles) == 1
    assert throttles[0].caveat and "1,000 new environments" in throttles[0].caveat


def test_reservation_beyond_what_aws_allows_is_flagged():
    """Reserving into the last 100 unreserved executions gets a not-simulated step first (§11, CON)."""
    from app.engine import run

    fine = run(scenario({"echo": function(reserved_concurrent_executions=900)}))
    assert fine.steps[0].kind == "invoke"
    flagged = run(scenario({"echo": function(reserved_concurrent_executions=901)}))
    assert flagged.steps[0].kind == "not-simulated" and "at least 100" in flagged.steps[0].caveat
