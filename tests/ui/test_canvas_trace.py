"""The canvas against real engine traces: every step lands on drawn nodes and configured edges."""

import pytest

from app.engine import run
from app.graph import build_graph, resolve_node
from app.ui.canvas import CanvasView
from canvas_fixtures import photo_thumbnails


@pytest.fixture(scope="module")
def photo_run():
    scenario = photo_thumbnails()
    return scenario, run(scenario)


@pytest.fixture
def view(qtbot, photo_run):
    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.set_animation_ms(0)
    canvas.set_scenario(photo_run[0])
    return canvas


def test_every_step_names_nodes_of_the_graph(photo_run):
    """The node naming contract: sources and targets are resources, `lambda` or `sts`."""
    scenario, trace = photo_run
    graph = build_graph(scenario)
    for step in trace:
        assert resolve_node(graph, step.source) in graph, step
        assert resolve_node(graph, step.target) in graph, step


from app.ui.canvas.token import token_shape_for  # noqa: E402


def test_each_step_lights_its_two_nodes_and_travels_a_configured_edge(view, photo_run):
    """Photo thumbnails: every two-node step follows a drawn edge (no improvised arcs)."""
    for step in photo_run[1]:
        view.show_step(step)
        lit = {name for name, item in view.item_for_node.items() if item.is_active}
        assert lit == {step.source, step.target}, step.summary
        if step.source != step.target and token_shape_for(step) != "mark":  # a mark stays put
            assert view.arc is None, f"no edge drawn for step {step.index}: {step.summary}"
            assert sum(e.is_active for e in view.item_for_edge.values()) == 1


def test_first_upload_shows_a_cold_start_and_second_a_warm_start(view, photo_run):
    """The cold start badge appears on make-thumbnail in the first flow, warm in the second."""
    trace = photo_run[1]
    cold = next(s for s in trace if "cold-start" in s.tags)
    warm = next(s for s in trace if "warm-start" in s.tags)
    view.show_step(cold)
    assert set(view.item_for_node["make-thumbnail"].badges) == {"cold-start"}
    view.show_step(warm)
    assert set(view.item_for_node["make-thumbnail"].badges) == {"warm-start"}
    assert cold.index < warm.index
