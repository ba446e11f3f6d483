"""Which node a step's source or target is drawn on: light (no networkx), for the canvas."""

from __future__ import annotations

from typing import Any


def resolve_node(graph: Any, name: str) -> str:
    """The node a step's source/target is drawn on (mapping names are drawn on `lambda`).
    `graph` is the scenario's graph (app.graph.build_graph); its `graph["aliases"]` maps
    names that have no node of their own to the node drawn for them."""
    return graph.graph.get("aliases", {}).get(name, name)
