"""Where a node's badges go for a step: beside the node, off every line, label and mark.

A node stacks its badges above itself (NodeItem.set_badges). An edge arriving at the top of the
node, or the label of an edge just above it, was then covered: the ❄ cold start sat on the
role's dotted line, the "not simulated" tag on an SDK call's line. `place_badges` tries a few
places round the node (above, above at either corner, below, beside) and keeps the first that
covers no line, label, other node, mark or the key, and stays in view; failing that, the one
that covers the least. Labels are moved (app.ui.canvas.label_clearance) only for what is left.

`mark_step` puts a step's badges and stop sign on their nodes (which ones: step_marks.py) and
`place_view_badges` places them, for the canvas view's `show_step`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from app.ui.canvas.badges import BADGE_H
from app.ui.canvas.step_marks import badges_for_step, busy_words, denial_for_step

REPLY_KINDS = {"response", "result", "error", "throttle"}  # travel back from who decided
GAP = 6.0  # px between the node and its badges, and between two badges
CLEAR = 2.0  # px a badge's drawn outline keeps off what it must not cover
# What covering costs: a hidden label or node hides words; a cut badge loses its own.
COST = {"line": 1, "label": 2, "node": 3, "mark": 2, "key": 2, "out of view": 2}


def stack_rects(node, place: tuple[str, str, str]) -> list[QRectF]:
    """Scene rectangles of `node`'s badges (in their order) at `place`: a side of the node
    ("above", "below", "right", "left"); where along that side ("middle"; "start" or "end"
    flush with the node's left/right or top/bottom; "half-start"/"half-end" half past that
    corner; "corner-start"/"corner-end" just past it, diagonally); and "stack" (one badge on
    top of the other, the first nearest the node) or "row" (side by side, the first leftmost)."""
    badges = list(node.badges.values())
    if not badges:
        return []
    sizes = [b.boundingRect() for b in badges]
    side, along, arrangement = place
    row = arrangement == "row"
    wide = sum(s.width() for s in sizes) + GAP * (len(sizes) - 1) if row else max(s.width() for s in sizes)
    tall = BADGE_H if row else len(badges) * BADGE_H + (len(badges) - 1) * GAP
    r = node.rect()
    across = side in ("above", "below")
    half_node, half_group = (r.width() / 2, wide / 2) if across else (r.height() / 2, tall / 2)
    shift = {"middle": 0.0, "end": half_node - half_group, "half-end": half_node,
             "corner-end": half_node + half_group + GAP}[along.replace("start", "end")]
    shift = -shift if along.endswith("start") else shift
    if side == "above":  # (x, y) of the group's centre
        centre = (shift, r.top() - GAP - tall / 2)
    elif side == "below":
        centre = (shift, r.bottom() + GAP + tall / 2)
    else:
        centre = (r.right() + GAP + wide / 2 if side == "right" else r.left() - GAP - wide / 2, shift)
    out, x, y = [], centre[0] - wide / 2, centre[1] - tall / 2
    for i, size in enumerate(sizes):
        if row:
            local = QRectF(size).translated(x + size.width() / 2, centre[1])
            x += size.width() + GAP
        else:  # above, the first badge is the lowest; elsewhere the highest
            k = len(sizes) - 1 - i if side == "above" else i
            x = centre[0]  # beside the node, each badge is flush with the gap next to it
            if side in ("right", "left"):
                x += (size.width() - wide) / 2 * (1 if side == "right" else -1)
            local = QRectF(size).translated(x, y + BADGE_H / 2 + k * (BADGE_H + GAP))
        out.append(node.mapRectToScene(local))
    return out


ALONG = ("middle", "end", "start", "half-end", "half-start", "corner-end", "corner-start")
PLACES = ([("above", a, "stack") for a in ALONG] + [("above", a, "row") for a in ALONG]
          + [(s, a, "stack") for s in ("right", "left") for a in ALONG[:3]]
          + [("below", a, "stack") for a in ALONG] + [("below", a, "row") for a in ALONG])


class _Near:
    """An edge near the node: its label's and line's scene geometry, the line's outline (the
    edge's 14 px wide shape) made only if a badge comes close."""

    def __init__(self, edge):
        self.edge, self.label, self.bounds, self._line = edge, edge.label_rect, edge.sceneBoundingRect(), None

    def line_hits(self, rect: QRectF) -> bool:
        """Does this edge's drawn line pass through `rect` (scene px)?"""
        if not rect.intersects(self.bounds):
            return False
        if self._line is None:
            self._line = self.edge.mapToScene(self.edge.shape())
        return self._line.intersects(rect)


