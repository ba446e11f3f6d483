"""The scenario as a networkx graph, laid out left to right. Qt-free.

`resolve_node` and `layout` are light; the rest (`build_graph`, EDGE_TYPES, LAMBDA, STS) imports
networkx (~150 ms) on first use, so a window drawing a cached graph at start-up does not wait
for it (docs/decisions/0018-start-up.md).
"""

from __future__ import annotations

from app.graph.aliases import resolve_node
from app.graph.layout import layout

__all__ = ["EDGE_TYPES", "LAMBDA", "STS", "build_graph", "layout", "resolve_node"]
_FROM_BUILD = {"EDGE_TYPES", "LAMBDA", "STS", "build_graph"}


def __getattr__(name: str):
    if name in _FROM_BUILD:
        from app.graph import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
