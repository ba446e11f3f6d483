"""A burst load sends `count` requests at one instant: a teacher wrote `rate: 5` on one and it was
ignored without a word. `rate` and `duration` on a burst are refused at their own line."""

from __future__ import annotations

import pytest

from app.bundled import resolve_scenario
from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario_text

SPIKE = resolve_scenario("traffic-spike").read_text()


def _with(key: str, pattern: str = "burst") -> tuple[str, int]:
    """traffic-spike with `key` written under its burst (made `pattern`), and that key's line."""
    lines = SPIKE.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "pattern: burst")
    lines[at] = lines[at].replace("burst", pattern)
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at + 1, f"{indent}{key}\n")
    return "".join(lines), at + 2


@pytest.mark.parametrize("key", ["rate: 5", "duration: 3s"])
def test_rate_or_duration_on_a_burst_is_refused_at_its_line(key):
    text, line = _with(key)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "spike.yaml")
    message = str(caught.value)
    assert f"spike.yaml:{line}:" in message and "a burst sends all `count` requests at once" in message


def test_a_constant_load_keeps_its_rate():
    text, _ = _with("rate: 5", pattern="constant")
    loads = [e for e in load_scenario_text(text, "x.yaml").script if e.action == "load"]
    assert loads[0].rate == 5
