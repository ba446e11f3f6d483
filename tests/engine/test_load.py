"""The load stimulus: constant, Poisson and burst arrivals (app/engine/load.py)."""

from __future__ import annotations

import random

from app.engine import run
from app.engine.load import arrival_times
from app.scenario.script import Load
from lambda_scenarios import scenario

REQUEST = {"action": "invoke", "function": "echo"}


def _load(**kw) -> Load:
    return Load.model_validate({"at": 0, "actor": "app", "action": "load", "request": REQUEST, **kw})


def test_constant_rate_is_evenly_spaced():
    """constant 4/s for 1 s: arrivals at 0, 250, 500, 750 ms."""
    assert list(arrival_times(_load(pattern="constant", rate=4, duration="1s"), random.Random(1))) \
        == [0.0, 250.0, 500.0, 750.0]


def test_burst_arrives_all_at_once():
    """burst count 7: seven arrivals at the load's start time."""
    times = list(arrival_times(_load(pattern="burst", count=7, at="2s"), random.Random(1)))
    assert times == [2000.0] * 7


def test_poisson_is_seeded_and_has_about_the_right_rate():
    """poisson 100/s over 60 s: same seed, same arrivals; the count is near 6,000."""
    load = _load(pattern="poisson", rate=100, duration="60s")
    a = list(arrival_times(load, random.Random(5)))
    assert a == list(arrival_times(load, random.Random(5)))
    assert 5_600 < len(a) < 6_400  # ±5 standard deviations of a Poisson(6000) count
    assert a == sorted(a) and a[-1] < 60_000


def test_count_caps_constant_and_poisson_loads():
    """count stops a constant load early."""
    assert len(list(arrival_times(_load(pattern="constant", rate=10, duration="10s", count=3),
                                  random.Random(1)))) == 3


def test_load_runs_each_arrival_as_its_request():
    """A burst of 5 invokes in the script gives 5 invoke steps and 5 requests in the summary."""
    sc = scenario(script=[{"at": 0, "actor": "app", "action": "load", "pattern": "burst",
                           "count": 5, "request": {**REQUEST, "payload": {"i": "{n}"}}}])
    trace = run(sc)
    invokes = [s for s in trace if s.kind == "invoke"]
    assert len(invokes) == 5 and trace.summary["requests"] == 5
    assert sorted(s.payload["i"] for s in invokes) == ["1", "2", "3", "4", "5"]
    assert trace.summary["cold_starts"] == 5  # all at once: no environment is free to reuse
