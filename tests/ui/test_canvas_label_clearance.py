"""Badges, the stop sign and the token never sit on an edge's label (issue 11, item 5): the
label slides along its edge to a free spot while the step is shown, and goes back after."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import run
from app.scenario.loader import load_scenario
from app.ui.slides import slide_view

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def marks(view):
    """(what, scene rect) of everything a step puts on the canvas besides the highlight."""
    found = []
    for node in view.item_for_node.values():
        found += [(f"{state} badge on {node.name}", b.sceneBoundingRect()) for state, b in node.badges.items()]
        if node.stop_sign is not None:
            found.append((f"stop sign on {node.name}", node.stop_sign.sceneBoundingRect()))
    if view.token is not None:  # animation off: the token is where it rests
        found.append((f"{view.token.word} token", view.token.sceneBoundingRect()))
    return found


def clashes(view):
    return [(what, edge.label) for what, rect in marks(view) for edge in view.item_for_edge.values()
            if not edge.label_rect.isNull() and rect.adjusted(2, 2, -2, -2).intersects(edge.label_rect)]


@pytest.mark.parametrize("name", ["photo-thumbnails", "traffic-spike", "canary-alias", "clickstream-kinesis",
                                  "fan-out-sns", "mobile-cognito"])
def test_no_badge_or_token_covers_an_edge_label(qtbot, name):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    trace = run(scenario)
    view = slide_view(scenario)
    qtbot.addWidget(view)
    bad = []
    for step in list(trace)[:60]:
        view.show_step(step)
        bad += [(step.index + 1, *c) for c in clashes(view)]
    assert bad == []  # before: 49 of canary-alias's 81 steps, 68 of traffic-spike's 119


def test_labels_go_back_after_the_step(qtbot):
    scenario = load_scenario(SCENARIOS / "traffic-spike.yaml")
    trace = run(scenario)
    view = slide_view(scenario)
    qtbot.addWidget(view)
    resting = {key: edge.label_rect for key, edge in view.item_for_edge.items()}
    for step in list(trace)[:30]:
        view.show_step(step)
    view.show_step(None)
    assert {key: edge.label_rect for key, edge in view.item_for_edge.items()} == resting