def covers(rect: QRectF, edges: list[_Near], nodes, marks: list[QRectF], key: QRectF | None,
           room: QRectF | None) -> list[str]:
    """What a badge at scene `rect` would cover, one word of COST per thing covered."""
    inner = rect.adjusted(-CLEAR, -CLEAR, CLEAR, CLEAR)
    hit = []
    for edge in edges:
        if not edge.label.isNull() and inner.intersects(edge.label):
            hit.append("label")
        if edge.line_hits(inner):
            hit.append("line")
    hit += ["node" for n in nodes if inner.intersects(n.mapRectToScene(n.rect()))]
    hit += ["mark" for m in marks if inner.intersects(m)]
    if key is not None and inner.intersects(key):
        hit.append("key")
    if room is not None and not room.contains(rect):
        hit.append("out of view")
    return hit


def place_badges(node, edges, nodes, marks: list[QRectF], key: QRectF | None = None,
                 room: QRectF | None = None) -> list[QRectF]:
    """Move `node`'s badges to the first place of PLACES where they cover nothing (an edge's line
    or label of `edges`, another node of `nodes`, a rectangle of `marks`, the key's rectangle,
    or leave `room`, the part of the scene in view); with none free, to the place that covers
    least (COST). Returns the badges' scene rectangles there (marks for the next node)."""
    if not node.badges:
        return []
    places = PLACES if len(node.badges) > 1 else [p for p in PLACES if p[2] == "stack"]
    candidates = [stack_rects(node, place) for place in places]
    region = QRectF()
    for rect in (r for rects in candidates for r in rects):
        region = region.united(rect)
    region = region.adjusted(-CLEAR, -CLEAR, CLEAR, CLEAR)  # one pass over a big graph's items
    edges = [_Near(e) for e in edges if region.intersects(e.sceneBoundingRect())]
    others = [n for n in nodes if n is not node and region.intersects(n.sceneBoundingRect())]
    best = None
    for rects in candidates:
        cost = sum(COST[w] for r in rects for w in covers(r, edges, others, marks, key, room))
        if best is None or cost < best[0]:
            best = (cost, rects)
        if cost == 0:
            break
    for badge, rect in zip(node.badges.values(), best[1]):
        badge.setPos(node.mapFromScene(rect.center()) - badge.boundingRect().center())
    return best[1]


def place_all_badges(marked, edges, nodes, token: QRectF | None, key: QRectF | None = None,
                     room: QRectF | None = None) -> None:
    """`place_badges` for each node of `marked` in turn, each keeping off the stop signs, the
    resting token's scene rectangle `token` and the badges placed before it."""
    marks = [n.stop_sign.sceneBoundingRect() for n in marked if n.stop_sign is not None]
    marks += [token] if token is not None else []
    for node in marked:
        marks += place_badges(node, edges, nodes, marks, key, room)


def mark_step(view, step, source, target) -> list:
    """Put `step`'s badges and stop sign on the nodes of `view` (a CanvasView) they belong to
    (step_marks.py); a throttled function's badge says how busy it is in the run the view
    reads (`view.trace`). `source`, `target`: the step's NodeItems or None. Returns the nodes
    marked (the view clears them at the next step)."""
    marked = []
    badges = badges_for_step(step, source, target)
    words = busy_words(view.trace, step, badges, view.item_for_node)  # "429 · 2/2 busy"
    refuser = (source or target) if step.kind in REPLY_KINDS else (target or source)
    denial = denial_for_step(step, refuser)
    if denial:
        name, reason = denial
        view.item_for_node[name].set_denied(reason)
        marked.append(view.item_for_node[name])
    for name, states in badges.items():
        node = view.item_for_node[name]
        node.set_badges(states, words.get(name))
        marked.append(node)
    return marked


def place_view_badges(view) -> None:
    """Place the badges of the nodes `view` (a CanvasView) marked at this step off every line,
    label, node, mark and the key (when shown), inside what the view shows (when visible)."""
    legend = view.legend
    key = legend.sceneBoundingRect() if legend is not None and legend.isVisible() else None
    room = view.mapToScene(view.viewport().rect()).boundingRect() if view.isVisible() else None
    place_all_badges(view._marked, view.item_for_edge.values(), view.item_for_node.values(),
                     view._token_rect, key, room)
