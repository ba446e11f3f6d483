"""Keep the step's marks off the edge labels (issue 11): while a step is shown, a label that a
badge, the stop sign or the resting token would cover slides along its own edge to the first
spot that is free of them, of the other labels and of the nodes. The view puts the labels back
when the step changes, so the resting layout (app.ui.canvas.edge_routes.spread_labels) is untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from app.ui.canvas.edge_routes import label_spots

SPOTS = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8, 0.14, 0.86)  # places tried along the edge
MARGIN = 3.0  # px of clearance round a mark
# The active label on a projector, too large for a short line between two nodes: further off
# its line (side k: k times the distance of a label just beside it), above or below the nodes.
FAR_SPOTS = [(t, k * side) for k in range(2, 7) for t in (0.5, 0.38, 0.62) for side in (1, -1)]


def mark_rects(nodes, token_rect: QRectF | None) -> list[QRectF]:
    """Scene rectangles of the badges and stop signs on `nodes` and of the token at rest."""
    rects = []
    for node in nodes:
        rects += [badge.sceneBoundingRect() for badge in node.badges.values()]
        if node.stop_sign is not None:
            rects.append(node.stop_sign.sceneBoundingRect())
    if token_rect is not None and not token_rect.isNull():
        rects.append(token_rect)
    return [r.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN) for r in rects]


def clear_labels(edges, nodes, marks: list[QRectF]) -> list[tuple[object, float]]:
    """Move every label of `edges` that a rectangle in `marks` covers to its first free spot
    (free of marks, other labels and `nodes`; on its line or just beside it, edge_routes.label_spots);
    a label with no free spot takes the spot with the fewest marks on it. Returns (edge, its
    label's spot before, `EdgeItem.label_spot`) for each label moved."""
    if not marks:
        return []
    labelled = [e for e in edges if not e.label_rect.isNull()]
    covered = [e for e in labelled if any(m.intersects(e.label_rect) for m in marks)]
    if not covered:
        return []
    node_rects = [n.mapRectToScene(n.rect()) for n in nodes]
    moved = []
    for edge in covered:
        others = [e.label_rect for e in labelled if e is not edge]
        best = None
        for spot in label_spots(SPOTS):
            rect = edge.label_rect_at(*spot)
            on_marks = sum(m.intersects(rect) for m in marks)
            on_rest = sum(r.intersects(rect) for r in others + node_rects)
            score = (on_marks, on_rest)
            if best is None or score < best[0]:
                best = (score, spot)
            if score == (0, 0):
                break
        moved.append((edge, edge.label_spot))
        edge.move_label(*best[1])
    return moved


def clear_active(edge, edges, nodes, marks: list[QRectF]) -> list[tuple]:
    """Presentation mode: the active edge's label, drawn large (app.ui.canvas.label_sizes), moved
    to the first spot along or beside its line free of nodes, marks and the labels shown, when
    where it sits covers one (fewest such, failing that). Returns [(edge, its spot before)] or []."""
    if not edge.label_shown():
        return []
    node_rects = [n.mapRectToScene(n.rect()) for n in nodes]
    others = [e.label_rect for e in edges if e is not edge and e.label_shown()]

    def clashes(rect: QRectF) -> tuple[int, int]:
        return (sum(r.intersects(rect) for r in node_rects + marks),
                sum(r.intersects(rect) for r in others))

    if clashes(edge.label_rect) == (0, 0):
        return []
    before = edge.label_spot
    best = min(label_spots(SPOTS) + FAR_SPOTS, key=lambda spot: clashes(edge.label_rect_at(*spot)))
    edge.move_label(*best)
    return [(edge, before)]
