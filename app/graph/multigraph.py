"""A small directed multigraph with the part of `networkx.MultiDiGraph`'s API that LambdaScope uses.

Why not networkx itself: importing it takes 100–190 ms (it loads every algorithm and scans the
installed packages for backends), and the window needs a graph before it can draw its first
picture. We use nothing of networkx but the container, so this one keeps its names, its
iteration order (nodes in insertion order; edges by source, then target, then key, each in
insertion order) and its views (`graph.nodes[n]`, `graph.nodes(data=True)`,
`graph.edges[u, v, k]`, `graph.edges(keys=True, data=True)`), and code written against
networkx's graph keeps working. Anything else networkx offers is not here on purpose.
"""

from __future__ import annotations

from typing import Any, Iterator


class NodeView:
    """`graph.nodes`: iterate names, `nodes[n]` for attributes, `nodes(data=True)` for pairs."""

    def __init__(self, graph: MultiDiGraph):
        self._nodes = graph._node

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node) -> bool:
        return node in self._nodes

    def __getitem__(self, node) -> dict[str, Any]:
        return self._nodes[node]

    def __call__(self, data: bool = False):
        return list(self._nodes.items()) if data else list(self._nodes)


class EdgeView:
    """`graph.edges`: `edges[u, v, key]` for attributes; `edges(keys=, data=)` lists them."""

    def __init__(self, graph: MultiDiGraph):
        self._graph = graph

    def __getitem__(self, edge: tuple) -> dict[str, Any]:
        u, v, key = edge
        return self._graph._succ[u][v][key]

    def __iter__(self):
        return iter(self())

    def __len__(self) -> int:
        return sum(len(keys) for nbrs in self._graph._succ.values() for keys in nbrs.values())

    def __contains__(self, edge: tuple) -> bool:
        return self._graph.has_edge(*edge)

    def __call__(self, keys: bool = False, data: bool = False) -> list[tuple]:
        return [_edge(u, v, k, d, keys, data) for u, nbrs in self._graph._succ.items()
                for v, by_key in nbrs.items() for k, d in by_key.items()]


def _edge(u, v, key, attrs, keys: bool, data: bool) -> tuple:
    return (u, v) + ((key,) if keys else ()) + ((attrs,) if data else ())


class MultiDiGraph:
    """Nodes with attribute dicts; any number of keyed edges between two nodes, one per key."""

    def __init__(self, **attr):
        self.graph: dict[str, Any] = dict(attr)
        self._node: dict[str, dict[str, Any]] = {}
        self._succ: dict[str, dict[str, dict[Any, dict]]] = {}
        self._pred: dict[str, dict[str, dict[Any, dict]]] = {}

    # ---- nodes
    @property
    def nodes(self) -> NodeView:
        return NodeView(self)

    def add_node(self, node, **attr) -> None:
        if node not in self._node:
            self._node[node], self._succ[node], self._pred[node] = {}, {}, {}
        self._node[node].update(attr)

    def remove_node(self, node) -> None:
        """Remove a node and every edge touching it (KeyError if there is no such node)."""
        del self._node[node]
        for target in self._succ.pop(node):
            self._pred[target].pop(node, None)
        for source in self._pred.pop(node):
            self._succ[source].pop(node, None)

    def number_of_nodes(self) -> int:
        return len(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __contains__(self, node) -> bool:
        return node in self._node

    # ---- edges
    @property
    def edges(self) -> EdgeView:
        return EdgeView(self)

    def add_edge(self, u, v, key=None, **attr):
        """Add (or update) the edge u → v with this key; without a key, the lowest free integer."""
        self.add_node(u)
        self.add_node(v)
        by_key = self._succ[u].setdefault(v, {})
        self._pred[v].setdefault(u, by_key)  # one dict shared by both directions
        if key is None:
            key = len(by_key)
            while key in by_key:
                key += 1
        by_key.setdefault(key, {}).update(attr)
        return key

    def has_edge(self, u, v, key=None) -> bool:
        by_key = self._succ.get(u, {}).get(v)
        return bool(by_key) and (key is None or key in by_key)

    def number_of_edges(self) -> int:
        return len(self.edges)

    def out_edges(self, node, keys: bool = False, data: bool = False) -> list[tuple]:
        return [_edge(node, v, k, d, keys, data)
                for v, by_key in self._succ[node].items() for k, d in by_key.items()]

    def in_edges(self, node, keys: bool = False, data: bool = False) -> list[tuple]:
        return [_edge(u, node, k, d, keys, data)
                for u, by_key in self._pred[node].items() for k, d in by_key.items()]

    def degree(self, node) -> int:
        """Edges in plus edges out (a self-loop counts twice, as in networkx)."""
        return (sum(len(k) for k in self._succ[node].values())
                + sum(len(k) for k in self._pred[node].values()))
