"""The cold path's compact records (app.engine.cold_path: assume-role, init and a new
environment's execute step of the fast invoke, and every idle reclaim's shutdown step) read
back as exactly the steps the general `add` records: every field of every step (with its
type: tags a tuple, the permission decision, payload dicts), what a listener gets, every state
after a step, the summary, and where a capped run stops. Scenarios are tests/engine/
test_fast_invoke.py's: cold starts and reclaims at the same millisecond as arrivals, throttles,
timeouts, failures, refused and unsigned callers, lines the fast path does not take.
A recorder listener with `kinds` gets only those steps. See docs/decisions/0017 (round 6)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app.engine.cold_path as cold_path
import app.engine.fast_invoke as fast_invoke
import test_fast_invoke as cases
from app.engine.run import run
from app.engine.trace import Step
from app.scenario.models import Scenario


def _fields(step) -> tuple:
    """Every field of `step` as its repr (types, dict order and float digits included: what
    `play --format jsonl` and the inspector show)."""
    return tuple(repr(getattr(step, name)) for name in Step.__slots__)


def _recorded(scenario, cap=None) -> tuple:
    """(each step's fields and the state after it, what a listener got, the summary)."""
    heard: list = []

    def observe(sim):
        sim.recorder.listeners.append(lambda step: heard.append(_fields(step)))

    trace = run(scenario, max_steps=cap, observe=observe) if cap != "inline" else run(scenario)
    steps = [(_fields(step), trace.state_at(i)) for i, step in enumerate(trace)]
    return steps, heard, trace.summary


def _both(monkeypatch, play):
    monkeypatch.setattr(cold_path, "ENABLED", True)
    compact = play()
    monkeypatch.setattr(cold_path, "ENABLED", False)
    return compact, play()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(cases.scenarios(), st.sampled_from([None, 7, 40, 41, 150]), st.booleans())
def test_compact_cold_steps_read_back_as_the_general_steps(monkeypatch, scenario, cap, fast):
    """With the fast invoke on (its cold path) and off (the reclaim only), in process with a
    listener (a process per request) and without (requests run inline)."""
    monkeypatch.setattr(fast_invoke, "ENABLED", fast)
    compact, general = _both(monkeypatch, lambda: _recorded(scenario, cap))
    assert compact == general
    if cap is None:
        compact, general = _both(monkeypatch, lambda: _recorded(scenario, "inline"))
        assert compact == general


def _sparse_load(narration=(), **settings_) -> Scenario:
    """Poisson arrivals slower than the idle timeout: about half the requests start cold."""
    return Scenario.model_validate({"narration": list(narration),
        "title": "t", "teaches": "on-demand", "summary": "s",
        "settings": {"environment_idle_timeout": "30ms", **settings_},
        "resources": {"app": {"type": "actor", "kind": "custom_app",
                              "policies": [{"action": "lambda:InvokeFunction", "resource": "*"}]},
                      "run-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
                      "work": {"type": "function", "handler": "builtin.work", "role": "run-role",
                               "duration": {"distribution": "exponential", "mean": "20ms"},
                               "init_duration": {"distribution": "exponential",
                                                 "mean": "5ms"}}},
        "script": [{"at": 0, "actor": "app", "action": "load", "pattern": "poisson",
                    "rate": 30, "duration": "20s",
                    "request": {"action": "invoke", "function": "work"}}]})


def test_a_sparse_load_records_its_cold_steps_compactly(monkeypatch):
    """The generated scenarios would pass if nothing were compact: the templates exist, the
    cold steps are many, and the steps equal the general path's."""
    scenario = _sparse_load()
    trace = run(scenario)
    kinds = {template.fields[2] for template in trace.steps._templates}
    assert {"assume-role", "init", "shutdown", "execute"} <= kinds
    column = [step.kind for step in trace]
    assert column.count("init") > 100 and column.count("shutdown") > 100
    compact, general = _both(monkeypatch, lambda: _recorded(scenario, "inline"))
    assert compact == general


def test_narration_rules_still_rewrite_the_reclaim(monkeypatch):
    """A scenario's narration rules rewrite steps one by one: the shutdown step then takes the
    general `add`, and the rule is applied."""
    scenario = _sparse_load([{"kind": "shutdown", "note": "Told by the teacher."}])
    trace = run(scenario)
    shutdowns = [step for step in trace if step.kind == "shutdown"]
    assert shutdowns and all(step.narration.endswith("Told by the teacher.") for step in shutdowns)
    kinds = {template.fields[2] for template in trace.steps._templates}
    assert "shutdown" not in kinds


class _Kinds:
    def __init__(self, kinds):
        self.kinds, self.heard = kinds, []

    def __call__(self, step):
        self.heard.append(step)


def test_a_listener_with_kinds_hears_only_those_steps():
    """Compact records and full ones alike (the load's steps are compact, the reclaim's too; a
    throttle or refusal would be full)."""
    scenario = _sparse_load(stop_after="2s")
    picky, everything = _Kinds(frozenset({"result", "shutdown", "init"})), _Kinds(None)
    del everything.kinds  # no attribute: every step

    def observe(sim):
        sim.recorder.listeners += [picky, everything]

    trace = run(scenario, observe=observe)
    assert [_fields(s) for s in everything.heard] == [_fields(s) for s in trace]
    wanted = [_fields(s) for s in trace if s.kind in picky.kinds]
    assert len(wanted) > 50 and [_fields(s) for s in picky.heard] == wanted
