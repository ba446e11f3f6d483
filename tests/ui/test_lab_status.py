"""Lab status truthfulness (issue 9 item 6): one "first changed step" everywhere, a ◆ that
survives further switches, switches counted as the user flipped them, the player's real step."""

from __future__ import annotations

from lab_fixtures import READ_PERMISSION, flip, lab_window

from app.ui.lab.marks import CHANGED_GLYPH, SUMMARY_COLUMN
from app.ui.timeline import TimelineModel

FAIL, RETRIES, MEMORY = "fail:make-thumbnail", "knob:make-thumbnail:async_retries", "knob:make-thumbnail:memory"


def marked_rows(window) -> list[int]:
    """Step indices whose timeline summary the lab's delegate paints with the ◆ mark."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    view = window.timeline.view
    model = view.model()
    marked = []
    for row in range(model.rowCount()):
        cell = model.index(row, SUMMARY_COLUMN)
        option = QStyleOptionViewItem()
        view.itemDelegate().initStyleOption(option, cell)
        if option.text.startswith(CHANGED_GLYPH):
            marked.append(model.index(row, 0).data(TimelineModel.StepRole).index)
    return marked


def test_status_bar_comparison_and_mark_give_one_first_changed_step(qtbot, tmp_path):
    """fail=always, then no retries: against the unmodified run the first change is one step;
    against the run shown before it another. The status bar, the panel, the comparison and
    the ◆ all name the comparison's step; a third switch that changes nothing new keeps ◆."""
    window, lab = lab_window(qtbot, tmp_path)
    flip(qtbot, lab, FAIL, "always")
    flip(qtbot, lab, RETRIES, 0)
    first = lab.controller.comparison.first_difference
    number = f"first changed step: {first + 1} (◆)"
    assert number in window.statusBar().currentMessage()
    assert number in lab.panel.status.text()
    assert f"step {first + 1} of the what-if run" in lab.compare.summary.text()
    assert lab.compare.first_row is not None
    row = lab.compare.model.rows[lab.compare.first_row]  # a step only before, or one changed
    assert first in (row.old, row.new)
    assert marked_rows(window) == [first]
    flip(qtbot, lab, MEMORY, 1024)  # changes no step: the mark stays where the runs part
    assert marked_rows(window) == [first] == [lab.controller.changed_index]
    assert f"first changed step: {first + 1} (◆)" in lab.panel.status.text()


def test_one_switch_is_counted_once_even_when_it_makes_two_edits(qtbot, tmp_path):
    """The write-back switch changes the target bucket and adds a policy: still 1 switch."""
    window, lab = lab_window(qtbot, tmp_path)
    flip(qtbot, lab, "write-back:make-thumbnail:photos", True)
    assert len(lab.controller.last_rerun.edits) == 2
    assert "1 switch changed" in lab.panel.status.text()
    assert "edit(s)" not in window.statusBar().currentMessage()


def test_the_status_says_the_step_the_player_is_really_at(qtbot, tmp_path):
    """Seek to step 2, flip a switch that differs later: the player stays, and the panel says
    step 2, not the changed step."""
    window, lab = lab_window(qtbot, tmp_path)
    window.playback.seek(1)
    flip(qtbot, lab, READ_PERMISSION, True)
    assert window.playback.index == 1 < lab.controller.changed_index
    assert "The player is at step 2." in lab.panel.status.text()
    assert "The player is at step 2." in window.statusBar().currentMessage()
