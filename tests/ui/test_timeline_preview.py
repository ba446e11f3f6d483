"""The timeline during a what-if preview and in a narrow column (docs/decisions/0020-whatif-big.md):
it says the steps listed are the re-run's first ones "so far", as the player, the narration and
the Metrics panel do, and a row whose text a narrow column elides gives it whole in its tooltip."""

import dataclasses

import pytest

from window_fixtures import photo_trace, shown_timeline

from app.playback import Playback
from app.ui.timeline import SUMMARY_COLUMN, Timeline


@pytest.fixture
def timeline(qtbot):
    return shown_timeline(qtbot)


def partial_of(trace):
    """A re-run's first steps as LabSession hands them over: the summary says `partial`."""
    return dataclasses.replace(trace, summary={**trace.summary, "partial": True})


def test_a_preview_is_listed_as_its_first_steps_so_far(timeline):
    whole = timeline.playback.trace
    assert not timeline.note.isVisibleTo(timeline)
    timeline.playback.set_trace(partial_of(whole), 0)
    assert timeline.note.isVisibleTo(timeline)
    assert f"first {len(whole):,} steps so far" in timeline.note.text()
    assert "still running" in timeline.note.text()
    assert timeline.note.text() in timeline.view.accessibleDescription()
    timeline.playback.set_trace(whole, 0)  # the whole run lands: no note
    assert not timeline.note.isVisibleTo(timeline) and timeline.view.accessibleDescription() == ""


@pytest.mark.parametrize("width", [150, 260, 900])
def test_a_row_gives_its_whole_text_in_its_tooltip(timeline, width, qtbot):
    """Before: in a narrow column (a tab beside the inspector at 1024x600) the summary read
    "acce…" and its tooltip gave the narration but not the summary itself."""
    timeline.resize(width, 400)
    qtbot.wait(1)
    model = timeline.model
    for row in range(model.rowCount()):
        step = model.step_at(row)
        tip = model.index(row, SUMMARY_COLUMN).data(0x0003)  # Qt.ToolTipRole
        assert step.summary in tip and step.narration in tip
    # and the rows wrap (two lines a row): "accept-order runs in warm …", not "acce…"
    assert timeline.view.wordWrap()
