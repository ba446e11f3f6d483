"""Graph nodes and edge types for SNS topics and EventBridge rules."""

from __future__ import annotations

from app.graph.build import build_graph
from app.graph.layout import layout
from app.scenario.loader import load_scenario


def _edges(graph, type_):
    return {(u, v): d["label"] for u, v, k, d in graph.edges(keys=True, data=True) if k == type_}


def test_fan_out_draws_bucket_to_topic_to_each_subscriber(scenarios_dir):
    graph = build_graph(load_scenario(scenarios_dir / "fan-out-sns.yaml"))
    assert _edges(graph, "notification") == {("uploads", "new-upload"): "ObjectCreated:*"}
    assert _edges(graph, "subscription") == {("new-upload", "resize-photo"): "protocol lambda",
                                             ("new-upload", "catalogue"): "protocol lambda"}
    assert ("new-upload", "lambda") in _edges(graph, "invoke")
    assert ("uploads", "lambda") not in _edges(graph, "invoke")  # S3 publishes, SNS invokes
    assert graph.nodes["new-upload"]["group"] == "relay"
    x = {n: p[0] for n, p in layout(graph).items()}
    assert x["uploads"] < x["new-upload"] < x["lambda"] < x["catalogue"]


def test_a_rule_is_a_source_with_a_rule_edge_to_its_target(scenarios_dir):
    graph = build_graph(load_scenario(scenarios_dir / "nightly-schedule.yaml"))
    assert _edges(graph, "rule") == {("nightly-report", "build-report"): "cron(0 2 * * ? *)"}
    assert graph.nodes["nightly-report"]["group"] == "source"
    assert graph.nodes["nightly-report"]["kind"] == "eventbridge_rule"
