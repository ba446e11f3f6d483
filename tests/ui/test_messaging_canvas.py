"""The canvas draws SNS topics and EventBridge rules with their own icons, lines and legend rows."""

from __future__ import annotations

from app.ui.canvas import legend, styles
from app.ui.canvas.icons import FALLBACK, icon_path, icon_renderer


def test_rules_and_topics_have_their_own_icons(qapp):
    for kind in ("eventbridge_rule", "sns_topic"):
        assert icon_path(kind).stem == kind != FALLBACK
        assert icon_renderer(kind, "#000000").isValid()


def test_the_legend_keys_the_new_line_styles_and_they_fit():
    for type_ in ("subscription", "rule"):
        assert type_ in legend.EDGES
        assert styles.EDGE_STYLES[type_][1] is not None  # a dash pattern of its own
    patterns = [s[1] for t, s in styles.EDGE_STYLES.items() if t in legend.EDGES and s[1]]
    assert len(patterns) == len(set(patterns))  # no two legend lines look the same
    assert len(legend.EDGES) <= 2 * legend.ROWS  # two columns of lines
