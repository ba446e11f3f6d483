"""Who acts now (issue 11, item 3): the sender and the receiver look different; a step where
nothing travels is a mark at the node, not an envelope; an SDK call's token names its operation."""

from __future__ import annotations

import pytest
from canvas_fixtures import photo_canvas, step

from app.graph import LAMBDA
from app.ui.canvas import CanvasView


@pytest.fixture
def view(qtbot):
    return photo_canvas(qtbot)


def test_sender_and_receiver_look_different(view):
    view.show_step(step("request", "user", "photos", payload={"Key": "cat.jpg"}))
    sender, receiver = view.item_for_node["user"], view.item_for_node["photos"]
    assert sender.is_active and receiver.is_active
    assert (sender.role, receiver.role) == ("source", "target")  # before: both just "active"
    view.show_step(step("log", "make-thumbnail", "make-thumbnail", payload={"line": "x"}))
    assert view.item_for_node["make-thumbnail"].role == "both"
    assert not sender.is_active and sender.role is None


@pytest.mark.parametrize("kind, payload", [("shutdown", {"Reason": "idle"}), ("init", {"x": 1}),
                                           ("invoke", None)])
def test_nothing_travels_no_envelope(view, kind, payload):
    view.show_step(step(kind, LAMBDA, "make-thumbnail", payload=payload))
    assert view.token.shape_name == "mark"  # before: an envelope riding the edge
    node = view.item_for_node["make-thumbnail"]
    assert view.token.pos().y() > node.pos().y()  # resting at the node that acts, not on the edge
    assert view._active_edge is None


def test_an_invoke_with_an_event_is_still_an_envelope(view):
    view.show_step(step("invoke", LAMBDA, "make-thumbnail", payload={"Records": [{}]}))
    assert view.token.shape_name == "envelope"


def test_sdk_call_token_names_its_operation(view):
    view.show_step(step("sdk-call", "make-thumbnail", "photos", payload={"operation": "GetObject"}))
    assert view.token.word == "GetObject"  # before: "sdk call" for GetObject and PutObject alike


def test_a_throttle_shows_busy_over_limit_on_the_function(qtbot):
    """traffic-spike: the throttled function's badge says "429 · 5/5 busy" (its reserved
    concurrency, all in use), read from the run's state after the step."""
    from pathlib import Path

    from app.engine import run
    from app.scenario.loader import load_scenario

    scenario = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "traffic-spike.yaml")
    trace = run(scenario)
    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.set_animation_ms(0)
    canvas.set_scenario(scenario)
    canvas.trace = trace
    throttle = next(s for s in trace if s.kind == "throttle")
    canvas.show_step(throttle)
    badge = canvas.item_for_node["price-order"].badges.get("throttle")
    assert badge is not None and badge.word == "429 · 5/5 busy"  # before: no badge on price-order
    canvas.show_step(trace[0])
    assert "throttle" not in canvas.item_for_node["price-order"].badges
