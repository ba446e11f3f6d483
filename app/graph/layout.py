"""Place the nodes left to right in the order things happen: actors, event sources, the Lambda
service, functions, then what functions use (roles, queues, target buckets).

A small Sugiyama-style layout: columns by role, long edges get invisible placeholder slots in
the columns they cross (so no node sits on top of a line), then a few barycentre sweeps order
each column to reduce crossings. Deterministic: ties keep the scenario file's order.
Positions are scene pixels; the file's `positions:` win for the nodes they name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # hints only: laying out needs no networkx import (0018-start-up)
    import networkx as nx

COLUMN_GAP = 360.0  # px between column centres when nodes have the standard width
EDGE_ROOM = 170.0  # px of free space between the widest nodes of two neighbouring columns
NODE_WIDTH = 200.0  # the canvas's minimum node width; longer names widen the node
CHAR_WIDTH = 15.0  # average advance of the canvas's bold label font (19 pt), to estimate widths
SUB_CHAR_WIDTH = 8.0  # the same for the smaller line under the name (a mapping, a function's aliases)
ROW_GAP = 200.0  # px between node centres in one column
DUMMY_ROW = 0.45  # a placeholder slot takes this fraction of a row
SWEEPS = 6

_COLUMN_OF_GROUP = {"actor": 0, "source": 1, "relay": 1.5, "service": 2, "compute": 3, "security": 4, "target": 4}


def column_of(graph: nx.MultiDiGraph, node: str) -> int:
    return _COLUMN_OF_GROUP.get(graph.nodes[node].get("group"), 4)


def layout(graph: nx.MultiDiGraph, scenario=None) -> dict[str, tuple[float, float]]:
    """Node → (x, y) in scene pixels, layered left to right; file positions win."""
    if graph.number_of_nodes() == 0:
        return {}
    raw = {n: column_of(graph, n) for n in graph.nodes}
    used = sorted(set(raw.values()))
    column = {n: used.index(c) for n, c in raw.items()}  # no empty columns
    columns, links = _with_placeholders(graph, column, len(used))
    _order_columns(columns, links)
    positions = _place(columns, _column_xs(graph, columns))
    fixed = dict(getattr(scenario, "positions", None) or {})
    return {n: tuple(map(float, fixed.get(n, positions[n]))) for n in graph.nodes}


def _with_placeholders(graph, column, count):
    """Columns as lists (file order) and links between neighbouring columns, via placeholders."""
    columns: list[list] = [[] for _ in range(count)]
    for node in graph.nodes:
        columns[column[node]].append(node)
    links: set[tuple] = set()
    for u, v, key in sorted(graph.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), e[2])):
        cu, cv = column[u], column[v]
        if u == v or cu == cv:
            continue
        step = 1 if cv > cu else -1
        previous = u
        for c in range(cu + step, cv, step):
            dummy = ("~", u, v, key, c)
            columns[c].append(dummy)
            links.add((previous, dummy))
            previous = dummy
        links.add((previous, v))
    return columns, links


def _order_columns(columns, links) -> None:
    """Barycentre sweeps left→right then right→left; stable sort keeps file order on ties."""
    neighbours: dict = {}
    for a, b in links:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    for sweep in range(SWEEPS):
        order = range(1, len(columns)) if sweep % 2 == 0 else range(len(columns) - 2, -1, -1)
        for c in order:
            ref = columns[c - 1] if sweep % 2 == 0 else columns[c + 1]
            rank = {n: i / max(1, len(ref) - 1) for i, n in enumerate(ref)}
            current = {n: i / max(1, len(columns[c]) - 1) for i, n in enumerate(columns[c])}

            def centre(n, rank=rank, current=current):
                seen = [rank[m] for m in neighbours.get(n, ()) if m in rank]
                return sum(seen) / len(seen) if seen else current[n]

            columns[c].sort(key=centre)


def estimated_width(data: dict) -> float:
    """Roughly what the canvas will draw (it measures the real font; this only spaces columns)."""
    subs = [str(data.get("sublabel") or ""), "mapping: " + ", ".join(data.get("mappings", []))]
    return min(360.0, max(NODE_WIDTH, CHAR_WIDTH * len(str(data.get("label", ""))) + 28,
                          *(SUB_CHAR_WIDTH * len(t) + 28 for t in subs)))


def _column_xs(graph, columns) -> list[float]:
    """Column centres far enough apart that the widest neighbours leave room for labels."""
    widths = [max((estimated_width(graph.nodes[n]) for n in nodes if not isinstance(n, tuple)),
                  default=NODE_WIDTH) for nodes in columns]
    xs = [0.0]
    for left, right in zip(widths, widths[1:]):
        xs.append(xs[-1] + max(COLUMN_GAP, left / 2 + EDGE_ROOM + right / 2))
    return xs


def _place(columns, xs) -> dict:
    positions = {}
    for c, nodes in enumerate(columns):
        heights = [DUMMY_ROW if isinstance(n, tuple) else 1.0 for n in nodes]
        total = sum(heights) - (heights[0] + heights[-1]) / 2 if nodes else 0.0
        y = -total * ROW_GAP / 2
        for i, node in enumerate(nodes):
            if i:
                y += (heights[i - 1] + heights[i]) / 2 * ROW_GAP
            if not isinstance(node, tuple):
                positions[node] = (xs[c], round(y, 1) + 0.0)
    return positions
