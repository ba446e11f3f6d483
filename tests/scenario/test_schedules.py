"""EventBridge schedule expressions (lambda-behaviour.md §21): parsing and stepping."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings, strategies as st

from app.scenario.schedules import parse

EPOCH = 1_767_225_600  # simulated time 0: 2026-01-01T00:00:00Z


@pytest.mark.parametrize("text, wanted", [
    ("rate(1 minutes)", "rate(1 minute)"), ("rate(5 minute)", "rate(5 minutes)"),
    ("rate(0 minutes)", "1 or more"), ("rate(5 weeks)", "minute(s), hour(s) or day(s)"),
    ("cron(0 2 * * * *)", "must be '?'"), ("cron(0 2 * *)", "6 fields"),
    ("cron(0 24 * * ? *)", "hours value"), ("every night", "neither rate"),
    ("cron(0 2 L * ? *)", "not simulated"), ("cron(0 5-2 * * ? *)", "backwards"),
])
def test_bad_expressions_are_refused_with_the_fix(text, wanted):
    with pytest.raises(ValueError, match=wanted.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        parse(text)


def test_weekday_cron_skips_the_weekend():
    schedule = parse("cron(30 8 ? * MON-FRI *)")
    t, days = 0.0, []
    for _ in range(5):
        t = schedule.next_after(t, EPOCH)
        days.append(dt.datetime.fromtimestamp(EPOCH + t / 1000, tz=dt.timezone.utc).strftime("%a %H:%M"))
    # 2026-01-01 is a Thursday
    assert days == ["Thu 08:30", "Fri 08:30", "Mon 08:30", "Tue 08:30", "Wed 08:30"]


@settings(max_examples=80, deadline=None)
@given(minute=st.integers(0, 59), hour=st.integers(0, 23), now=st.floats(0, 10 * 86_400_000))
@example(minute=0, hour=0, now=431999999.9999999)  # a hair before midnight: rounds to it
def test_a_daily_cron_fires_once_a_day_at_its_minute(minute, hour, now):
    """Invariant: the next run is after `now`, within a day, on the named hour and minute."""
    schedule = parse(f"cron({minute} {hour} * * ? *)")
    at = schedule.next_after(now, EPOCH)
    assert now < at <= now + 86_400_000
    when = dt.datetime.fromtimestamp(EPOCH + at / 1000, tz=dt.timezone.utc)
    assert (when.hour, when.minute, when.second) == (hour, minute, 0)


@settings(max_examples=80, deadline=None)
@given(value=st.integers(2, 500), unit=st.sampled_from(["minutes", "hours", "days"]),
       now=st.floats(0, 1e9))
def test_a_rate_fires_on_multiples_of_its_period(value, unit, now):
    schedule = parse(f"rate({value} {unit})")
    at = schedule.next_after(now, EPOCH)
    period = schedule.period_ms
    assert now < at <= now + period and at % period == 0
