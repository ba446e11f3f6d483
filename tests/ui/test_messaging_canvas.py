"""The canvas draws SNS topics and EventBridge rules with their own icons, lines and legend rows."""

from __future__ import annotations

from app.ui.canvas import legend, styles
from app.ui.canvas.icons import FALLBACK, icon_path, icon_renderer


def test_rules_and_topics_have_their_own_icons(qapp):
    for kind in ("eventbridge_rule", "sns_topic"):
        assert icon_path(kind).stem == kind != FALLBACK
        assert icon_renderer(kind, "#000000").isValid()


def test_the_legend_keys_the_new_line_styles_and_they_fit(qapp):
    for type_ in ("subscription", "rule"):
        assert type_ in legend.EDGES
        assert styles.EDGE_STYLES[type_][1] is not None  # a dash pattern of its own
    patterns = [s[1] for t, s in styles.EDGE_STYLES.items() if t in legend.EDGES and s[1]]
    assert len(patterns) == len(set(patterns))  # no two legend lines look the same
    # a diagram's key lists only the lines it draws: no built-in needs more than two columns
    from app.bundled import builtin_names, resolve_scenario
    from app.graph.build import build_graph
    from app.scenario.loader import load_scenario

    for name in builtin_names():
        graph = build_graph(load_scenario(resolve_scenario(name)))
        lines = legend.lines_for({data["type"] for _, _, data in graph.edges(data=True)})
        assert len(lines) <= 2 * legend.ROWS, (name, lines)


def test_every_line_and_node_of_the_messaging_lessons_is_keyed(qapp):
    """Each edge type the queue, topic and rule lessons draw has a legend row, the row for the
    queue's redrive edge (SQS moves messages to the DLQ, lambda-behaviour.md §14 SQSERR) says
    so, and each node kind has an icon of its own (its kind is written under its name)."""
    from app.bundled import resolve_scenario
    from app.graph.build import build_graph
    from app.scenario.loader import load_scenario

    for name in ("orders-sqs", "fan-out-sns", "nightly-schedule"):
        graph = build_graph(load_scenario(resolve_scenario(name)))
        for _, _, data in graph.edges(data=True):
            if data["type"] not in ("request", "role"):  # keyed as invoke / role assumption
                assert data["type"] in legend.EDGES, (name, data)
        for _, data in graph.nodes(data=True):
            assert icon_path(data["kind"]).stem == data["kind"], (name, data["kind"])
    assert "redrive" in styles.EDGE_STYLES["destination"][2]
