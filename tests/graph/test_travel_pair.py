"""The node pair whose line a step's token travels along (app.graph.travel): an asynchronous
Invoke from a service with an "Invoke (Event)" line to Lambda goes there; everything else along
its own pair. Checked on every built-in lesson's invoke steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.commands.play import load
from app.engine.run import run
from app.graph import LAMBDA, resolve_node
from app.graph.build import build_graph
from app.graph.travel import graph_lines, travel_pair

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def _types(graph, u, v):
    return {d.get("type") for d in graph.get_edge_data(u, v, default={}).values()}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_invoke_step_travels_along_an_invoke_line_when_one_leaves_its_source(path):
    scenario, _ = load(str(path))
    graph, trace = build_graph(scenario), run(scenario)
    for step in list(trace)[:2000]:
        if step.kind != "invoke":
            continue
        u, v = resolve_node(graph, step.source), resolve_node(graph, step.target)
        if u == v or u == LAMBDA:
            continue
        a, b = travel_pair(graph_lines(graph), u, v, step.kind)
        if "invoke" in _types(graph, u, v) or "invoke" in _types(graph, u, LAMBDA):
            assert "invoke" in _types(graph, a, b), (path.stem, step.index + 1, a, b)


def test_photo_step_4_goes_to_the_lambda_service():
    scenario, _ = load(str(Path(__file__).parents[2] / "scenarios" / "photo-thumbnails.yaml"))
    graph, trace = build_graph(scenario), run(scenario)
    step = trace[3]
    assert (step.kind, step.source, step.target) == ("invoke", "photos", "make-thumbnail")
    assert travel_pair(graph_lines(graph), "photos", "make-thumbnail", "invoke") == ("photos", LAMBDA)
    assert travel_pair(graph_lines(graph), "user", "photos", "request") == ("user", "photos")
