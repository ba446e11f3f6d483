"""The `load` stimulus: many copies of one request over time, for scaling lessons.

`constant`: evenly spaced at `rate` per second; `poisson`: exponential gaps with mean 1/rate drawn
from the run's seeded RNG; `burst`: `count` requests all at `at`. Arrivals stop after `duration`
(or after `count`, when given, for constant and poisson). Each arrival is the nested `request`
as a script stimulus of the load's actor; `{n}` in it becomes the arrival's number.
"""

from __future__ import annotations

from itertools import repeat
from typing import Iterator

from pydantic import TypeAdapter

from app.scenario.script import Request

_REQUEST = TypeAdapter(Request)


def request_stimulus(load):
    """The nested request as a stimulus model (validated once per load line)."""
    return _REQUEST.validate_python({**load.request, "at": 0, "actor": load.actor})


def arrival_times(load, rng) -> Iterator[float]:
    """Arrival times in ms, in order."""
    if load.pattern == "burst":
        for _ in range(load.count or 1):
            yield load.at
        return
    end, limit, gap = load.at + load.duration, load.count, 1000.0 / load.rate
    poisson, lambd, expovariate = load.pattern == "poisson", load.rate / 1000.0, rng.expovariate
    t, n = load.at, 0
    while t < end and (limit is None or n < limit):
        yield t
        n += 1
        t += expovariate(lambd) if poisson else gap


def expand_load(load, rng) -> Iterator[tuple[float, object]]:
    """(time, stimulus) for every arrival; `{n}` substituted only when the request uses it."""
    from app.engine.run import uses_n, with_n

    base = request_stimulus(load)
    if not uses_n(load.request):  # (pairs made in C: no generator of ours between)
        return zip(arrival_times(load, rng), repeat(base))
    return ((t, with_n(base, n)) for n, t in enumerate(arrival_times(load, rng), start=1))
