"""Badges and the stop sign: each state has its own outline, symbol and word, on the right node."""

import pytest

from app.graph import LAMBDA
from app.ui.canvas import CanvasView
from app.ui.canvas.badges import BADGES
from canvas_fixtures import denial, photo_thumbnails, step


@pytest.fixture
def view(qtbot):
    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.set_animation_ms(0)
    canvas.set_scenario(photo_thumbnails())
    return canvas


def badges(view):
    return {name: set(item.badges) for name, item in view.item_for_node.items() if item.badges}


def test_denied_permission_shows_a_stop_sign_with_the_reason(view):
    """A deny decision puts a DENIED octagon on the target; its tooltip carries the policy's reason."""
    view.show_step(step("permission-check", "photos", "make-thumbnail", permission=denial()))
    sign = view.item_for_node["make-thumbnail"].stop_sign
    assert sign is not None
    assert "no statement allows s3.amazonaws.com" in sign.toolTip()
    assert "resource-based policy of make-thumbnail" in sign.toolTip()
    assert view.item_for_node["photos"].stop_sign is None
    view.show_step(step("request", "user", "photos"))
    assert view.item_for_node["make-thumbnail"].stop_sign is None


def test_allowed_permission_shows_no_stop_sign(view):
    """An allow decision is not drawn as a denial."""
    from app.engine.trace import PermissionDecision

    allow = PermissionDecision("allow", "s3.amazonaws.com", "lambda:InvokeFunction", "fn",
                               "resource-based policy of make-thumbnail", matched="AllowS3Invoke")
    view.show_step(step("permission-check", "photos", "make-thumbnail", permission=allow))
    assert all(item.stop_sign is None for item in view.item_for_node.values())


def test_cold_start_badge_sits_on_the_function(view):
    """Init lambda → make-thumbnail tagged cold-start: the ❄ cold start badge is on the function."""
    view.show_step(step("init", LAMBDA, "make-thumbnail", tags=("cold-start",)))
    assert badges(view) == {"make-thumbnail": {"cold-start"}}
    assert view.item_for_node["make-thumbnail"].badges["cold-start"].word == "cold start"


def test_warm_start_badge_differs_from_cold_start_in_shape_symbol_and_word(view):
    """Warm start has its own word; both keep a distinct symbol drawn by state name."""
    view.show_step(step("execute", LAMBDA, "make-thumbnail", tags=("warm-start",)))
    badge = view.item_for_node["make-thumbnail"].badges["warm-start"]
    assert badge.word == "warm" and badge.state == "warm-start"


def test_error_retry_and_throttle_badges(view):
    """Error on the failing function, retry on the node tried again, throttle shows 429."""
    view.show_step(step("error", "make-thumbnail", LAMBDA))
    assert badges(view) == {"make-thumbnail": {"error"}}
    view.show_step(step("retry", LAMBDA, "make-thumbnail"))
    assert badges(view) == {"make-thumbnail": {"retry"}}
    view.show_step(step("throttle", "make-thumbnail", LAMBDA))
    assert badges(view) == {"make-thumbnail": {"throttle"}}
    assert "429" in view.item_for_node["make-thumbnail"].badges["throttle"].word


def test_badges_are_cleared_by_the_next_step(view):
    """Badges belong to the step shown; the next step without a state removes them."""
    view.show_step(step("init", LAMBDA, "make-thumbnail", tags=("cold-start",)))
    view.show_step(step("request", "user", "photos"))
    assert badges(view) == {}


def test_caveat_shows_a_not_simulated_badge_with_the_caveat_text(view):
    """A documented behaviour that is not simulated is said loudly on the canvas, not hidden."""
    view.show_step(step("detect", "photos", "photos", caveat="delivery delay is not modelled"))
    badge = view.item_for_node["photos"].badges["not-simulated"]
    assert badge.word == "not simulated"
    assert badge.toolTip() == "delivery delay is not modelled"


def test_states_never_differ_by_colour_alone():
    """Every badge has a word of its own, and no two share both outline and symbol."""
    words = [word for word, _, _ in BADGES.values()]
    assert len(set(words)) == len(words)
    assert all(word for word in words)
    outlines = {state: outline for state, (_, outline, _) in BADGES.items()}
    assert outlines["error"] != outlines["throttle"]
    assert outlines["cold-start"] != outlines["error"]


def test_http_429_and_5xx_statuses_mark_throttle_and_error(view):
    """A response with status 429 is a throttle; a 502 from API Gateway is an error."""
    view.show_step(step("response", "make-thumbnail", "photos", status=429))
    assert badges(view) == {"make-thumbnail": {"throttle"}}
    view.show_step(step("response", "photos", "user", status=502))
    assert badges(view) == {"photos": {"error"}}


def test_a_refusal_travelling_back_marks_the_refusing_node_not_the_caller(view):
    """A 403 error reply make-thumbnail → photos: the stop sign stays on make-thumbnail, no ✕ too."""
    view.show_step(step("error", "make-thumbnail", "photos", status=403, tags=("denied",)))
    assert view.item_for_node["make-thumbnail"].stop_sign is not None
    assert view.item_for_node["photos"].stop_sign is None
    assert badges(view) == {}
