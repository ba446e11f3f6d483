"""What the fast invoke keeps per function to run its code: the handler and a duration draw.

`sampler(spec)` draws what `function_code.sample_ms(spec, rng)` draws, with what depends on the
spec alone worked out once; `plain_run(fn)` is `run_code`'s `plain` (the handler and that draw)
for a function no fault applies to. app.engine.fast_invoke keeps both per function (one run of
the code per request of a load). See docs/decisions/0017-engine-throughput.md (round 7).
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any, Callable

from app.engine.function_code import sample_ms
from app.handlers.registry import get_handler


def sampler(spec) -> Callable[[Any], float]:
    """`lambda rng: sample_ms(spec, rng)` with what depends on `spec` alone worked out once:
    the same numbers from the same draws. An exponential draw is `random.Random.expovariate`'s
    own formula, `-log(1 - random()) / lambd` (tests/engine/test_plain_run.py checks the two
    agree), without its call and the spec's attribute reads (once per request of a load)."""
    if isinstance(spec, (int, float)) or spec.distribution != "exponential" or not spec.mean > 0:
        return partial(sample_ms, spec)
    lambd = 1.0 / spec.mean

    def draw(rng, log=math.log) -> float:
        ms = -log(1.0 - rng.random()) / lambd
        return ms if ms > 1.0 else 1.0  # max(1.0, ms)

    return draw


def plain_run(fn) -> tuple | None:
    """`run_code`'s `plain`: (the handler, `sampler(fn.duration)`) when `fn.faults` injects
    nothing (no failure, timeout, malformed reply or record fault), else None; None too for a
    handler that does not import (run_code reports that)."""
    faults = fn.faults
    if (faults.fail != "never" or faults.fail_on_record is not None or faults.fail_when is not None
            or faults.fail_first_attempts or faults.time_out or faults.malformed_response):
        return None
    try:
        return get_handler(fn.handler), sampler(fn.duration)
    except ImportError:
        return None
