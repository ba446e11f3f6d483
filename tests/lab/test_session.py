"""LabSession: what the "What if…" panel drives — switch values, re-runs from the original, player position."""

from __future__ import annotations

import pytest

from app.engine import run
from app.lab.compare import signature
from app.lab.edits import EditError
from app.lab.session import LabSession
from lab_scenarios import load


@pytest.fixture
def session():
    return LabSession(load("photos"))


def test_a_switch_reruns_from_the_original(session):
    """Setting a switch re-runs the original scenario with its edits; the original run is kept."""
    rerun = session.set("permission:make-thumbnail:AllowS3Invoke", True)
    assert rerun.edits == ("resources.make-thumbnail.permissions.AllowS3Invoke=absent",)
    assert rerun.comparison.first_difference is not None
    assert not [s for s in rerun.trace if s.kind == "execute"]
    assert len([s for s in session.original_trace if s.kind == "execute"]) == 2
    assert session.value("permission:make-thumbnail:AllowS3Invoke") is True


def test_switches_combine_and_reset(session):
    """Two switches give both edits; setting one back to the file's value drops its edits; reset clears all."""
    session.set("fail:make-thumbnail", "always")
    both = session.set("knob:make-thumbnail:async_retries", 0)
    assert both.edits == ('resources.make-thumbnail.faults.fail="always"',
                          "resources.make-thumbnail.event_invoke_config.maximum_retry_attempts=0")
    assert not [s for s in both.trace if s.kind == "retry"]
    one = session.set("knob:make-thumbnail:async_retries", 2)
    assert one.edits == ('resources.make-thumbnail.faults.fail="always"',)
    back = session.reset()
    assert back.edits == () and back.comparison.identical and session.values == {}


def test_position_is_kept_against_the_previous_run(session):
    """The player position is worked out against the run it was showing, not the original."""
    first = session.set("fail:make-thumbnail", "always")
    second = session.set("time-out:make-thumbnail", True)
    assert second.previous is first.trace
    index, changed = second.position(2)
    prefix = next(i for i, (a, b) in enumerate(zip(first.trace, second.trace)) if signature(a) != signature(b))
    assert (index, changed) == (2, prefix)


def test_a_refused_edit_changes_nothing():
    """If a switch's edits are refused, the session keeps its values and its run."""
    session = LabSession(load("clicks"))
    before = session.trace
    with pytest.raises(EditError):
        session.set("fail-on-record:count-clicks", 0)  # below the model's minimum of 1
    assert session.values == {} and session.trace is before


def test_seed_is_kept_for_reruns():
    """Re-runs use the session's seed, so a switch set back gives the seed's original run."""
    session = LabSession(load("app"), seed=9)
    rerun = session.set("knob:echo:memory", 512)
    assert rerun.trace.seed == 9 and session.reset().trace is session.original_trace
    assert [s.flow for s in session.original_trace] == [s.flow for s in run(load("app"), seed=9)]
