"""Edge labels a projector's back row can read (issue 13, looks-3 item 2; docs/decisions/0023).

Labels are drawn at a fixed size in scene px; a diagram fitted to a 1280 px projector is shown
at a zoom of ~0.5, so they came out at 6–8 px. In presentation mode each label is drawn at least
`rest` projected px (the active edge's at least `active` px, larger: it names the line the step
travels), whatever the zoom. Larger labels need more room: after the sizes change, the labels
are spread again along (or beside) their lines, and a label that still lands on a node or on
another label is dropped at rest; it shows, large, when its edge is the step's. The teacher's
window keeps every label at its usual size (`floors` None).

Runs when the zoom or the floors change (a fit, entering or leaving presentation), never at a
step: a step only enlarges the one active label (EdgeItem.set_active) and clears it of the
nodes (label_clearance.clear_active).

In the window (`floors` None) a label is drawn at least WINDOW_PX on screen, its font growing to
no more than WINDOW_MOST of its usual size, and none is dropped: fitted at ~0.77 on a 1920x1080
window (0.54 at 1280x720) labels were 11.6 px (8.1 px), the smallest text of the window (issue
14, looks-6 item 4).
"""

from __future__ import annotations

import math

from app.ui.canvas.edge_item import LABEL_PX
from app.ui.canvas.edge_routes import spread_labels

REST_PX = 12  # projected px: an inactive label on a projector, at least
ACTIVE_PX = 16  # projected px: the active edge's label, at least
REST_SHARE = 0.45  # of the caption's pixel size, when larger (a 1080 px projector: 18 px)
ACTIVE_SHARE = 0.6  # likewise for the active label (24 px at 1080)
WINDOW_PX = 13  # on-screen px: a label in the window, at least (the window's own 10 pt text)
WINDOW_MOST = 1.5  # ... its font no more than this times the usual (LABEL_PX): a small zoom


def floors_for(caption_px: float) -> tuple[int, int]:
    """(at rest, active) projected label sizes in px for a caption of `caption_px` px."""
    return (max(REST_PX, round(REST_SHARE * caption_px)),
            max(ACTIVE_PX, round(ACTIVE_SHARE * caption_px)))


def scene_px(projected: int, zoom: float) -> int:
    """The scene px a label's font needs to show `projected` px at `zoom`; never below LABEL_PX."""
    return max(LABEL_PX, math.ceil(projected / zoom)) if zoom > 0 else LABEL_PX


def window_px(zoom: float) -> int:
    """Scene px of a label in the window at `zoom`: WINDOW_PX on screen, within LABEL_PX and
    WINDOW_MOST times it."""
    return min(round(LABEL_PX * WINDOW_MOST), scene_px(WINDOW_PX, zoom))


def wanted_px(zoom: float, floors: tuple[int, int] | None) -> tuple[int, int]:
    """(at rest, active) scene px of the labels at `zoom`: the window's (`floors` None) or a
    projector's."""
    return (window_px(zoom),) * 2 if floors is None else tuple(scene_px(px, zoom) for px in floors)


def needs_sizing(edges, zoom: float, floors: tuple[int, int] | None) -> bool:
    """Whether any labelled edge of `edges` was not sized for `zoom` and `floors` last (or is
    hidden in the window, which drops none)."""
    key = (wanted_px(zoom, floors), floors)
    return any(e.has_label and (getattr(e, "sized_for", None) != key
                                or (floors is None and e.label_hidden)) for e in edges)


def _shrink_where_crowded(edges, nodes) -> None:
    """The window: a label enlarged for the zoom that lands on a node or on another label goes
    back to the usual size (LABEL_PX) and to the best spot for it; the others stay larger.
    Enlarged at 0.54 zoom, "ObjectCreated:*" no longer fitted between a bucket and its topic
    and lay on the topic (decision 0024, item 6)."""
    node_rects = [n.mapRectToScene(n.rect()) for n in nodes]
    for edge in edges:  # file order, as the spread
        rect = edge.label_rect
        if rect.isNull():
            continue
        others = [e.label_rect for e in edges if e is not edge and not e.label_rect.isNull()]
        if any(rect.intersects(r) for r in node_rects + others):
            edge.set_label_px(LABEL_PX, LABEL_PX)
            spread_labels([edge], edges, nodes)


def size_labels(edges, nodes, zoom: float, floors: tuple[int, int] | None) -> bool:
    """Give every edge of `edges` its label sizes for `zoom` (see the module's docstring) and
    place them; with `floors` None, the window's size (`window_px`), all shown. Returns whether
    anything changed (the caller then redraws the step)."""
    edges = [e for e in edges if e.has_label]
    sizes = wanted_px(zoom, floors)
    wanted = {id(e): sizes for e in edges}
    if not needs_sizing(edges, zoom, floors):
        return False
    for edge in edges:
        edge.set_label_px(*wanted[id(edge)], hidden=False)
        edge.sized_for = (sizes, floors)
    spread_labels(edges, edges, nodes)
    if floors is None and sizes[0] > LABEL_PX:
        _shrink_where_crowded(edges, nodes)
    if floors is not None:
        node_rects = [n.mapRectToScene(n.rect()) for n in nodes]
        kept = []
        for edge in edges:  # file order: the first of two crowded labels stays
            rect = edge.label_rect
            if rect.isNull():
                continue
            if any(rect.intersects(r) for r in node_rects + kept):
                edge.set_label_px(*wanted[id(edge)], hidden=True)
            else:
                kept.append(rect)
    return True
