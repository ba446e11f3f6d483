"""The timeline: one row per step, click to seek, current row selected, filters by model and kind."""

import pytest
from PySide6.QtCore import Qt

from window_fixtures import photo_trace, shown_timeline

from app.playback import Playback
from app.ui.timeline import ALL_KINDS, Timeline, format_time


@pytest.fixture
def timeline(qtbot):
    return shown_timeline(qtbot)


def visible_indices(timeline):
    model = timeline.model
    return [model.index(r, 0).data(model.StepRole).index for r in range(model.rowCount())]


def test_one_row_per_step_with_time_source_target_kind_summary(timeline):
    """Each row reads the step's number, time, source, target, kind and summary."""
    trace = timeline.playback.trace
    assert timeline.model.rowCount() == len(trace)
    step = trace[2]
    row = [timeline.model.index(2, c).data() for c in range(7)]
    assert row[0] == "3" and row[2] == format_time(step.time_ms) == "0.040 s"
    assert row[3:] == [step.source, step.target, step.kind, step.summary]


def test_clicking_a_row_seeks(timeline, qtbot):
    """A mouse click on row 4 moves the playback to step index 3."""
    rect = timeline.view.visualRect(timeline.model.index(3, 6))
    qtbot.mouseClick(timeline.view.viewport(), Qt.LeftButton, pos=rect.center())
    assert timeline.playback.index == 3


def test_current_step_is_selected_and_scrolled_into_view(timeline):
    """Seeking selects that row; it is inside the viewport."""
    timeline.playback.seek(5)
    assert timeline.selected_step_index() == 5
    rect = timeline.view.visualRect(timeline.cell(5, 0))
    assert timeline.view.viewport().rect().intersects(rect)


def test_model_filter_hides_rows_without_moving_the_playback(timeline):
    """Unchecking 'internal' hides the cold-start row; the current step stays where it was."""
    timeline.playback.seek(2)
    timeline.model_buttons["internal"].setChecked(False)
    assert 4 not in visible_indices(timeline)
    assert len(visible_indices(timeline)) == len(timeline.playback.trace) - 1
    assert timeline.playback.index == 2 and timeline.selected_step_index() == 2


def test_kind_filter_shows_only_that_kind(timeline):
    """Choosing 'permission-check' leaves only the permission-check rows."""
    kinds = [timeline.kind_box.itemText(i) for i in range(timeline.kind_box.count())]
    assert kinds[0] == ALL_KINDS and "permission-check" in kinds
    timeline.kind_box.setCurrentText("permission-check")
    assert visible_indices(timeline) == [2]
    timeline.kind_box.setCurrentText(ALL_KINDS)
    assert len(visible_indices(timeline)) == len(timeline.playback.trace)


def test_filtered_out_current_step_has_no_selection(timeline):
    """When the current step is hidden by a filter, no other row pretends to be current."""
    timeline.kind_box.setCurrentText("permission-check")
    timeline.playback.seek(4)
    assert timeline.selected_step_index() is None
    assert timeline.playback.index == 4


def test_time_format_reads_minutes_for_retries():
    """Async retries happen after minutes: 61.5 s reads as 1 min 01.500 s."""
    assert format_time(61_500) == "1 min 01.500 s"
    assert format_time(350) == "0.350 s"


def test_cell_finds_a_step_row_under_a_filter(timeline):
    """cell(step, column) points at the row showing that step, whatever is filtered out."""
    timeline.model_buttons["internal"].setChecked(False)  # hides step index 4
    assert timeline.cell(5, 6).data() == timeline.playback.trace[5].summary
    assert timeline.cell(5, 6).row() == 4
    assert not timeline.cell(4, 6).isValid()


def test_down_arrow_in_the_list_moves_the_playback(timeline, qtbot):
    """Keyboard users can walk the list: Down selects the next row and seeks to it."""
    timeline.playback.seek(2)
    timeline.view.setFocus()
    qtbot.keyClick(timeline.view, Qt.Key_Down)
    assert timeline.playback.index == 3 and timeline.selected_step_index() == 3
