"""The 10-second limit on an on-demand Init (lambda-behaviour.md §11, LIFE:
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html). Past 10 s Lambda
stops Init and runs it again when the first invocation starts, within the function's timeout;
provisioned concurrency is not held to 10 s (130 s or the timeout, whichever is longer)."""

from __future__ import annotations

from app.engine.init_limit import may_exceed, provisioned_init_limit_s
from lambda_scenarios import function, invoke, scenario, simulation


def _run(**fn):
    sim = simulation(scenario({"echo": function(**fn)}))
    box = invoke(sim)
    sim.env.run()
    return sim, box["response"], sim.recorder.steps


def test_an_init_of_12_s_is_stopped_at_10_s_and_run_again_within_a_long_timeout():
    sim, resp, steps = _run(init_duration="12s", timeout=30, duration="120ms")
    (init,) = [s for s in steps if s.kind == "init"]
    assert "10 s limit" in init.summary and "§11" in init.narration
    assert init.payload["initStatus"] == "timeout" and init.payload["initDurationMs"] == 10_000
    (execute,) = [s for s in steps if s.kind == "execute"]
    assert execute.time_ms == 10_000.0  # not 12 s: Init was stopped at the limit
    assert "runs Init again" in execute.narration and execute.caveat
    assert resp.status == 200 and resp.function_error is None
    (log,) = [s for s in steps if s.kind == "log"]
    assert log.time_ms == 10_000.0 + 12_000.0 + 120.0  # the second Init, then the handler
    report = log.payload["lines"][-1]
    assert "Duration: 12120.00 ms" in report and "Init Duration" not in report


