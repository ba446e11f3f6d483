"""The built-in stream scenarios: the chapter's Example 2 order and the metrics.

Their golden text traces are checked with every other built-in in tests/commands/test_play_goldens.py.
"""

from __future__ import annotations

import base64
import json

import pytest

from app.commands.play import load
from app.engine import run

SCENARIOS = ("clickstream-kinesis", "analytics-dynamodb")


def trace_of(scenarios_dir, name):
    scenario, problems = load(str(scenarios_dir / f"{name}.yaml"))
    assert scenario is not None, problems
    return run(scenario)


@pytest.mark.parametrize("name", SCENARIOS)
def test_example_2_steps_appear_in_order(name, scenarios_dir):
    """Write (1), Lambda polls and finds records (2), function invoked with the event (3): in that order."""
    trace = trace_of(scenarios_dir, name)
    marked = [s for s in trace if s.chapter_step in (1, 2, 3)]
    firsts = [next(s.index for s in marked if s.chapter_step == n) for n in (1, 2, 3)]
    assert firsts == sorted(firsts)
    for invoke in (s for s in marked if s.chapter_step == 3):
        assert invoke.kind == "invoke" and (invoke.source, invoke.model) == ("lambda", "pull")
        poll = max(s.index for s in marked if s.chapter_step == 2 and s.index < invoke.index)
        assert any(s.chapter_step == 1 and s.index < poll for s in marked)
    assert {s.source for s in trace if s.kind in ("poll", "checkpoint")} == {"lambda"}


@pytest.mark.parametrize("name", SCENARIOS)
def test_nodes_are_resources_or_service_nodes(name, scenarios_dir):
    """Every step's source and target is a scenario resource, `lambda` or `sts`."""
    scenario, _ = load(str(scenarios_dir / f"{name}.yaml"))
    allowed = set(scenario.resources) | {"lambda", "sts"}
    trace = run(scenario)
    assert {s.source for s in trace} | {s.target for s in trace} <= allowed


def test_clickstream_counts_every_click_once_per_page(scenarios_dir):
    """Across all invokes, count-clicks counts each page as often as the app clicked it."""
    trace = trace_of(scenarios_dir, "clickstream-kinesis")
    clicked = [json.loads(base64.b64decode(s.payload["Data"]))["page"]
               for s in trace if s.kind == "request"]
    totals: dict[str, int] = {}
    for result in (s for s in trace if s.kind == "result"):
        for page, n in result.payload["counts"].items():
            totals[page] = totals.get(page, 0) + n
    assert totals == {p: clicked.count(p) for p in set(clicked)}
    assert {s.payload["ShardId"] for s in trace if s.kind == "response"} == {
        "shardId-000000000000", "shardId-000000000001"}


def test_analytics_metrics_follow_the_changes(scenarios_dir):
    """Revenue changes add up to the table's final total; the unchanged write adds no record."""
    trace = trace_of(scenarios_dir, "analytics-dynamodb")
    results = [s.payload for s in trace if s.kind == "result"]
    assert [r["records"] for r in results] == [3, 2]  # batch full at 3, then the window closes on 2
    final = trace.state_at(len(trace) - 1)["sales"]["items"]
    total = sum(float(item["amount"]["N"]) for item in final.values())
    assert sum(r["change"] for r in results) == pytest.approx(total)  # 30 + 15.5
    assert results[1]["byEvent"] == {"MODIFY": 1, "REMOVE": 1}


@pytest.mark.parametrize("name", SCENARIOS)
def test_same_seed_gives_the_same_trace_and_state(name, scenarios_dir):
    """Two runs of a stream scenario are byte-identical, steps and final state alike."""
    first, second = trace_of(scenarios_dir, name), trace_of(scenarios_dir, name)
    as_text = [json.dumps([s.to_json() for s in t], sort_keys=True) for t in (first, second)]
    assert as_text[0] == as_text[1]
    last = len(first) - 1
    assert json.dumps(first.state_at(last), sort_keys=True, default=str) == json.dumps(
        second.state_at(last), sort_keys=True, default=str)
