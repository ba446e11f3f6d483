"""The fast invoke's state publication (app.engine.state_publication.publish_env) as one compact
delta entry per publication, with the live state's environment rows built only when read
(`Recorder.settle_state`): `state_at(i)` and the live state after step i are the state the
general publication writes, for generated scenarios (ties, throttles, timeouts, cold starts and
reclaims between warm starts: tests/engine/test_fast_invoke.py's). See
docs/decisions/0017-engine-throughput.md (round 7)."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings

import app.engine.fast_invoke as fast_invoke
import test_fast_invoke as cases
from app.engine.packing import unpack
from app.engine.run import run
from app.engine.trace import _PUBLISH
from test_cold_path import _sparse_load


def _deltas(trace) -> list[tuple]:
    store = trace._states._deltas
    return [d for packed in store._packed for d in unpack(packed, {})] + list(store._tail)


def test_a_warm_load_publishes_each_invocation_as_one_entry():
    """Two publications a request (begin, release), each one (function, _PUBLISH, values)
    instead of the row, concurrency, invocations and concurrent-executions writes."""
    trace = run(_sparse_load(environment_idle_timeout="10min"))
    requests = trace.summary["requests"]
    entries = _entries(trace)
    assert requests > 500 and len(entries[6]) >= 2 * requests - 10


def _entries(trace) -> dict[int, list]:
    """The run's _PUBLISH delta entries by length (6: a changed row, 4: a new environment,
    5: a reclaimed one)."""
    out = {4: [], 5: [], 6: []}
    for delta in _deltas(trace):
        for i in range(0, len(delta), 3):
            if delta[i + 1] is _PUBLISH:
                out[len(delta[i + 2])].append(delta[i + 2])
    return out


def test_a_sparse_load_publishes_new_and_reclaimed_environments_as_one_entry():
    """About half the requests start cold: the new environment's row and the reclaim are one
    entry each (but the first environment's: its keys are written the general way)."""
    trace = run(_sparse_load())
    kinds = [step.kind for step in trace]
    entries = _entries(trace)
    assert kinds.count("init") > 100 and kinds.count("shutdown") > 100
    assert len(entries[4]) >= kinds.count("init") - 2
    assert len(entries[5]) >= kinds.count("shutdown") - 2
    assert all(type(values[0]) is dict and values[0]["state"] == "cold" for values in entries[4])


def _live_states(scenario):
    """(the live state copied after every step, the trace)."""
    seen = []

    def observe(sim):
        sim.recorder.listeners.append(lambda step: seen.append(copy.deepcopy(sim.recorder.state)))

    return seen, run(scenario, observe=observe)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(cases.scenarios())
def test_live_state_and_state_at_are_the_general_publications(monkeypatch, scenario):
    seen, trace = _live_states(scenario)
    states = [trace.state_at(i) for i in range(len(trace))]
    assert seen == states
    assert [repr(s) for s in seen] == [repr(s) for s in states]  # (key order too)
    monkeypatch.setattr(fast_invoke, "ENABLED", False)
    general = run(scenario)
    assert [repr(general.state_at(i)) for i in range(len(general))] == [repr(s) for s in states]
