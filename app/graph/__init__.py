"""The scenario as a networkx graph, laid out left to right. Qt-free.

`resolve_node` is light; the rest (`build_graph`, `layout`, EDGE_TYPES, LAMBDA, STS) imports
networkx (~150 ms) on first use, so a window drawing a cached graph at start-up does not wait
for it (docs/decisions/0018-start-up.md). `app.graph.layout` stays the function even after the
submodule of the same name is imported, as the eager import always gave.
"""

from __future__ import annotations

import sys
import types

from app.graph.aliases import resolve_node

__all__ = ["EDGE_TYPES", "LAMBDA", "STS", "build_graph", "layout", "resolve_node"]
_FROM_BUILD = {"EDGE_TYPES", "LAMBDA", "STS", "build_graph"}


class _Package(types.ModuleType):
    """Keep the function `layout` on the package when the submodule `layout` is imported."""

    def __setattr__(self, name, value):
        if name == "layout" and isinstance(value, types.ModuleType):
            value = value.layout
        super().__setattr__(name, value)


def __getattr__(name: str):
    if name in _FROM_BUILD:
        from app.graph import build

        return getattr(build, name)
    if name == "layout":
        from app.graph.layout import layout  # sets the package's `layout` to the function

        return layout
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
