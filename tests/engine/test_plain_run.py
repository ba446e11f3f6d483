"""`run_code(..., plain=plain_run(fn))` (app.engine.plain_code), the fast invoke's way to run code no fault applies to,
and `sampler(spec)`, its duration draw, give what the general `run_code` and `sample_ms` give:
the same outcome (result, error, logs, duration) from the same draws of the seeded generator.
See docs/decisions/0017-engine-throughput.md (round 7)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.function_code import run_code, sample_ms
from app.engine.plain_code import plain_run, sampler
from app.handlers import registry
from app.handlers.context import LambdaContext
from app.scenario.resources import Function

SPECS = st.one_of(
    st.floats(0.0, 5_000.0), st.integers(0, 5_000),
    st.builds(lambda m: {"distribution": "exponential", "mean": m},
              st.sampled_from([0.0, 0.2, 0.9, 1.0, 3.0, 253.0, 1991.0])),
    st.builds(lambda m, s: {"distribution": "normal", "mean": m, "stddev": s},
              st.sampled_from([1.0, 100.0]), st.sampled_from([0.5, 30.0])))


def _function(**fields) -> Function:
    return Function.model_validate({"type": "function", "handler": "builtin.work", "role": "r",
                                    **fields})


@settings(max_examples=200, deadline=None)
@given(SPECS, st.integers(0, 2**32))
def test_a_sampler_draws_what_sample_ms_draws(duration, seed):
    spec = _function(duration=duration).duration
    ours, theirs = random.Random(seed), random.Random(seed)
    draw = sampler(spec)
    assert [draw(ours) for _ in range(50)] == [sample_ms(spec, theirs) for _ in range(50)]
    assert ours.getstate() == theirs.getstate()


@pytest.mark.parametrize("faults", [{"fail": "always"}, {"fail_first_attempts": 1},
                                    {"fail_on_record": 1}, {"time_out": True},
                                    {"malformed_response": True},
                                    {"fail_when": {"path": "key", "equals": "x"}}])
def test_no_plain_run_when_a_fault_is_set(faults):
    assert plain_run(_function(faults=faults)) is None
    assert plain_run(_function()) is not None


def _context(request_id="req-1") -> LambdaContext:
    return LambdaContext(function_name="f", invoked_function_arn="arn", memory_limit_in_mb=128,
                         aws_request_id=request_id, log_stream_name="s", deadline_ms=3_000.0,
                         clock=lambda: 0.0)


@pytest.mark.parametrize("handler", ["app.handlers.work", "app.handlers.echo", "logging_handler",
                                     "no_such_module"])
@pytest.mark.parametrize("duration", ["10ms", "5s", {"distribution": "exponential", "mean": "2s"}])
def test_plain_run_gives_the_general_outcome(monkeypatch, handler, duration):
    """Quiet code, code that logs, a run past the 3 s timeout, a handler that does not
    import (no plain run then)."""
    monkeypatch.setitem(registry.HANDLERS, "builtin.test", handler)
    fn = _function(handler="builtin.test", duration=duration)
    plain = plain_run(fn)
    assert (plain is None) == (handler == "no_such_module")
    for seed in range(20):
        ours, theirs = random.Random(seed), random.Random(seed)
        a = run_code(fn, fn.handler, {"key": "k"}, _context(), ours, 1, stamp="T", plain=plain)
        b = run_code(fn, fn.handler, {"key": "k"}, _context(), theirs, 1, stamp="T")
        assert repr(a) == repr(b) and ours.getstate() == theirs.getstate()
