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
    """The key's share of the diagram's area on screen (0 when hidden)."""
    if canvas.legend is None or not canvas.legend.isVisible():
        return 0.0
    rect = canvas.mapFromScene(canvas.legend.sceneBoundingRect()).boundingRect()
    viewport = canvas.viewport()
    return rect.width() * rect.height() / (viewport.width() * viewport.height())


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
    assert 0 < share <= 0.11  # before: 0.14 of the canvas (the teacher's "a quarter")


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
