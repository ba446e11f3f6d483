"""app.graph.multigraph answers like networkx.MultiDiGraph for every call the app makes."""

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from app.graph import build_graph
from app.graph.multigraph import MultiDiGraph
from graph_scenarios import photo_thumbnails

NAMES = st.sampled_from(["user", "photos", "lambda", "make-thumbnail", "role"])
KEYS = st.sampled_from([None, "invoke", "notification", "sdk"])
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("node"), NAMES, st.integers(0, 3)),
    st.tuples(st.just("edge"), NAMES, NAMES, KEYS, st.integers(0, 3)),
    st.tuples(st.just("remove"), NAMES),
), max_size=30)


def apply(graph, operations) -> None:
    for op in operations:
        if op[0] == "node":
            graph.add_node(op[1], weight=op[2])
        elif op[0] == "edge":
            graph.add_edge(op[1], op[2], key=op[3], weight=op[4])
        elif op[1] in graph:
            graph.remove_node(op[1])


def answers(graph) -> dict:
    """Everything the app reads from a graph, in the order it reads it."""
    nodes = list(graph.nodes)
    return {
        "nodes": nodes, "node data": list(graph.nodes(data=True)),
        "edges": list(graph.edges()), "keys": list(graph.edges(keys=True)),
        "data": list(graph.edges(keys=True, data=True)),
        "out": {n: list(graph.out_edges(n, data=True)) for n in nodes},
        "in": {n: list(graph.in_edges(n)) for n in nodes},
        "degree": {n: graph.degree(n) for n in nodes},
        "has": {(u, v, k): graph.has_edge(u, v, key=k) for u in nodes for v in nodes
                for k in (None, "invoke", 0)},
        "lookup": {(u, v, k): graph.edges[u, v, k] for u, v, k in graph.edges(keys=True)},
        "count": graph.number_of_nodes(), "attr": graph.graph,
    }


@settings(max_examples=200, deadline=None)
@given(OPERATIONS)
def test_same_answers_as_networkx_after_any_edits(operations):
    """After any mix of add_node/add_edge/remove_node, every view and query equals networkx's."""
    ours, theirs = MultiDiGraph(aliases={}), nx.MultiDiGraph(aliases={})
    apply(ours, operations)
    apply(theirs, operations)
    assert answers(ours) == answers(theirs)


def test_scenario_graph_is_the_small_multigraph():
    """Building a scenario's graph uses the small multigraph, so the window need not load networkx."""
    graph = build_graph(photo_thumbnails())
    assert isinstance(graph, MultiDiGraph)
    assert ("photos", "make-thumbnail", "notification") in set(graph.edges(keys=True))
