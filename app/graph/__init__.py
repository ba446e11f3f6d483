"""The scenario as a networkx graph, laid out left to right. Qt-free."""

from app.graph.build import EDGE_TYPES, LAMBDA, STS, build_graph, resolve_node
from app.graph.layout import layout

__all__ = ["EDGE_TYPES", "LAMBDA", "STS", "build_graph", "layout", "resolve_node"]
