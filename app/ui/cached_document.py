"""The stand-ins a cached document holds instead of the real scenario model, networkx graph and
engine trace (app.ui.start_cache, 0018-start-up): each answers exactly what the window, the lab
and the quiz ask of the real one, from the values an entry kept. Moved out of start_cache.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.engine.trace import Trace


class CachedTrace(Trace):
    """A Trace whose state after each step was read from the cache (`cached_states`)."""

    cached_states: list

    def state_at(self, index: int) -> dict[str, dict[str, Any]]:
        if not self.cached_states:
            return {}
        index = max(0, min(index, len(self.cached_states) - 1))
        return {node: dict(values) for node, values in self.cached_states[index].items()}


class CachedNodes:
    """`graph.nodes` as networkx gives it, for what the window asks: called (`nodes()`,
    `nodes(data=True)`), iterated, `name in nodes`, `nodes[name]` (the node's attributes)."""

    def __init__(self, nodes: list):
        self._nodes = [tuple(node) for node in nodes]
        self._data = dict(self._nodes)

    def __call__(self, data: bool = False):
        return list(self._nodes) if data else [name for name, _ in self._nodes]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, name) -> bool:
        return name in self._data

    def __getitem__(self, name) -> dict:
        return self._data[name]


class CachedGraph:
    """The graph's attributes, nodes and edges as networkx gave them (the canvas reads
    `graph`, `nodes(data=True)` and `edges(keys=True, data=True)`; the lab's quiz `name in
    graph`, `graph.nodes[name]` and `edges()`), without networkx."""

    def __init__(self, attributes: dict, nodes: list, edges: list):
        self.graph = attributes
        self.nodes = CachedNodes(nodes)
        self._edges = [tuple(edge) for edge in edges]

    def __contains__(self, name) -> bool:
        return name in self.nodes

    def __iter__(self):
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def edges(self, keys: bool = False, data: bool = False):
        return [(u, v, *((k,) if keys else ()), *((d,) if data else ())) for u, v, k, d in self._edges]


class CachedResource:
    """A resource's type and its `model_dump(mode="json", exclude_none=True)`, as cached."""

    def __init__(self, kind: str | None, config: dict):
        self.type = kind
        self._config = config

    def model_dump(self, mode: str = "python", exclude_none: bool = False, **options) -> dict:
        if mode != "json" or not exclude_none or options:
            raise TypeError("a cached resource has only model_dump(mode='json', exclude_none=True)")
        return json.loads(json.dumps(self._config))


class CachedScenario:
    """The title, resources and `quiz` of the scenario, as cached (the real model replaces it)."""

    def __init__(self, title: str | None, resources: dict, source_path: Path, quiz: bool = False):
        self.title = title
        self.resources = resources
        self.source_path = source_path
        self.quiz = quiz
