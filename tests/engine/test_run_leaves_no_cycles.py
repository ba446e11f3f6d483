"""A finished run leaves no cyclic garbage behind (issue 9 item 10).

`run` freezes what it allocated (gc.freeze, see docs/decisions/0011): a cycle left by the run is
then never collected, and its few objects per step stay spread over every memory arena the
run used, so a discarded 200,000-step trace kept ~800 MB resident. Every object of a run must
therefore go by reference counting alone once the trace is dropped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gc_leftovers import cyclic_leftovers

from app.engine import run
from app.engine.run import RunCancelled
from app.lab.edits import apply_edits
from app.lab.switch import edits_for_values
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BUILT_INS = sorted(SCENARIOS.glob("*.yaml"))


def _cyclic_leftovers(make_run) -> list[str]:
    """cyclic_leftovers, for a run that must have recorded steps (no vacuous pass)."""
    def ran():
        trace = make_run()
        assert len(trace) > 0
        return trace
    return cyclic_leftovers(ran)


@pytest.mark.parametrize("path", BUILT_INS, ids=lambda p: p.stem)
def test_a_built_in_run_is_freed_by_reference_counting(path):
    """Run each built-in, drop the trace: nothing of the run is left in a reference cycle."""
    scenario = load_scenario(path)
    assert _cyclic_leftovers(lambda: run(scenario)) == []


def _heavy_what_if():
    """Photo thumbnails with write-back + time-out (the issue's 200,000-step run)."""
    scenario = load_scenario(SCENARIOS / "photo-thumbnails.yaml")
    values = {"write-back:make-thumbnail:photos": True, "time-out:make-thumbnail": True}
    return apply_edits(scenario, edits_for_values(switches_for(scenario), values))


def test_the_heavy_what_if_cut_at_the_cap_leaves_no_cycles():
    """The heavy what-if cut short by the step cap."""
    edited = _heavy_what_if()
    assert _cyclic_leftovers(lambda: run(edited, max_steps=3000)) == []


def test_a_cancelled_run_leaves_no_cycles():
    """Cancel (the window's button) mid-run: the half-built run goes by reference counting too."""
    scenario = _heavy_what_if()
    asked = iter(range(10**9))

    def cancelled_run():
        with pytest.raises(RunCancelled):
            run(scenario, cancel=lambda: next(asked) >= 20)
        return [None]  # nothing to drop: the run raised

    assert _cyclic_leftovers(cancelled_run) == []
