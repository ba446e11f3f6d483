"""The metrics charts against simulated time (app.metrics.time_axis): a teacher found that the
step axis squeezes a quiet minute into one step and stretches a burst over hundreds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.bundled import SCENARIOS_DIR
from app.engine.run import run
from app.metrics import compute_metrics
from app.metrics.time_axis import step_at_time, step_times_ms, time_line, time_unit
from app.scenario.loader import load_scenario


def test_units_a_class_can_read():
    assert time_unit(30_000) == (1_000.0, "s")
    assert time_unit(30 * 60_000) == (60_000.0, "min")
    assert time_unit(10 * 3_600_000) == (3_600_000.0, "h")
    assert time_unit(5 * 86_400_000) == (86_400_000.0, "days")


def test_the_line_rises_at_the_moment_of_its_step_and_holds_to_the_end():
    times = [0.0, 0.0, 1_000.0, 1_000.0, 61_000.0]
    xs, ys = time_line([(0, 0.0), (3, 1.0)], 4, times, 1_000.0)
    assert (xs, ys) == ([0.0, 1.0, 1.0, 61.0], [0.0, 0.0, 1.0, 1.0])


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=50).map(sorted),
       st.floats(-10, 2e6, allow_nan=False))
def test_a_time_maps_to_the_last_step_at_or_before_it(times, at):
    index = step_at_time(times, at)
    assert 0 <= index < len(times)
    if at >= times[0]:
        assert times[index] <= at
        assert index == len(times) - 1 or times[index + 1] > at


def test_the_series_pass_keeps_the_times_so_the_chart_reads_no_step_again():
    trace = run(load_scenario(SCENARIOS_DIR / "traffic-spike.yaml"))
    compute_metrics(trace)
    times = step_times_ms(trace)
    assert times == [step.time_ms for step in trace]
    assert step_times_ms(trace) is times
