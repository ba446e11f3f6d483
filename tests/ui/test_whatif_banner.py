"""A what-if left on is visible with the panel closed (teacher's report: "Step 66 of 66" for
orders-sqs, whose file gives 42, and nothing said why): a banner over the diagram names the
switch and both step counts, the title starts with "What if ·", both stay in presentation
mode, and "Back to the file" resets the switches."""

from __future__ import annotations

from lab_fixtures import flip, lab_window, settle
from PySide6.QtCore import Qt

from app.ui.lab.whatif_banner import TITLE_MARK, banner_text


def test_a_switch_left_on_shows_a_banner_and_a_title_mark_until_reset(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path)
    file_steps = len(window.playback.trace)
    banner = lab.banner
    assert not banner.isVisible() and not window.windowTitle().startswith(TITLE_MARK)
    flip(qtbot, lab, "fail:make-thumbnail", "always")
    lab.whatif_dock.hide()  # the panel closed: the banner still says it
    steps = len(window.playback.trace)
    assert banner.isVisible() and banner.parent() is window.canvas
    text = banner.label.text()
    assert text.startswith("What if:") and "not the file's run" in text
    assert f"the file gives {file_steps}" in text or steps == file_steps
    assert window.windowTitle().startswith(TITLE_MARK)
    qtbot.keyClick(window, Qt.Key_F5)  # presentation mode: the banner is on the diagram
    qtbot.wait(50)
    assert banner.isVisible()
    settle(qtbot, lab, banner.back.click)
    assert not banner.isVisible() and not window.windowTitle().startswith(TITLE_MARK)
    assert len(window.playback.trace) == file_steps


def test_banner_text_names_switches_and_counts():
    assert banner_text(["a", "b", "c"], 66, 42) == (
        "What if: a; b and 1 more · not the file's run (66 steps; the file gives 42)")
    assert "as in the file" in banner_text(["a"], 42, 42)
