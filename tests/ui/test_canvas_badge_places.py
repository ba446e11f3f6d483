"""A node's badges never sit on a line, an edge's label, another node, another mark or the key
(issue 12, looks item 1): the ❄ cold start sat on the role's dotted line in canary-alias, and the
"not simulated" tag on the SDK call's line in the students' shop; an error badge above a node
covered the label of the short edge arriving there. Checked on the geometry of the items."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath, QPainterPathStroker

from app.engine import run
from app.scenario.loader import load_scenario
from app.ui.canvas.edge_item import ARROW
from app.ui.slides import slide_view
from canvas_fixtures import photo_thumbnails, step

ROOT = Path(__file__).resolve().parents[2]
FILES = [*sorted((ROOT / "scenarios").glob("*.yaml")), ROOT / "tests" / "cases" / "student-shop-seed.yaml"]


def drawn_line(edge) -> QPainterPath:
    """The edge's line as drawn (the widest pen: a double notification line, 6.5 px) and its
    arrowhead, in scene coordinates."""
    stroker = QPainterPathStroker()
    stroker.setWidth(7)
    path = edge.travel_path()
    area = stroker.createStroke(path)
    end = path.pointAtPercent(1.0)
    head = QPainterPath()
    head.addEllipse(end, ARROW, ARROW)
    return edge.mapToScene(area.united(head))


def distance(a: QRectF, b: QRectF) -> float:
    """The gap between two rectangles (0 when they touch or overlap), px."""
    dx = max(b.left() - a.right(), a.left() - b.right(), 0.0)
    dy = max(b.top() - a.bottom(), a.top() - b.bottom(), 0.0)
    return max(dx, dy)


def badge_clashes(view) -> list[tuple[str, str]]:
    """(badge, what it covers) for every badge shown."""
    lines = {edge: drawn_line(edge) for edge in view.item_for_edge.values()}
    found = []
    for node in view.item_for_node.values():
        others = [b.sceneBoundingRect() for n in view.item_for_node.values() if n is not node
                  for b in n.badges.values()]
        others += [n.stop_sign.sceneBoundingRect() for n in view.item_for_node.values()
                   if n.stop_sign is not None]
        if view.token is not None:
            others.append(view.token.sceneBoundingRect())
        for state, badge in node.badges.items():
            rect = badge.sceneBoundingRect().adjusted(2, 2, -2, -2)  # the outline as drawn
            box = QPainterPath()
            box.addRect(rect)
            what = f"{state} on {node.name}"
            found += [(what, f"line {e.source.name}→{e.target.name}") for e, line in lines.items()
                      if line.intersects(box)]
            found += [(what, f"label {e.label!r}") for e in view.item_for_edge.values()
                      if not e.label_rect.isNull() and rect.intersects(e.label_rect)]
            found += [(what, f"node {n.name}") for n in view.item_for_node.values()
                      if n is not node and rect.intersects(n.mapRectToScene(n.rect()))]
            found += [(what, "another mark") for r in others if rect.intersects(r)]
            if view.legend is not None and view.legend.isVisible() \
                    and rect.intersects(view.legend.sceneBoundingRect()):
                found.append((what, "the key"))
            if distance(rect, node.mapRectToScene(node.rect())) > 10 + (len(node.badges) - 1) * 40:
                found.append((what, "too far from its node"))  # a stack of badges touches it
    return found


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_badges_cover_no_line_label_node_or_mark(qtbot, path):
    scenario = load_scenario(path)
    view = slide_view(scenario)
    qtbot.addWidget(view)
    bad = []
    for s in run(scenario):
        view.show_step(s)
        bad += [(s.index + 1, *clash) for clash in badge_clashes(view)]
    # before: canary-alias steps 7, 13, 20… (cold start / warm on the role's dotted line),
    # student-shop-seed step 2 ("not simulated" on the sqs:SendMessage line)
    assert bad == []


def test_a_label_just_above_the_node_keeps_its_place(qtbot):
    """A short edge arriving at the top of a function: its label sits where the badges used
    to go. The badges go elsewhere; the label stays where the resting picture has it."""
    scenario = photo_thumbnails()
    view = slide_view(scenario)
    qtbot.addWidget(view)
    positions = view.node_positions()
    edge = next(e for e in view.item_for_edge.values()
                if e.target.name == "make-thumbnail" and e.label and e.source.kind != "iam_role")
    x, y = positions["make-thumbnail"]
    positions[edge.source.name] = (x, y - 260)  # straight above, one short gap between them
    view = slide_view(scenario, view.graph, positions)
    qtbot.addWidget(view)
    edge = view.item_for_edge[edge.key]
    resting = edge.label_rect
    view.show_step(step("execute", edge.source.name, "make-thumbnail", tags=("function-error",),
                        caveat="not simulated here"))
    assert set(view.item_for_node["make-thumbnail"].badges) == {"error", "not-simulated"}
    assert badge_clashes(view) == []
    assert edge.label_rect == resting
