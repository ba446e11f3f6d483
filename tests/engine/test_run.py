"""The run loop: script scheduling, repeat/every/{n}, notes, and the three ways a run ends."""

from __future__ import annotations

from app.engine import run
from lambda_scenarios import scenario

INVOKE = {"actor": "app", "action": "invoke", "function": "echo"}


def test_run_returns_a_trace_with_summary_and_ends_when_idle():
    """A run with nothing left to do ends by itself; the last step is the idle reclaim."""
    trace = run(scenario())
    assert trace.steps[-1].kind == "shutdown"
    assert trace.summary["requests"] == 1 and trace.summary["invocations"] == 1


def test_repeat_every_and_n_substitution():
    """repeat 3 every 2s: three invokes at 0, 2 and 4 s, with {n} replaced by 1, 2, 3."""
    sc = scenario(script=[{**INVOKE, "at": 0, "repeat": 3, "every": "2s",
                           "payload": {"orderId": "order-{n}"}}])
    trace = run(sc)
    invokes = [s for s in trace if s.kind == "invoke"]
    assert [s.time_ms for s in invokes] == [0.0, 2000.0, 4000.0]
    assert [s.payload["orderId"] for s in invokes] == ["order-1", "order-2", "order-3"]


def test_note_is_shown_with_the_first_step_of_its_line():
    """A script line's note starts the narration of the first step it causes, only once."""
    sc = scenario(script=[{**INVOKE, "at": 0, "repeat": 2, "every": "1s", "note": "Watch this."}])
    trace = run(sc)
    noted = [s for s in trace if "Watch this." in s.narration]
    assert len(noted) == 1 and noted[0].index == 0


def test_stop_after_ends_the_run_with_a_not_simulated_step():
    """settings.stop_after 1s: nothing after 1 s, and a final not-simulated step says why."""
    sc = scenario(script=[{**INVOKE, "at": 0, "repeat": 5, "every": "1s"}],
                  settings={"stop_after": "1s"})
    trace = run(sc)
    last = trace.steps[-1]
    assert last.kind == "not-simulated" and "stop_after" in last.narration and last.caveat
    assert all(s.time_ms <= 1000.0 for s in trace)


def test_max_steps_ends_the_run_with_a_not_simulated_step():
    """max_steps 5: five steps and one more that says the rest is not simulated."""
    trace = run(scenario(script=[{**INVOKE, "at": 0, "repeat": 10, "every": "1s"}]), max_steps=5)
    assert len(trace) == 6
    assert trace.steps[-1].kind == "not-simulated" and "max_steps" in trace.steps[-1].narration


def test_step_nodes_follow_the_naming_contract():
    """Every source/target is a resource name or one of the service nodes lambda/sts."""
    sc = scenario(script=[{**INVOKE, "at": 0}, {**INVOKE, "at": 1, "invocation_type": "Event"},
                          {**INVOKE, "at": 2, "function": "missing"}])
    trace = run(sc)
    allowed = set(sc.resources) | {"lambda", "sts"}
    assert {s.source for s in trace} | {s.target for s in trace} <= allowed


def test_every_script_action_has_a_built_service_method():
    """No action of the format can reach a service that is not built (so none is skipped silently)."""
    import sys

    from app.engine.simulation import Simulation
    from app.scenario.script import ACTIONS

    run_module = sys.modules["app.engine.run"]  # `app.engine.run` itself is the function
    sim = Simulation(scenario())
    run_module.build_services(sim)
    for action in ACTIONS:
        if action == "load":  # expanded into the other actions
            continue
        key, method = run_module.STIMULUS_METHODS[action]
        assert callable(getattr(sim.services[key], method)), action


def test_max_steps_anywhere_even_inside_handler_code(scenarios_dir):
    """Whatever step the limit falls on (an SDK call inside the handler too), the run stops cleanly."""
    from app.scenario.loader import load_scenario

    sc = load_scenario(scenarios_dir / "photo-thumbnails.yaml")
    full = run(sc)
    assert any(s.kind == "sdk-call" for s in full)
    for limit in range(1, 16):
        trace = run(sc, max_steps=limit)
        assert len(trace) == limit + 1 and trace.steps[-1].kind == "not-simulated"
        assert [s.kind for s in trace.steps[:-1]] == [s.kind for s in full.steps[:limit]]
