"""The fast synchronous invoke (app.engine.fast_invoke) records exactly what the general path
records: every step, every state after a step, the summary, and where a capped run stops.

Scenarios are generated with fixed durations and idle timeouts in whole milliseconds, so
arrivals, releases and reclaims often fall on the same millisecond (the order of ties is where
a shortcut in the SimPy schedule would show), together with throttles (reserved concurrency),
timeouts, failures, code that prints, callers without keys or without permission, and lines the
fast path does not take (Event, DryRun, log tail) running beside it. See
docs/decisions/0017-engine-throughput.md (round 3).
"""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from gc_leftovers import cyclic_leftovers

import app.engine.fast_invoke as fast_invoke
from app.engine.run import RunCancelled, run
from app.engine.script_outcomes import run_attributed
from app.scenario.models import Scenario

ACCOUNT = "123456789012"
DURATIONS = st.one_of(st.sampled_from(["1ms", "5ms", "10ms", "10ms", "100ms", "1500ms"]),
                      st.builds(lambda m: {"distribution": "exponential", "mean": f"{m}ms"},
                                st.sampled_from([3, 20, 200])))


@st.composite
def functions(draw) -> dict:
    out = {}
    for name in ("work", "echo")[:draw(st.integers(1, 2))]:
        fn = {"type": "function", "handler": f"builtin.{name}", "role": "run-role",
              "duration": draw(DURATIONS), "init_duration": draw(DURATIONS), "timeout": 1}
        reserved = draw(st.sampled_from([None, None, 0, 1, 2]))
        if reserved is not None:
            fn["reserved_concurrent_executions"] = reserved
        faults = draw(st.sampled_from([None, {"fail": "always"}, {"fail_first_attempts": 2},
                                       {"time_out": True}]))
        if faults and draw(st.booleans()):
            fn["faults"] = faults
        out[name] = fn
    return out


@st.composite
def script_line(draw, names) -> dict:
    actor = draw(st.sampled_from(["app"] * 6 + ["stranger", "phone"]))
    request = {"action": "invoke", "function": draw(st.sampled_from(names))}
    kind = draw(st.sampled_from(["RequestResponse"] * 4 + ["Event", "DryRun", "Tail"]))
    if kind == "Tail":
        request["log_type"] = "Tail"
    elif kind != "RequestResponse":
        request["invocation_type"] = kind
    at = draw(st.sampled_from([0, 0, 5, 10, 100]))
    shape = draw(st.sampled_from(["poisson", "constant", "constant", "burst", "repeat"]))
    if shape == "repeat":
        return {"at": at, "actor": actor, **request, "repeat": draw(st.integers(1, 6)),
                "every": f"{draw(st.sampled_from([1, 5, 10, 100]))}ms"}
    line = {"at": at, "actor": actor, "action": "load", "pattern": shape, "request": request}
    if shape == "burst":
        line["count"] = draw(st.integers(1, 5))
    else:
        line["rate"] = draw(st.sampled_from([10, 100, 200, 1000]))
        line["duration"] = draw(st.sampled_from(["50ms", "200ms", "1s"]))
    return line


@st.composite
def scenarios(draw) -> Scenario:
    fns = draw(functions())
    names = sorted(fns)
    resources = {
        "app": {"type": "actor", "kind": "custom_app",
                "policies": [{"action": "lambda:InvokeFunction", "resource": "*"}]},
        "stranger": {"type": "actor", "kind": "custom_app",
                     "policies": [{"action": "s3:GetObject", "resource": "*"}]},
        "phone": {"type": "actor", "kind": "mobile_app"},
        "run-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
        **fns,
    }
    lines = draw(st.lists(script_line(names), min_size=1, max_size=3))
    settings_ = {"environment_idle_timeout": draw(st.sampled_from(["1ms", "5ms", "10ms", "1s"])),
                 "seed": draw(st.integers(0, 1000))}
    if draw(st.booleans()):
        settings_["stop_after"] = draw(st.sampled_from(["100ms", "505ms", "2s"]))
    return Scenario.model_validate({"title": "fast path", "teaches": "on-demand",
                                    "summary": "generated", "resources": resources,
                                    "settings": settings_, "script": lines})


