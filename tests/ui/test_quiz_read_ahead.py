"""Quiz read-ahead (issue 9, item 7): while the class is asked what comes next, nothing on screen
shows it: not the scrubber, not View → Timeline, not the comparison, not presentation mode."""

from __future__ import annotations

from lab_fixtures import lab_window
from PySide6.QtCore import Qt


def test_the_scrubber_goes_back_but_never_past_the_step_shown(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path)
    window.playback.seek(3)
    lab.quiz_action.trigger()
    slider = window.player_bar.slider
    slider.setValue(len(window.playback) - 1)  # a drag to the end
    assert window.playback.index == 3 and slider.value() == 3
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key_PageUp)  # the slider's own keys: 10 steps ahead
    assert window.playback.index == 3
    slider.setValue(1)
    assert window.playback.index == 1  # going back is allowed
    slider.setValue(2)
    assert window.playback.index == 1  # …but not forward again, past the step shown
    lab.quiz_action.trigger()  # quiz off: the scrubber is free
    slider.setValue(len(window.playback) - 1)
    assert window.playback.index == len(window.playback) - 1


def test_view_timeline_does_not_show_the_steps_to_come(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path)
    lab.quiz_action.trigger()
    window.timeline_dock.toggleViewAction().trigger()  # View → Timeline
    window.timeline_dock.show()  # and any other way of showing it
    lab.toggle_compare()  # Ctrl+D
    qtbot.wait(20)
    assert not window.timeline_dock.isVisible() and not lab.compare_dock.isVisible()
    lab.quiz_action.trigger()  # quiz off: the timeline comes back as it was
    qtbot.wait(20)
    assert window.timeline_dock.isVisible()


def test_presentation_mode_does_not_bring_the_timeline_back_during_the_quiz(qtbot, tmp_path):
    """F5 then Esc while asking: the timeline stays shut until the quiz is turned off."""
    window, lab = lab_window(qtbot, tmp_path)
    lab.quiz_action.trigger()
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.keyClick(window, Qt.Key_Escape)
    qtbot.wait(20)
    assert not window.timeline_dock.isVisible() and window.inspector_dock.isVisible()
    lab.quiz_action.trigger()
    qtbot.wait(20)
    assert window.timeline_dock.isVisible()


def test_quiz_turned_on_while_presenting_keeps_the_timeline_shut_after_esc(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path)
    qtbot.keyClick(window, Qt.Key_F5)
    lab.quiz_action.trigger()
    qtbot.keyClick(window, Qt.Key_Escape)
    qtbot.wait(20)
    assert not window.timeline_dock.isVisible()
    lab.quiz_action.trigger()
    qtbot.wait(20)
    assert window.timeline_dock.isVisible()


def test_ctrl_d_during_the_quiz_never_flashes_the_comparison(qtbot, tmp_path):
    """Found by the monkey (seeds 1 and 2, 2,000 actions): Ctrl+D while asking showed the
    comparison for one turn of the event loop before the quiz's lock hid it again, leaving a tab
    bar that listed a hidden dock. Now it is not shown at all, the status bar says why, and it
    opens when the quiz ends."""
    from PySide6.QtCore import QEvent, QObject

    from dock_checks import stale_tab_bars

    window, lab = lab_window(qtbot, tmp_path)
    window.show()
    lab.compare_dock.hide()
    lab.quiz_action.trigger()
    qtbot.wait(20)  # Qt drops the hidden docks' tabs on a later turn of the event loop
    assert stale_tab_bars(window) == []
    shows = []

    class Spy(QObject):
        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() == QEvent.Show:
                shows.append(watched)
            return False
    spy = Spy()
    lab.compare_dock.installEventFilter(spy)
    lab.compare_action.trigger()  # Ctrl+D
    assert stale_tab_bars(window) == []
    qtbot.wait(20)
    assert shows == [] and not lab.compare_dock.isVisible()
    assert "quiz" in window.statusBar().currentMessage()
    lab.quiz_action.trigger()  # quiz off: what was asked for opens
    qtbot.wait(20)
    assert lab.compare_dock.isVisible()
