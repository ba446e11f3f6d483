"""After a timeout Lambda resets the environment, it does not throw it away
(docs/reference/lambda-behaviour.md §11, LIFE "Failures during the invoke phase"; TEL22 InitPhase).

The next invoke that lands in it runs Init again inside the invocation (a *suppressed init*):
no INIT_START, no Init Duration, the Init's time is in that REPORT's Duration and billed, and it
counts against the function's timeout."""

from __future__ import annotations

from lambda_scenarios import function, invoke, scenario, simulation

from app.scenario.resources import Faults


def _timed_out_then(second_faults: Faults | None = None, timeout: int = 3):
    """One invoke that times out, then (60 s later) one more, with `second_faults` in force."""
    sim = simulation(scenario({"echo": function(timeout=timeout, faults={"time_out": True})}))
    lam = sim.services["lambda"]
    first = invoke(sim)
    sim.env.run(until=30_000)
    if second_faults is not None:
        lam.functions["echo"] = lam.functions["echo"].model_copy(update={"faults": second_faults})
    second = invoke(sim, at=30_000)
    sim.env.run()
    return sim, first["response"], second["response"]


def test_the_invoke_after_a_timeout_reuses_the_reset_environment_without_a_cold_start():
    sim, first, second = _timed_out_then(Faults())
    steps = sim.recorder.steps
    assert first.function_error == "Unhandled" and second.ok
    assert [s.kind for s in steps].count("init") == 1  # no second Init phase: no new environment
    executes = [s for s in steps if s.kind == "execute"]
    assert executes[0].payload is not None
    assert "echo-env1" in executes[1].summary  # the same environment, reset
    assert "suppressed-init" in executes[1].tags and "cold-start" not in executes[1].tags
    assert "suppressed init" in executes[1].narration and "§11" in executes[1].narration
    assert sim.services["lambda"].executor.pools["echo"].created == 1


def test_the_suppressed_init_is_in_the_report_duration_not_an_init_phase_of_its_own():
    """Init 200 ms again, handler 100 ms: REPORT Duration 300 ms, billed 300 ms; no INIT_START
    and no Init Duration for it (§11 LIFE, §22)."""
    sim, _, _ = _timed_out_then(Faults())
    logs = [s for s in sim.recorder.steps if s.kind == "log"]
    lines = logs[1].payload["lines"]
    assert not any(line.startswith("INIT_") for line in lines)
    report = lines[-1]
    assert "Duration: 300.00 ms" in report and "Billed Duration: 300 ms" in report
    assert "Init Duration" not in report
    assert logs[1].time_ms - [s for s in sim.recorder.steps if s.kind == "execute"][1].time_ms == 300.0


def test_the_reset_step_says_the_environment_is_kept_for_a_suppressed_init():
    sim, _, _ = _timed_out_then(Faults())
    (reset,) = [s for s in sim.recorder.steps if s.kind == "shutdown" and "timeout" in s.tags]
    assert "resets" in reset.summary
    assert "throws this environment away" not in reset.narration
    assert "suppressed init" in reset.narration and "§11" in reset.narration


def test_a_suppressed_init_counts_against_the_timeout():
    """The re-run Init (200 ms) and the handler share the 1 s timeout: a 900 ms handler after it
    times out at 1,000 ms, in the same environment again."""
    sim = simulation(scenario({"echo": function(timeout=1, duration="900ms",
                                                faults={"time_out": True})}))
    lam = sim.services["lambda"]
    invoke(sim)
    sim.env.run(until=30_000)
    lam.functions["echo"] = lam.functions["echo"].model_copy(update={"faults": Faults()})
    box = invoke(sim, at=30_000)
    sim.env.run()
    assert box["response"].payload["errorType"] == "Sandbox.Timedout"
    logs = [s for s in sim.recorder.steps if s.kind == "log"]
    assert "Duration: 1000.00 ms" in logs[1].payload["lines"][-1]
    assert lam.executor.pools["echo"].created == 1


def test_a_script_invoke_after_a_timeout_takes_the_same_reset_path():
    """The fast path of a script `invoke` (app.engine.fast_invoke) meets a reset environment:
    the trace says the same as the general path (one Init, a suppressed init in the REPORT)."""
    from app.engine.run import run
    fn = function(timeout=1, duration="1500ms")
    trace = run(scenario({"echo": fn}, script=[
        {"at": 0, "actor": "app", "action": "invoke", "function": "echo"},
        {"at": "30s", "actor": "app", "action": "invoke", "function": "echo"}]))
    assert [s.kind for s in trace].count("init") == 1
    executes = [s for s in trace if s.kind == "execute"]
    assert "suppressed-init" in executes[1].tags
