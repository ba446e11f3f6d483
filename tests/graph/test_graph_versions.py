"""A function with aliases shows where each alias points, with weights and provisioned
concurrency, under its name; an Invoke of an alias names it on the edge (§18, §19)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))

from lambda_scenarios import function, scenario  # noqa: E402

from app.graph import build_graph  # noqa: E402


def _scenario(**alias):
    return scenario({"echo": function(versions={"1": {}, "2": {}},
                                      aliases={"live": {"function_version": "1", **alias}})},
                    script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                             "qualifier": "live"}])


def test_function_node_lists_its_alias_with_weights_and_provisioned_concurrency():
    graph = build_graph(_scenario(routing_config={"additional_version_weights": {"2": 0.2}},
                                  provisioned_concurrent_executions=3))
    assert graph.nodes["echo"]["sublabel"] == "live → v1 80% · v2 20% · 3 provisioned"


def test_plain_alias_and_plain_function():
    assert build_graph(_scenario()).nodes["echo"]["sublabel"] == "live → v1"
    assert "sublabel" not in build_graph(scenario()).nodes["echo"]


def test_invoke_edge_names_the_alias():
    graph = build_graph(_scenario())
    assert graph.edges["app", "echo", "invoke"]["label"] == "Invoke echo:live"
