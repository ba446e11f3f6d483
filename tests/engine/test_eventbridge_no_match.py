"""PutEvents whose event matches no rule (the teacher's order A-2, steps 12-13 of their play)."""
from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.scenario.loader import load_scenario

CASE = Path(__file__).parent / "cases" / "teacher-order-events-failwhen.yaml"


def test_put_events_that_matches_no_rule_does_not_promise_targets():
    """The teacher's A-2 order matches no rule: the 200 must not say matching rules send it on."""
    trace = run(load_scenario(CASE))
    request = next(i for i, s in enumerate(trace.steps) if "no-match" in (s.tags or ()))
    response = trace.steps[request + 1]
    assert response.kind == "response" and response.status == 200
    assert "each matching rule" not in response.narration
    assert "no rule" in response.narration
    matched = next(s for s in trace.steps if s.kind == "response" and s.source == "big-orders")
    assert "each matching rule sends it to its targets" in matched.narration


def test_put_events_that_matches_no_rule_is_drawn_to_the_rule_not_back_to_the_caller():
    """It was `checkout → checkout`: a self-loop, since the bus is no node of the diagram."""
    trace = run(load_scenario(CASE))
    request = next(i for i, s in enumerate(trace.steps) if "no-match" in (s.tags or ()))
    assert (trace.steps[request].source, trace.steps[request].target) == ("checkout", "big-orders")
    assert (trace.steps[request + 1].source, trace.steps[request + 1].target) == ("big-orders", "checkout")
