"""The Panels button brings back every panel it folded (reviewer's report, 1024x600 on
orders-sqs): a first run folds the side panels; a node click shows the inspector alone; Panels
folds it; Panels again brought back the inspector only, the timeline folded at the start was
forgotten."""

from __future__ import annotations

from test_small_screen_room import _side_docks, measure


def _side_titles(window) -> set[str]:
    """Titles of the docked side panels open (a tab behind another counts: its group is open)."""
    return {d.windowTitle() for d in window.diagram_first.panels.side_docks()}


def test_node_click_then_panels_twice_brings_back_what_the_first_run_folded(qtbot):
    def sequence(window):
        panels = window.diagram_first.panels
        folded_at_start = {d.windowTitle() for d in panels._folded}
        open_at_start = _side_titles(window)
        window._node_clicked("orders")  # a click on a node opens the inspector on it
        qtbot.wait(400)  # docks animate
        after_click = _side_titles(window)
        panels.button.click()  # fold
        qtbot.wait(400)
        after_fold = _side_titles(window)
        panels.button.click()  # show again
        qtbot.wait(400)
        return (folded_at_start, open_at_start, after_click, after_fold, _side_titles(window),
                {d.windowTitle() for d in _side_docks(window)}, panels.button.isChecked())

    folded, open_at_start, clicked, after_fold, shown, in_front, checked = measure(
        qtbot, "orders-sqs", 18, (1024, 600), before=sequence)
    assert open_at_start == set() and {"Inspector", "Timeline"} <= folded
    assert clicked == {"Inspector"} and after_fold == set()
    assert folded | clicked <= shown and checked  # before: only the inspector came back
    assert "Inspector" in in_front


def test_panels_twice_after_the_first_fold_brings_back_the_same_panels(qtbot):
    """Without a click between: the first fold's panels come back, none twice, none lost."""
    def sequence(window):
        panels = window.diagram_first.panels
        folded = {d.windowTitle() for d in panels._folded}
        panels.button.click()  # show
        qtbot.wait(400)
        shown = _side_titles(window)
        panels.button.click()  # fold
        qtbot.wait(400)
        panels.button.click()  # show
        qtbot.wait(400)
        return folded, shown, _side_titles(window), len(panels._folded)

    folded, shown, again, left = measure(qtbot, "orders-sqs", 18, (1024, 600), before=sequence)
    assert folded and shown == folded and again == folded and left == 0
