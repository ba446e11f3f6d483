"""Invariants of show_step over any sequence of steps (hypothesis): nothing leaks between steps."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.trace import STEP_KINDS
from app.ui.canvas import CanvasView
from canvas_fixtures import denial, mobile_clicks, step

NODES = ["phone", "pool", "signed-in", "guest", "clicks-role", "process-clicks", "lambda", "sts"]
TAGS = ["cold-start", "warm-start", "retry", "throttled", "denied", "error"]

steps = st.builds(
    lambda kind, src, dst, tags, status, caveat, denied: step(
        kind, src, dst, tags=tuple(tags), status=status, caveat=caveat,
        permission=denial() if denied else None),
    st.sampled_from(STEP_KINDS), st.sampled_from(NODES), st.sampled_from(NODES),
    st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
    st.sampled_from([None, 200, 202, 429, 502]), st.sampled_from([None, "not modelled"]),
    st.booleans())


@pytest.fixture(scope="module")
def view(qapp):
    canvas = CanvasView()
    canvas.set_animation_ms(0)
    canvas.set_scenario(mobile_clicks())
    yield canvas
    canvas.show_step(None)
    canvas.deleteLater()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(steps, min_size=1, max_size=6))
def test_only_the_last_step_shows(view, sequence):
    """After any sequence, exactly the last step's nodes are lit, one token, and marks only there."""
    for s in sequence:
        view.show_step(s)
    last = sequence[-1]
    lit = {n for n, item in view.item_for_node.items() if item.is_active}
    assert lit == {last.source, last.target}
    assert sum(e.is_active for e in view.item_for_edge.values()) <= 1
    marked = {n for n, item in view.item_for_node.items() if item.badges or item.stop_sign}
    assert marked <= {last.source, last.target}
    tokens = [i for i in view.scene().items() if type(i).__name__ == "TokenItem" and i.parentItem() is None]
    assert len(tokens) == 1
    view.show_step(None)
    assert not any(item.is_active or item.badges or item.stop_sign
                   for item in view.item_for_node.values())
