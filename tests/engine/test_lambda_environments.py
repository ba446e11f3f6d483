"""Execution environments: cold start, warm reuse, scaling out, idle reclaim (§11, LIFE)."""

from __future__ import annotations

from lambda_scenarios import invoke, scenario, simulation


def _steps(sim, kind):
    return [s for s in sim.recorder.steps if s.kind == kind]


def test_cold_then_warm_then_reclaim_after_idle_timeout():
    """First invoke inits an environment, the next reuses it, and it is reclaimed once idle 10 min."""
    sim = simulation(scenario())
    invoke(sim), invoke(sim, at=5_000)
    sim.env.run()
    executes = _steps(sim, "execute")
    assert [e.tags[0] for e in executes] == ["cold-start", "warm-start"]
    assert len(_steps(sim, "init")) == 1 and len(_steps(sim, "assume-role")) == 1
    shutdown = _steps(sim, "shutdown")
    assert len(shutdown) == 1
    last_end = _steps(sim, "log")[-1].time_ms
    assert shutdown[0].time_ms == last_end + 600_000
    assert sim.recorder.state["echo"]["environments"] == ()


def test_overlapping_invokes_scale_out_to_two_environments():
    """A second invoke while the first is busy gets its own (cold) environment."""
    sim = simulation(scenario())
    invoke(sim), invoke(sim, at=50)
    sim.env.run(until=1_000)
    assert len(_steps(sim, "init")) == 2
    assert sim.services["lambda"].concurrency.peak == 2
    envs = sim.recorder.state["echo"]["environments"]
    assert [e["state"] for e in envs] == ["idle", "idle"]


def test_warm_start_picks_the_most_recently_used_idle_environment():
    """With two idle environments, the one used last is reused."""
    sim = simulation(scenario())
    invoke(sim), invoke(sim, at=50), invoke(sim, at=2_000)
    sim.env.run(until=3_000)
    third = _steps(sim, "execute")[2]
    assert "warm-start" in third.tags
    assert "echo-env2" in third.summary  # env2 finished last (started 50 ms later)


def test_environment_state_is_recorded_for_the_inspector():
    """While the code runs the function's state shows one busy environment and concurrency 1."""
    sim = simulation(scenario())
    invoke(sim)
    sim.env.run()
    trace = sim.recorder.finish(sim.seed)
    execute = next(s for s in trace if s.kind == "execute")
    state = trace.node_state_at(execute.index, "echo")
    assert state["concurrency"] == 1
    assert state["environments"][0]["state"] == "busy"
    assert trace.node_state_at(execute.index, "lambda")["concurrent_executions"] == 1


def test_idle_timeout_setting_is_honoured():
    """settings.environment_idle_timeout 1min: the environment goes after one idle minute."""
    sim = simulation(scenario(settings={"environment_idle_timeout": "1min"}))
    invoke(sim)
    sim.env.run()
    assert _steps(sim, "shutdown")[0].time_ms == _steps(sim, "log")[0].time_ms + 60_000
