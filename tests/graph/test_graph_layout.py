"""layout: columns left to right in the order things happen; deterministic; file positions win."""

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from app.graph import LAMBDA, build_graph, layout
from app.graph.layout import COLUMN_GAP, EDGE_ROOM, ROW_GAP, estimated_width
from graph_scenarios import mobile_clicks, photo_thumbnails, stream_metrics, website

GROUPS = ["actor", "source", "service", "compute", "security", "target"]


def test_photo_thumbnails_reads_left_to_right():
    """User, then the photos bucket, then Lambda, then the function, then its role and target bucket."""
    scenario = photo_thumbnails()
    pos = layout(build_graph(scenario), scenario)
    x = {name: p[0] for name, p in pos.items()}
    assert x["user"] < x["photos"] < x[LAMBDA] < x["make-thumbnail"]
    assert x["make-thumbnail"] < x["thumbnail-role"]
    assert x["make-thumbnail"] < x["thumbnails"]


def test_pull_and_mobile_scenarios_read_left_to_right():
    """The same column order holds for a stream mapping and for a Cognito mobile app."""
    s = stream_metrics()
    x = {n: p[0] for n, p in layout(build_graph(s), s).items()}
    assert x["app"] < x["orders"] < x[LAMBDA] < x["count-orders"] < x["metrics-role"]
    m = mobile_clicks()
    x = {n: p[0] for n, p in layout(build_graph(m), m).items()}
    assert x["phone"] < x["pool"] < x["sts"] < x["process-clicks"] < x["signed-in"]


def test_layout_is_deterministic():
    """Same scenario, same positions, every time (the graph is rebuilt in between)."""
    s = website()
    assert layout(build_graph(s), s) == layout(build_graph(s), s)


def test_positions_from_the_file_win():
    """A node the file places keeps exactly that position; the others are still laid out."""
    base = photo_thumbnails()
    scenario = base.model_copy(update={"positions": {"photos": (5.0, 7.0), LAMBDA: (-40.0, 900.0)}})
    graph = build_graph(scenario)
    pos = layout(graph, scenario)
    assert pos["photos"] == (5.0, 7.0)
    assert pos[LAMBDA] == (-40.0, 900.0)
    assert pos["user"] == layout(graph, base)["user"]
    assert set(pos) == set(graph.nodes)


def test_columns_leave_room_for_labels_between_the_widest_nodes():
    """Columns start at x=0, are at least COLUMN_GAP apart, and wide names push them further."""
    s = photo_thumbnails()
    graph = build_graph(s)
    pos = layout(graph, s)
    xs = sorted({p[0] for p in pos.values()})
    assert xs[0] == 0.0
    assert all(b - a >= COLUMN_GAP for a, b in zip(xs, xs[1:]))
    user_right = pos["user"][0] + estimated_width(graph.nodes["user"]) / 2
    photos_left = pos["photos"][0] - estimated_width(graph.nodes["photos"]) / 2
    assert photos_left - user_right >= EDGE_ROOM


@st.composite
def random_graphs(draw):
    graph = nx.MultiDiGraph(aliases={})
    count = draw(st.integers(1, 25))
    for i in range(count):
        graph.add_node(f"n{i}", group=draw(st.sampled_from(GROUPS)), type="x", kind="x")
    pairs = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1))
    for a, b in draw(st.lists(pairs, max_size=40)):
        graph.add_edge(f"n{a}", f"n{b}", key="invoke", type="invoke", label="")
    return graph


@settings(max_examples=60, deadline=None)
@given(random_graphs())
def test_random_graphs_get_one_non_overlapping_spot_per_node(graph):
    """Any graph: every node placed, columns follow the group order, no two nodes overlap."""
    pos = layout(graph)
    assert set(pos) == set(graph.nodes)
    order = {g: i for i, g in enumerate(GROUPS)}
    order["target"] = order["security"]
    for u in graph.nodes:
        for v in graph.nodes:
            if order[graph.nodes[u]["group"]] < order[graph.nodes[v]["group"]]:
                assert pos[u][0] < pos[v][0]
    points = sorted(pos.values())
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            if a[0] == b[0]:
                assert abs(a[1] - b[1]) >= ROW_GAP - 1e-6


def test_a_long_line_under_the_name_widens_the_column():
    """A function's aliases ("live → v1 80% · v2 20% · 2 provisioned") make its node wider than
    its name does; the column spacing counts that line too (the node covered the next edge's
    "execution role" label in canary-alias)."""
    aliases = "live → v1 80% · v2 20% · 2 provisioned"
    assert estimated_width({"label": "checkout", "sublabel": aliases}) >= 8.0 * len(aliases)
    assert estimated_width({"label": "checkout"}) == estimated_width({"label": "checkout", "sublabel": ""})
