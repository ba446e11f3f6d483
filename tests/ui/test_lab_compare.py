"""Runs compared: the two runs side by side, the first differing row, and what changed in numbers."""

from __future__ import annotations

from lab_fixtures import READ_PERMISSION, S3_PERMISSION, first_difference, flip, lab_window
from PySide6.QtCore import Qt

from app.ui.lab.compare_view import FIRST_TINT


def _cell(view, row: int, column: int, role=Qt.DisplayRole):
    return view.model.index(row, column).data(role)


def test_first_differing_row_is_highlighted_and_earlier_rows_are_equal(qtbot, tmp_path):
    """After removing the role's s3:GetObject the first non-equal row is tinted and says so."""
    window, lab = lab_window(qtbot, tmp_path)
    original = window.playback.trace
    flip(qtbot, lab, READ_PERMISSION, True)
    view = lab.compare
    first = first_difference(original, window.playback.trace)
    row = view.first_row
    assert row == first  # the runs agree step for step before it, so rows and steps line up
    assert all(_cell(view, r, 2) == "=" for r in range(row))
    assert _cell(view, row, 2, Qt.ToolTipRole).startswith("◆ first difference")
    assert _cell(view, row, 2).startswith("◆")  # words too where the panel has room
    assert view.model.index(row, 0).data(Qt.BackgroundRole).color() == FIRST_TINT
    assert _cell(view, row, 0) == _cell(view, row, 3) == str(first + 1)
    assert "sdk-call" in _cell(view, row, 4) and "make-thumbnail" in _cell(view, row, 4)


def test_summary_gives_the_deltas_of_the_two_runs(qtbot, tmp_path):
    """The header counts invocations, steps and endings before and after, as the traces hold them."""
    window, lab = lab_window(qtbot, tmp_path)
    original = window.playback.trace
    flip(qtbot, lab, S3_PERMISSION, True)
    new = window.playback.trace
    runs = (sum(s.kind == "execute" for s in original), sum(s.kind == "execute" for s in new))
    assert runs[0] > 0 and runs[1] == 0  # §6 S3P, §13 A4: S3 refuses the trigger, nothing runs
    denied_events = sum(1 for s in new if s.kind == "error" and "denied" in s.tags)
    text = lab.compare.summary.text()
    assert f"step {first_difference(original, new) + 1} of the what-if run" in text
    assert f"invocations <b>{runs[0]} → {runs[1]}</b>" in text
    assert f"steps <b>{len(original)} → {len(new)}</b>" in text
    assert f"permission denials <b>0 → {denied_events}</b>" in text and denied_events == 1
    assert "Where the events ended" in text


def test_clicking_a_row_moves_the_player_to_that_step_of_the_new_run(qtbot, tmp_path):
    """A row of the comparison is a way to jump to the what-if run's step."""
    window, lab = lab_window(qtbot, tmp_path)
    flip(qtbot, lab, "fail:make-thumbnail", "always")
    lab.show_compare()
    view = lab.compare
    target = view.model.rows[view.first_row + 2]
    assert target.new is not None
    view._clicked(view.model.index(view.first_row + 2, 4))
    assert window.playback.index == target.new


def test_a_switch_that_changes_nothing_says_the_runs_are_the_same(qtbot, tmp_path):
    """Memory does not change the simulated run, and the comparison says so instead of inventing rows."""
    window, lab = lab_window(qtbot, tmp_path)
    flip(qtbot, lab, "knob:make-thumbnail:memory", 1769)
    assert "step for step the same" in lab.compare.summary.text()
    assert lab.compare.first_row is None
    assert lab.controller.changed_index is None


def test_a_narrow_panel_shows_both_runs_without_scrolling_sideways(qtbot, tmp_path):
    """At 1280x720 with the What if… panel open, Runs compared is ~190 px wide: the fixed
    columns (numbers and "◆ first difference · ≠ changed") pushed the what-if run off-screen
    behind a horizontal scroll bar. Narrow, the marks column keeps its glyph only (the word is
    in its tooltip) and both runs share what is left."""
    from app.ui.lab.compare_view import CompareView

    window, lab = lab_window(qtbot, tmp_path)
    flip(qtbot, lab, READ_PERMISSION, True)
    view = CompareView(lab.compare.controller)
    qtbot.addWidget(view)
    view.resize(200, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    table = view.view
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= table.viewport().width() + 1, widths
    assert not table.horizontalScrollBar().isVisible()
    assert min(widths[1], widths[4]) >= 40, widths  # both runs readable, not a sliver
    row = view.first_row
    assert _cell(view, row, 2) == "◆"
    headers = [view.model.headerData(c, Qt.Horizontal) for c in (1, 4)]
    assert headers == ["before", "what-if"]  # "unmodified run" showed as "modified r"
    assert "first difference" in _cell(view, row, 2, Qt.ToolTipRole)
    view.resize(900, 400)  # wide again: the words come back
    qtbot.wait(20)
    assert _cell(view, row, 2).startswith("◆ first difference")
