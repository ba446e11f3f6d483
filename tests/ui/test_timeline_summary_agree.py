"""`play --summary` and the window's timeline count and mark the same things (issue 8, item 11).

Refusals (AccessDenied), throttles (429) and function errors are told apart, and a refused
invoke is never a function error: no code ran (docs/reference/lambda-behaviour.md §1, §6;
https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from app.engine.run import run
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario
from app.ui.timeline import step_flags

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
WORD_TO_KEY = {"denied": "denied", "refused": "refusals", "throttled": "throttles",
               "function error": "function_errors", "error": "other_errors"}


def _marks(trace) -> Counter:
    """The timeline's marks, plus the retries a fast-forwarded stream block skipped: its one
    not-simulated row carries them as an estimate, which the summary counts too (§5)."""
    words = Counter(word for step in trace for _, word in step_flags(step))
    marks = Counter({key: words.get(word, 0) for word, key in WORD_TO_KEY.items()})
    for step in trace:
        if step.kind == "not-simulated" and isinstance(step.payload, dict) and "estimate" in step.payload:
            marks["function_errors"] += step.payload["estimate"]["invocations"]
            marks["throttles"] += step.payload["estimate"]["throttles"]
    return marks


def _totals(trace) -> Counter:
    return Counter({key: trace.summary[key] for key in WORD_TO_KEY.values()})


def test_a_refused_invoke_is_a_refusal_in_both_not_an_error():
    """Website API without AllowOrdersApiGet: API Gateway's two GET invokes are denied and
    answered 403 by Lambda. The summary says refusals 2, function errors 0, and the timeline marks
    those 403 replies "refused", never "error" (before: errors 0 beside a timeline "✖ error").
    (S3 would not get this far: it refuses to save a notification the function policy does not
    allow, §13 A4c.)"""
    api = load_scenario(SCENARIOS[[p.name for p in SCENARIOS].index("website-api.yaml")])
    trace = run(apply_edits(api, ["resources.list-orders.permissions.AllowOrdersApiGet=absent"]))
    replies = [s for s in trace if s.kind == "error" and s.status == 403 and s.source == "lambda"]
    assert len(replies) == 2
    for reply in replies:
        assert [w for _, w in step_flags(reply)] == ["refused"]
    assert trace.summary["refusals"] == 2 and trace.summary["function_errors"] == 0
    assert trace.summary["denied"] == 2
    assert _marks(trace) == _totals(trace)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_summary_totals_equal_the_timeline_marks_for_every_builtin_and_switch(path):
    """For each built-in scenario and every what-if switch made for it, the five totals of
    `play --summary` equal the number of timeline rows with that mark."""
    scenario = load_scenario(path)
    runs = [scenario] + [apply_edits(scenario, s.edits) for s in switches_for(scenario) if s.edits]
    for edited in runs:
        trace = run(edited, max_steps=20_000)
        assert _marks(trace) == _totals(trace), edited.title