def test_an_init_longer_than_the_timeout_times_out_before_the_handler_runs():
    """i1.yaml's slowinit2: Init 12 s, timeout 5 s. The second Init cannot finish: the invoke
    times out (Task timed out after 5.00 seconds) and the handler never ran."""
    sim, resp, steps = _run(init_duration="12s", timeout=5)
    assert resp.function_error == "Unhandled"
    assert resp.payload["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 5.00 seconds" in resp.payload["errorMessage"]
    (log,) = [s for s in steps if s.kind == "log"]
    assert log.time_ms == 10_000.0 + 5_000.0
    assert not any("Hello from Lambda" in line for line in log.payload["lines"])  # no handler
    assert any(s.kind == "shutdown" and "timeout" in s.tags for s in steps)
    (execute,) = [s for s in steps if s.kind == "execute"]
    assert "never called" in execute.narration


def test_an_init_longer_than_the_timeout_times_out_again_in_the_reset_environment():
    """After that timeout Lambda resets the environment (§11 LIFE): the next invoke in it runs
    the 12 s Init again as a suppressed init, within the 5 s timeout, and times out again before
    the handler: no new environment, no INIT_START, no INIT_REPORT."""
    sim = simulation(scenario({"echo": function(init_duration="12s", timeout=5)}))
    invoke(sim)
    second = invoke(sim, at=60_000)
    sim.env.run()
    assert second["response"].payload["errorType"] == "Sandbox.Timedout"
    assert [s.kind for s in sim.recorder.steps].count("init") == 1
    log = [s for s in sim.recorder.steps if s.kind == "log"][1]
    assert not any(line.startswith("INIT_") for line in log.payload["lines"])
    assert "Duration: 5000.00 ms" in log.payload["lines"][-1]
    execute = [s for s in sim.recorder.steps if s.kind == "execute"][1]
    assert "suppressed-init" in execute.tags and "never called" in execute.narration


def test_an_init_under_10_s_is_unchanged():
    sim, resp, steps = _run(init_duration="9s", timeout=3)
    (init,) = [s for s in steps if s.kind == "init"]
    assert "9000 ms Init" in init.summary
    (log,) = [s for s in steps if s.kind == "log"]
    assert "Init Duration: 9000.00 ms" in log.payload["lines"][-1]
    assert resp.function_error is None


def test_the_second_invoke_in_the_environment_is_warm_and_quick():
    sim = simulation(scenario({"echo": function(init_duration="12s", timeout=30)}))
    first, second = invoke(sim), invoke(sim, at=60_000)
    sim.env.run()
    assert first["response"].ok and second["response"].ok
    executes = [s for s in sim.recorder.steps if s.kind == "execute"]
    assert "warm-start" in executes[1].tags and not executes[1].caveat


def test_which_inits_may_pass_the_limit_and_the_provisioned_limit():
    from app.scenario.resources import DurationDistribution as D
    assert may_exceed(12_000) and not may_exceed(10_000)
    assert may_exceed(D(distribution="normal", mean="9s", stddev="500ms"))
    assert not may_exceed(D(distribution="exponential", mean="250ms"))
    assert provisioned_init_limit_s(3) == 130 and provisioned_init_limit_s(900) == 900


def test_a_script_invoke_takes_the_general_path_and_models_the_limit():
    """A script `invoke` (the fast path's case, app.engine.fast_invoke) of a function whose Init
    passes 10 s: the trace is the general path's, with the stopped and repeated Init."""
    from app.engine.run import run
    sc = scenario({"echo": function(init_duration="12s", timeout=5)})
    trace = run(sc)
    (result,) = [s for s in trace if s.kind == "result"]
    assert "timeout" in result.tags
    assert [s for s in trace if s.kind == "init"][0].payload["initStatus"] == "timeout"


def test_a_provisioned_init_is_not_held_to_10_s_but_spillover_is():
    """§11 (LIFE): provisioned concurrency may initialise for 130 s or the timeout; an invoke
    through the alias after that runs warm on it. A spillover environment is on demand, so its
    12 s Init is stopped at 10 s like any other."""
    from app.engine.run import run
    fn = function(init_duration="12s", timeout=30, versions={"1": {}},
                  aliases={"live": {"function_version": "1", "provisioned_concurrent_executions": 1}})
    trace = run(scenario({"echo": fn}, script=[
        {"at": "20s", "actor": "app", "action": "invoke", "function": "echo", "qualifier": "live",
         "repeat": 2}]))
    inits = [s for s in trace if s.kind == "init"]
    ready, spill = inits[0], inits[1]
    assert "provisioned" in ready.tags and "initStatus" not in ready.payload
    assert "130 s" in ready.narration and "§11" in ready.narration
    assert spill.payload["initStatus"] == "timeout"
    executes = [s for s in trace if s.kind == "execute"]
    assert sorted("provisioned" in s.tags for s in executes) == [False, True]


def test_the_handler_sees_the_time_the_second_init_left_it(monkeypatch):
    """get_remaining_time_in_millis (§12 PYC) at the handler's start: the timeout minus the
    second Init (30 s − 12 s)."""
    from app.engine import executor as ex_module
    seen, original = {}, ex_module.run_code

    def spy(fn, handler, event, context, *args, **kw):
        seen["remaining"] = context.get_remaining_time_in_millis()
        return original(fn, handler, event, context, *args, **kw)

    monkeypatch.setattr(ex_module, "run_code", spy)
    _run(init_duration="12s", timeout=30)
    assert seen["remaining"] == 18_000


def test_the_log_step_does_not_say_the_stopped_init_is_billed():
    """The REPORT bills only Duration after an Init stopped at 10 s; AWS's pages do not say
    whether those 10 s are billed, so the narration must not claim the Init is billed (an expert
    read "(on a cold start the Init time is billed too)" beside Billed Duration = Duration)."""
    sim, resp, steps = _run(init_duration="12s", timeout=30, duration="120ms")
    (log,) = [s for s in steps if s.kind == "log"]
    report = log.payload["lines"][-1]
    assert "Billed Duration: 12120 ms" in report
    assert "Init time is billed too" not in log.narration
    assert "do not say whether" in log.narration
