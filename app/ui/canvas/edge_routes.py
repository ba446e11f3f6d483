"""Where a small graph's edges run and where their labels sit: parallel edges fan out, a line
bends round the nodes in its way, and labels slide along their line off other labels and nodes.
Called by CanvasView when it draws a scenario and after a node is dropped.
"""

from __future__ import annotations

FAN = 46.0  # px between parallel edges of one node pair
LABEL_SPOTS = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8)  # label positions tried along an edge
NODE_CLASH = 3  # a label on a node counts as this many clashes: it hides a name or is hidden


def label_spots(spots=LABEL_SPOTS) -> list[tuple[float, int]]:
    """(t, side) places tried for a label: on the line at each of `spots` first, then beside
    it (both sides) at each: with 9+ nodes no spot on the line was free, and labels were drawn
    over a node or over each other ("execution role" over "sqs:SendMessage")."""
    return [(t, 0) for t in spots] + [(t, side) for t in spots for side in (1, -1)]
SAMPLES = 32  # points per candidate edge path checked against node rectangles


def fan_out_parallel_edges(edges) -> None:
    """Bend the edges that join the same two nodes (either way) apart, FAN px each."""
    pairs: dict[frozenset, list] = {}
    for edge in edges:
        pairs.setdefault(frozenset((edge.source.name, edge.target.name)), []).append(edge)
    for group in pairs.values():
        if len(group) < 2:
            continue
        first = group[0].source.name
        for i, edge in enumerate(group):
            offset = (i - (len(group) - 1) / 2) * FAN
            edge.bend = offset if edge.source.name == first else -offset


def nodes_crossed(nodes, path, edge) -> int:
    """How many of `nodes` other than its ends a candidate edge path (QPainterPath, scene px)
    runs through.

    Sampled points against node rectangles (glow margin included, as clearance): exact
    path/shape intersection in Qt costs far more and buys nothing visible.
    """
    box, points, hits = path.boundingRect(), None, 0
    for item in nodes:
        if item is edge.source or item is edge.target:
            continue
        rect = item.sceneBoundingRect()
        if not rect.intersects(box):
            continue
        if points is None:
            points = [path.pointAtPercent(i / SAMPLES) for i in range(1, SAMPLES)]
        if any(rect.contains(p) for p in points):
            hits += 1
    return hits


def spread_labels(moving, all_edges, nodes) -> None:
    """Slide the labels of `moving` along their edge (or just beside it, `label_spots`) to the
    first spot that overlaps no other label (of `all_edges`) and no node; failing that, the spot
    with the fewest overlaps (a node counting NODE_CLASH)."""
    moving = list(moving)
    moved = set(moving)
    taken = [e.label_rect for e in all_edges if e not in moved and not e.label_rect.isNull()]
    node_rects = [n.mapRectToScene(n.rect()) for n in nodes]
    for edge in moving:
        if edge.label_rect.isNull():
            continue
        best = None
        for spot in label_spots():
            rect = edge.label_rect_at(*spot)
            clashes = sum(rect.intersects(r) for r in taken) \
                + NODE_CLASH * sum(rect.intersects(r) for r in node_rects)
            if best is None or clashes < best[0]:
                best = (clashes, spot)
            if clashes == 0:
                break
        edge.move_label(*best[1])
        taken.append(edge.label_rect)
