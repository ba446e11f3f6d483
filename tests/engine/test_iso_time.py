"""Simulation.iso_time gives exactly the text datetime.fromtimestamp gives (it is worked out
with integers now, for speed): every millisecond field, day and year boundaries, and the
half-microsecond roundings fromtimestamp makes."""

import datetime as dt
from pathlib import Path

from hypothesis import given, settings, strategies as st

from app.engine.simulation import EPOCH_S, Simulation
from app.scenario.loader import load_scenario


def reference(ms: float) -> str:
    t = dt.datetime.fromtimestamp(EPOCH_S + ms / 1000.0, tz=dt.timezone.utc)
    return (f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:"
            f"{t.second:02d}.{t.microsecond // 1000:03d}Z")


def _sim() -> Simulation:
    return Simulation(load_scenario(Path(__file__).parents[2] / "scenarios" / "photo-thumbnails.yaml"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(
    st.floats(min_value=0, max_value=4e11, allow_nan=False),  # ~12 years of simulated ms
    st.integers(min_value=0, max_value=4 * 10**8).map(lambda n: n / 1000 + 0.0005),  # half µs
    st.integers(min_value=0, max_value=10**6).map(lambda n: n * 86_400_000 - 0.0004),  # midnight
), min_size=1, max_size=20))
def test_iso_time_is_the_datetime_text(times):
    sim = _sim()  # one Simulation for the list: its per-day cache is used across calls
    for ms in times:
        assert sim.iso_time(ms) == reference(ms), ms


def test_iso_time_of_now_and_a_new_year():
    sim = _sim()
    assert sim.iso_time() == "2026-01-01T00:00:00.000Z"
    year_ms = 365 * 86_400_000
    assert sim.iso_time(year_ms - 1) == "2026-12-31T23:59:59.999Z"
    assert sim.iso_time(year_ms) == "2027-01-01T00:00:00.000Z"
    assert sim.iso_time(1234.5678) == reference(1234.5678)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.floats(min_value=0, max_value=4e11, allow_nan=False),
    st.integers(min_value=0, max_value=10**6).map(lambda n: n * 86_400_000 - 0.0004),  # midnight
    st.integers(min_value=0, max_value=10**6).map(lambda n: n * 86_400_000 - 0.0005),
    st.integers(min_value=0, max_value=10**6).map(lambda n: n * 86_400_000 - 0.0006),
), min_size=1, max_size=20))
def test_log_date_is_the_iso_date_with_slashes(times):
    """Simulation.log_date (a cold start's log stream name, decision 0017 round 6) is the date of
    iso_time at the same moment, rounding past midnight included, with its per-day cache used
    across calls."""
    sim = _sim()
    for ms in times:
        sim.env._now = ms
        assert sim.log_date() == sim.iso_time()[:10].replace("-", "/") == (
            reference(ms)[:10].replace("-", "/")), ms


def test_log_date_near_midnight_after_a_call_earlier_that_day():
    """log_date keeps the range of clock values well inside the day it worked out last (1 ms
    from either end): times just inside and just outside that margin, and past midnight, after
    a call earlier the same day (decision 0017, round 7)."""
    sim = _sim()
    for day in (1, 2, 365, 4000):
        midnight = day * 86_400_000
        for ms in (midnight - 5_000.0, midnight - 1.0005, midnight - 1.0, midnight - 0.9995,
                   midnight - 0.0006, midnight - 0.0005, midnight - 0.0004, midnight,
                   midnight + 0.9995, midnight + 1.0, midnight + 1.0005, midnight + 3.0,
                   midnight - 1.0005, midnight + 86_400_000 - 0.0004):
            sim.env._now = ms
            assert sim.log_date() == reference(ms)[:10].replace("-", "/"), ms
