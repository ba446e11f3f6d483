"""A teacher's morning on an old projector (1024x600) and a 1280x720 laptop: the diagram gets the
room a class needs, measured in the window as `lambdascope export --window` renders it (fresh
settings, the layout a first run gets at that size).

- the key (legend) lists only the lines the diagram draws, in three rows, so it takes a small
  share of the canvas, in the window and in exports;
- at 1024x600 the side panels start folded away; node names on the diagram read larger;
  opened, a panel gets a width its values can be read in;
- with a lab panel open at 1280x720, the diagram keeps readable node names and the panel in
  front gets a width its rows can be read in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDockWidget

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _run(name: str):
    from app.engine import run
    from app.scenario.loader import load_scenario

    path = SCENARIOS / f"{name}.yaml"
    scenario = load_scenario(path)
    return path, scenario, run(scenario)


def label_px(canvas) -> float:
    """The smallest node name's height on screen: its font's pixel size times the zoom."""
    return min(n._label_font.pixelSize() for n in canvas.item_for_node.values()) \
        * canvas.transform().m11()


def legend_share(canvas) -> float:
    """The key's share of the picture fitted into the diagram (graph and key; 0 when hidden),
    whatever the zoom."""
    if canvas.legend is None or not canvas.legend.isVisible():
        return 0.0
    key, picture = canvas.legend.sceneBoundingRect(), canvas.content_rect()
    return key.width() * key.height() / (picture.width() * picture.height())


def shown_docks(window) -> list[QDockWidget]:
    """Docks a user sees (not a tab hidden behind another)."""
    return [d for d in window.findChildren(QDockWidget)
            if d.isVisible() and not d.visibleRegion().isEmpty()]


def measure(qtbot, name: str, step: int, size, present=False, before=None):
    """Render the window as `export --window` does and return what `before(window)` (run just
    before the picture) returns, with the window still open."""
    from app.commands.export_window import render_window

    path, scenario, trace = _run(name)
    seen = {}

    def prepare(window):
        if before is not None:
            seen["value"] = before(window)

    render_window(path, scenario, trace, step, size, present=present, prepare=prepare)
    return seen.get("value")


# ---- item 2: the key --------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_the_key_takes_a_small_share_of_the_diagram(qtbot, size):
    share = measure(qtbot, "orders-sqs", 18, size, before=lambda w: legend_share(w.canvas))
    assert 0 < share <= 0.17  # before: 0.21 (the teacher saw "about a quarter")


def test_the_key_lists_the_lines_the_diagram_draws(qtbot):
    from app.ui.canvas import CanvasView
    from app.ui.canvas.legend import lines_for

    _path, scenario, _trace = _run("orders-sqs")
    view = CanvasView()
    qtbot.addWidget(view)
    view.set_scenario(scenario)
    drawn = {e.edge_type for e in view.item_for_edge.values()}
    lines = view.legend.lines
    assert "subscription" not in lines and "rule" not in lines  # no SNS, no EventBridge here
    assert "ad-hoc" in lines  # a step between unlinked nodes may draw it
    assert set(lines_for(drawn)) == set(lines)
    for type_ in drawn:  # every line drawn has its row, or one drawn with the same pen
        assert type_ in lines or {"request": "invoke", "role": "assumes"}[type_] in lines
    rect = view.legend.boundingRect()
    assert rect.height() <= 150  # before: 236 scene px (five rows)


def test_a_pdf_page_gives_the_graph_more_room_with_the_compact_key(qtbot):
    """On a storyboard page the key is under the graph: a lower key leaves the graph larger."""
    from app.ui.canvas import CanvasView

    _path, scenario, _trace = _run("orders-sqs")
    view = CanvasView()
    qtbot.addWidget(view)
    view.set_scenario(scenario)
    nodes = view.content_rect()
    view.set_legend_visible(False)
    graph = view.content_rect()
    assert nodes.height() / graph.height() <= 1.5  # before: 1.71 (the key as tall as 70 % of it)


# ---- item 1: 1024x600 -------------------------------------------------------------------------
def _side_docks(window) -> list[QDockWidget]:
    from PySide6.QtCore import Qt

    return [d for d in shown_docks(window) if not d.isFloating()
            and window.dockWidgetArea(d) in (Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea)]


def test_at_1024x600_the_side_panels_fold_away_for_the_diagram(qtbot):
    def look(window):
        button = window.diagram_first.panels.button
        return (label_px(window.canvas), [d.windowTitle() for d in _side_docks(window)],
                button.isVisible(), button.isChecked(), window.canvas.width())

    px, sides, button_shown, checked, width = measure(qtbot, "orders-sqs", 18, (1024, 600), before=look)
    assert px >= 11.5  # before: 9.8 px, the diagram 838 px wide beside a 154 px inspector
    assert sides == [] and width >= 1000
    assert button_shown and not checked  # the "Panels" button brings them back


def test_at_1024x600_an_opened_panel_is_wide_enough_to_read(qtbot):
    def open_by_click(window):
        window._node_clicked("orders")  # a click on a node opens the inspector on it
        qtbot.wait(400)  # docks animate
        return window.inspector_dock.width(), window.inspector_dock.isVisible()

    width, shown = measure(qtbot, "orders-sqs", 18, (1024, 600), before=open_by_click)
    assert shown and width >= 260  # before: 154 px, values cut to 1-2 characters

    def open_by_button(window):
        window.diagram_first.panels.button.click()
        qtbot.wait(400)  # docks animate
        return [(d.windowTitle(), d.width()) for d in _side_docks(window)], \
            window.diagram_first.panels.button.isChecked()

    sides, checked = measure(qtbot, "orders-sqs", 18, (1024, 600), before=open_by_button)
    assert checked and sides and all(width >= 260 for _title, width in sides)


def test_presentation_hides_the_panels_button(qtbot):
    shown = measure(qtbot, "orders-sqs", 18, (1280, 720), present=True,
                    before=lambda w: w.diagram_first.panels.button.isVisible())
    assert shown is False


# ---- item 3: lab panels at 1280x720 -------------------------------------------------------------
def test_at_1280x720_the_timeline_in_front_gets_a_readable_width(qtbot):
    def raise_timeline(window):
        window.timeline_dock.raise_()
        qtbot.wait(400)  # docks animate
        return window.timeline_dock.width(), label_px(window.canvas)

    width, px = measure(qtbot, "orders-sqs", 18, (1280, 720), before=raise_timeline)
    assert width >= 300  # before: 208 px, summaries cut to ~15 characters
    assert px >= 10.5  # the diagram gives way a little: 12.2 px before, 11.0 now


def test_at_1280x720_runs_compared_gets_room_for_its_columns(qtbot):
    def compare(window):
        window.lab.show_compare()
        qtbot.wait(400)  # docks animate
        return window.lab.compare_dock.width()

    assert measure(qtbot, "orders-sqs", 18, (1280, 720), before=compare) >= 420  # before: 208


def test_at_1280x720_what_if_leaves_the_diagram_readable(qtbot):
    def what_if(window):
        window.lab.whatif_dock.show()
        qtbot.wait(400)  # docks animate
        window.lab.whatif_dock.raise_()
        qtbot.wait(400)  # docks animate
        return label_px(window.canvas), window.lab.whatif_dock.width(), \
            not window.lab.whatif_dock.visibleRegion().isEmpty()

    px, width, in_front = measure(qtbot, "orders-sqs", 18, (1280, 720), before=what_if)
    assert in_front and width >= 240
    assert px >= 10.5  # before: 9.1 px, What if… a third column beside the inspector


def test_leaving_presentation_keeps_the_panels_width(qtbot):
    """Only a panel the user brings to the front is widened: the docks shown again on leaving
    presentation mode keep the width they had."""
    def present_and_back(window):
        before = window.inspector_dock.width()
        window.presentation.enter()
        qtbot.wait(200)
        window.presentation.exit()
        qtbot.wait(400)
        return before, window.inspector_dock.width()

    before, after = measure(qtbot, "orders-sqs", 18, (1280, 720), before=present_and_back)
    assert after == before
