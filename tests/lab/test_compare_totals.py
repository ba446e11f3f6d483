"""Item 9 of issue 8: a comparison is "the same" only when the steps, the totals and the way
every event ended all agree. The AT_TIMESTAMP switch keeps every step in place but delivers
one stream record fewer (6 → 5); that run is not "step for step the same"."""

from __future__ import annotations

import pytest

from app.engine import run
from app.lab.compare import compare
from app.lab.edits import apply_edits
from app.scenario.loader import load_scenario

AT_TIMESTAMP = ('resources.clicks-to-count-clicks.starting_position="AT_TIMESTAMP"',
                "resources.clicks-to-count-clicks.starting_position_timestamp=400ms")


@pytest.fixture(scope="module")
def at_timestamp(scenarios_dir):
    scenario = load_scenario(scenarios_dir / "clickstream-kinesis.yaml")
    return run(scenario), run(apply_edits(scenario, AT_TIMESTAMP))


def test_aligned_steps_with_other_totals_are_not_the_same(at_timestamp):
    """§5 (KP): AT_TIMESTAMP skips the record written before the timestamp."""
    comparison = compare(*at_timestamp)
    assert comparison.steps_align and not comparison.identical
    text = "\n".join(comparison.summary_lines())
    assert "step for step the same" not in text and "line up one for one" in text
    assert "stream records delivered: 6 → 5 (-1)" in text


def test_the_window_header_says_the_same(at_timestamp, qtbot):
    from app.ui.lab.compare_view import summary_html

    old, new = at_timestamp
    html = summary_html(compare(old, new), len(old), len(new))
    assert "step for step the same" not in html and "6 → 5" in html


def test_really_identical_runs_still_say_so(at_timestamp):
    old, _ = at_timestamp
    comparison = compare(old, old)
    assert comparison.identical and comparison.steps_align
    assert "step for step the same" in comparison.summary_lines()[0]