def _everything(trace) -> list:
    """Each step as JSON and the state after it, then the run's summary."""
    return [(step.to_json(), trace.state_at(i)) for i, step in enumerate(trace)] + [trace.summary]


def _both(monkeypatch, play):
    monkeypatch.setattr(fast_invoke, "ENABLED", True)
    fast = play()
    monkeypatch.setattr(fast_invoke, "ENABLED", False)
    return fast, play()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(scenarios(), st.sampled_from([None, 7, 40, 41, 42, 150]))
def test_fast_path_records_what_the_general_path_records(monkeypatch, scenario, cap):
    fast, general = _both(monkeypatch, lambda: _everything(run(scenario, max_steps=cap)))
    assert fast == general


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_script_entries_are_attributed_alike(monkeypatch, scenario):
    """With an `observe` hook (`check`'s attribution) the fast path runs as a process of its own."""
    fast, general = _both(monkeypatch, lambda: (lambda r: (r.causes, _everything(r.trace)))(
        run_attributed(scenario)))
    assert fast == general


def test_a_load_takes_the_fast_path(monkeypatch):
    """The generated scenarios would pass trivially if nothing took it: count its invocations."""
    taken = []
    real = fast_invoke.sync_invoke
    monkeypatch.setattr(fast_invoke, "sync_invoke",
                        lambda *args: (taken.append(1), real(*args))[1])
    from lambda_scenarios import constant_load

    scenario = constant_load()
    trace = run(scenario)
    assert len(taken) == 50
    assert [s.kind for s in trace][:4] == ["invoke", "permission-check", "assume-role", "init"]
    assert trace.summary["invocations"] == 50 and trace.summary["requests"] == 50


def _load(rate: int = 200, duration: str = "2s") -> Scenario:
    return Scenario.model_validate({
        "title": "t", "teaches": "on-demand", "summary": "s",
        "settings": {"environment_idle_timeout": "20ms"},
        "resources": {"app": {"type": "actor", "kind": "custom_app",
                              "policies": [{"action": "lambda:InvokeFunction", "resource": "*"}]},
                      "run-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
                      "work": {"type": "function", "handler": "builtin.work", "role": "run-role",
                               "duration": {"distribution": "exponential", "mean": "30ms"}}},
        "script": [{"at": 0, "actor": "app", "action": "load", "pattern": "poisson",
                    "rate": rate, "duration": duration,
                    "request": {"action": "invoke", "function": "work"}}]})


def test_a_capped_or_cancelled_fast_run_leaves_no_cycles():
    """Requests still waiting inside the fast path when the run stops (the cap, Cancel) go by
    reference counting once the run is dropped."""
    scenario = _load()
    assert cyclic_leftovers(lambda: run(scenario, max_steps=777)) == []
    asked = iter(range(10**9))

    def cancelled():
        with pytest.raises(RunCancelled):
            run(scenario, cancel=lambda: next(asked) >= 5)
        return None

    assert cyclic_leftovers(cancelled) == []


def test_cancel_and_cap_stop_a_fast_run_where_the_general_run_stops(monkeypatch):
    """The cap ends the trace at the same step, and Cancel is honoured, either way."""
    scenario = _load()
    for cap in (500, 501, 502, 503):
        fast, general = _both(monkeypatch, lambda: _everything(run(scenario, max_steps=cap)))
        assert fast == general and fast[-1]["truncated"]
    monkeypatch.setattr(fast_invoke, "ENABLED", True)
    with pytest.raises(RunCancelled):
        run(scenario, cancel=iter([False] * 3 + [True] * 100).__next__)
