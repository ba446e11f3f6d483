"""The idle-reclaim timers of app.engine.reclaim_timers (one event per environment in SimPy's
heap, under the key each per-invocation timer had) give the trace that one timer per invocation
gave: same steps, same state at every step, same summary, also when releases, reclaims and new
requests fall on the very same millisecond (fixed durations, idle timeout a multiple of them)."""

from __future__ import annotations

import hashlib
import json
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.executor import Executor
from app.engine.run import run
from lambda_scenarios import function, scenario


def _plain_timer(self, function_name, env):
    """The timer as it was: one SimPy timeout per invocation, with the reclaim check on it."""
    self.sim.env.timeout(self._idle_ms).callbacks.append(
        partial(self._reclaim, function_name, env, env.last_used_ms))


def _fingerprint(trace) -> str:
    digest = hashlib.sha256()
    for i, step in enumerate(trace):
        digest.update(json.dumps(step.to_json(), default=repr).encode())
        digest.update(repr(trace.state_at(i)).encode())
    digest.update(repr(trace.summary).encode())
    return digest.hexdigest()


def _both(sc):
    lazy = run(sc)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Executor, "_schedule_reclaim", _plain_timer)
        plain = run(sc)
    return lazy, plain


def _load(duration_ms, init_ms, idle_ms, gap_ms, count, stop_ms):
    settings_ = {"environment_idle_timeout": f"{idle_ms}ms"}
    if stop_ms:
        settings_["stop_after"] = f"{stop_ms}ms"
    return scenario(functions={"echo": function(duration=f"{duration_ms}ms",
                                                init_duration=f"{init_ms}ms")},
                    settings=settings_,
                    script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                             "repeat": count, "every": f"{gap_ms}ms"},
                            {"at": f"{gap_ms // 2}ms", "actor": "app", "action": "invoke",
                             "function": "echo", "repeat": count // 2 + 1,
                             "every": f"{gap_ms * 3}ms"}])


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([0, 50, 100, 200]), st.sampled_from([0, 50, 100]),
       st.sampled_from([50, 100, 200, 400]), st.sampled_from([50, 100, 150, 400]),
       st.integers(1, 25), st.sampled_from([0, 700, 1500]))
def test_one_timer_per_environment_gives_the_trace_of_one_per_invocation(
        duration, init, idle, gap, count, stop):
    lazy, plain = _both(_load(duration, init, idle, gap, count, stop))
    assert _fingerprint(lazy) == _fingerprint(plain)


def test_a_busy_environment_is_reclaimed_once_after_its_last_use():
    """Used every 100 ms for 1 s, idle timeout 250 ms: one reclaim, 250 ms after the last
    release, whichever way the timers are kept."""
    lazy, plain = _both(_load(50, 0, 250, 100, 10, 0))
    shutdowns = [(s.time_ms, s.target) for s in lazy if s.kind == "shutdown"]
    assert shutdowns == [(s.time_ms, s.target) for s in plain if s.kind == "shutdown"]
    last_release = max(s.time_ms for s in lazy if s.kind == "log" and s.target == "echo")
    assert shutdowns and shutdowns[-1][0] == last_release + 250
