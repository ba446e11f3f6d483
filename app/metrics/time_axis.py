"""The metrics charts against simulated time rather than step numbers.

By default a chart's x axis is the step number, as the Timeline counts (docs/metrics.md). A load
lesson reads better against the clock: a burst of requests is a few seconds, not a thousand
steps, and quiet minutes are not squeezed away. This module turns a series' points (step index,
value) into points in time, picks a unit a class can read, and maps a time back to the step
that was last shown by then. Qt-free.
"""

from __future__ import annotations

import bisect
import threading
import weakref

from app.engine.trace import step_column

_times: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # trace → [time_ms per step]
_lock = threading.Lock()

UNITS = ((120_000.0, 1_000.0, "s"), (2 * 3_600_000.0, 60_000.0, "min"),
         (48 * 3_600_000.0, 3_600_000.0, "h"), (float("inf"), 86_400_000.0, "days"))
"""(longest run in ms, ms per unit, unit): the first whose span fits is used."""


def remember_times(trace, times_ms: list[float]) -> None:
    """Keep `times_ms` (each step's time in ms, in order) for `trace`, so `step_times_ms` does not
    read the steps again (app.metrics.series collects them while it reads every step)."""
    try:
        with _lock:
            _times[trace] = times_ms
    except TypeError:  # a plain list of steps: not kept
        pass


def step_times_ms(trace) -> list[float]:
    """Each step's simulated time in ms, in step order. In: a Trace (or a list of Steps). Read
    from the cache `remember_times` fills when the series were computed, else from the steps
    (one pass; a packed trace unpacks its chunks). Raises nothing for a well-formed trace."""
    try:
        with _lock:
            known = _times.get(trace)
    except TypeError:
        known = None
    if known is None:
        known = step_column(trace, "time_ms")
        remember_times(trace, known)
    return known


def time_unit(span_ms: float) -> tuple[float, str]:
    """(ms per unit, unit name) for an axis covering `span_ms`: seconds up to 2 minutes, minutes
    up to 2 hours, hours up to 2 days, then days."""
    for longest, per_unit, name in UNITS:
        if span_ms <= longest:
            return per_unit, name
    return UNITS[-1][1], UNITS[-1][2]


def held_line(points: list[tuple[int, float]], x_of, end_x: float) -> tuple[list[float], list[float]]:
    """(xs, ys) of the step-shaped line through `points` ((step index, value) pairs), each step
    placed at `x_of(index)`, held flat to `end_x`: a value holds until the next point, and
    several points at one x make a vertical rise. The shape both axes draw (charts.step_line,
    time_line)."""
    xs: list[float] = []
    ys: list[float] = []
    for k, (i, v) in enumerate(points):
        x = x_of(i)
        if k:
            xs.append(x)
            ys.append(ys[-1])
        xs.append(x)
        ys.append(v)
    if points and end_x > xs[-1]:
        xs.append(end_x)
        ys.append(ys[-1])
    return xs, ys


def time_line(points: list[tuple[int, float]], last_index: int, times_ms: list[float],
              per_unit: float) -> tuple[list[float], list[float]]:
    """(xs, ys) of the step-shaped line through `points` ((step index, value) pairs) with x the
    step's time in units of `per_unit` ms, held flat to the time of step `last_index`. Several
    steps at one instant make a vertical rise, as the value changed at that moment."""
    end = times_ms[last_index] / per_unit if times_ms else 0.0
    return held_line(points, lambda i: times_ms[i] / per_unit, end)


def step_at_time(times_ms: list[float], at_ms: float) -> int:
    """The index of the last step at or before `at_ms` (the step the class would have seen by
    then); 0 before the first step. In: the steps' times in ms (non-decreasing)."""
    return max(0, bisect.bisect_right(times_ms, at_ms) - 1)
