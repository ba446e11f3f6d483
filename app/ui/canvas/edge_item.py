"""One typed edge: a gently curved line from border to border, an arrowhead and a label.

Each type has its own dash pattern (styles.EDGE_STYLES); notifications are drawn as a double
line. Several edges between the same two nodes fan out by bending by different amounts.
"""

from __future__ import annotations

import math
import textwrap

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from app.ui.canvas import styles
from app.ui.canvas.looks import paint_kept

ARROW = 16.0
DETOURS = (0.0, 70.0, -70.0, 140.0, -140.0, 220.0, -220.0)  # extra bends tried around obstacles
LABEL_WRAP = 20  # characters per label line: labels must fit between two columns
LABEL_PX = int(styles.EDGE_LABEL_PT * 1.33)  # the label's font, scene px
SIDE_GAP = 5.0  # px between the line and a label put beside it
TOKEN_SPOTS = (0.62, 0.75, 0.4, 0.85, 0.25)  # token resting places tried, in order


def border_point(node, towards: QPointF) -> QPointF:
    """Where the line from the node's centre towards `towards` leaves its rectangle."""
    c = node.pos()
    dx, dy = towards.x() - c.x(), towards.y() - c.y()
    if abs(dx) < 1e-6 and abs(dy) < 1e-6:
        return QPointF(c)
    half_w, half_h = node.width / 2 + 4, node.height / 2 + 4
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return QPointF(c.x() + dx * t, c.y() + dy * t)


def curved_path(a_node, b_node, bend: float) -> QPainterPath:
    """A quadratic curve between two nodes' borders whose middle sits `bend` px off the chord."""
    a, b = a_node.pos(), b_node.pos()
    mid = (a + b) / 2
    length = math.hypot(b.x() - a.x(), b.y() - a.y()) or 1.0
    normal = QPointF(-(b.y() - a.y()) / length, (b.x() - a.x()) / length)
    control = mid + normal * (2 * bend)
    start, end = border_point(a_node, control), border_point(b_node, control)
    path = QPainterPath(start)
    path.quadTo(control, end)
    return path


def label_lines(label: str, max_lines: int = 2) -> list[str]:
    """Wrapped label lines; more than `max_lines` reasons end in "+N more" (tooltip has all)."""
    reasons = [line for line in label.split("\n") if line]
    shown = reasons if len(reasons) <= max_lines else reasons[:max_lines - 1]
    lines = [wrapped for line in shown for wrapped in textwrap.wrap(line, LABEL_WRAP)]
    if len(shown) < len(reasons):
        lines.append(f"+{len(reasons) - len(shown)} more")
    return lines


def edge_pen(type_: str, palette: dict[str, str], active: bool = False) -> QPen:
    style, dashes, _ = styles.EDGE_STYLES.get(type_, styles.EDGE_STYLES["ad-hoc"])
    colour = QColor(palette["accent" if active else "edge"])
    width = styles.ACTIVE_WIDTH if active else styles.EDGE_WIDTH
    cap = Qt.RoundCap if type_ in styles.ROUND_CAP else Qt.FlatCap
    if type_ in styles.ROUND_CAP:
        colour, width = QColor(palette["accent"]), width + 2
    pen = QPen(colour, width, style, cap, Qt.RoundJoin)
    if dashes:
        pen.setDashPattern(list(dashes))
    return pen


def draw_edge_line(painter, path: QPainterPath, type_: str, palette, active=False) -> None:
    """The line alone, in the type's style (shared with the legend)."""
    painter.setBrush(Qt.NoBrush)
    pen = edge_pen(type_, palette, active)
    if type_ in styles.DOUBLE_LINE:
        pen.setWidthF(pen.widthF() * 2.6)
        painter.setPen(pen)
        painter.drawPath(path)
        painter.setPen(QPen(QColor(palette["background"]), pen.widthF() * 0.4))
        painter.drawPath(path)
    else:
        painter.setPen(pen)
        painter.drawPath(path)


class EdgeItem(QGraphicsPathItem):
    """A QGraphicsPathItem only so that Qt keeps its bounds in C++: its Qt path is the box round
    the line, arrowhead and label (never drawn; `paint` draws the edge). Qt asks a big graph's
    edges for their bounds thousands of times a repaint, and a Python `boundingRect` cost ~3 µs
    a call (docs/decisions/0019-canvas-repaint.md)."""

    def __init__(self, source, target, type_: str, label: str, palette: dict[str, str]):
        super().__init__()
        self.setPen(QPen(Qt.NoPen))  # bounds = the box itself (no pen width added)
        self.source, self.target, self.edge_type, self.label = source, target, type_, label
        self.palette = palette
        self.bend = 0.0
        self.detour = 0.0
        self.obstacles = None  # callable(path, edge) -> nodes the path crosses; set by the view
        self.is_active = False
        self._path = QPainterPath()
        self._font = QFont(styles.FONT_FAMILY)
        self._font.setPixelSize(LABEL_PX)
        self._label_lines = label_lines(label)
        self.label_at = 0.5  # where along the path the label sits; the view spreads overlaps
        self.label_side = 0  # 0: on the line; 1 or -1: beside it (a crowded line, app.ui.canvas.edge_routes)
        self._label_px = (LABEL_PX, LABEL_PX)  # at rest, active (scene px): larger on a projector
        self.label_hidden = False  # a projector's crowded diagram drops an inactive label (0023)
        self.sized_for = None  # (sizes, floors) label_sizes.size_labels gave it last
        self._label_rect = QRectF()
        self._stroke: QPainterPath | None = None  # the line's outline, to skip unexposed repaints
        self._looks: dict = {}  # at rest and active, per label place: drawn once per zoom (looks.py)
        self.setZValue(1)
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption)  # paint() gets the exposed rect
        self.setToolTip(f"{styles.EDGE_STYLES.get(type_, styles.EDGE_STYLES['ad-hoc'])[2]}: "
                        f"{source.name} → {target.name}\n{label}")
        source.edges.append(self)
        target.edges.append(self)
        self.update_path()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source.name, self.target.name, self.edge_type)

    def travel_path(self, reverse: bool = False) -> QPainterPath:
        """The path a token follows; reversed for a reply going back along the edge."""
        return self._path.toReversed() if reverse else QPainterPath(self._path)

    def update_path(self) -> None:
        """Re-route after a node moved: the first bend that crosses no other node wins."""
        best = None
        for extra in DETOURS if self.obstacles is not None else (0.0,):
            path = curved_path(self.source, self.target, self.bend + extra)
            hits = self.obstacles(path, self) if self.obstacles is not None else 0
            if best is None or hits < best[0]:
                best = (hits, path, extra)
            if hits == 0:
                break
        _, self._path, self.detour = best
        self._stroke = None
        self._looks.clear()
        self._label_rect = self._rect_now()
        self._update_bounds()

    def _rect_now(self) -> QRectF:
        """The label's rectangle at its spot, or an empty one when it has none or is hidden."""
        if not self._label_lines or (self.label_hidden and not self.is_active):
            return QRectF()
        return self.label_rect_at(self.label_at, self.label_side)

    def _update_bounds(self) -> None:
        """Give Qt the new box (line, arrowhead, label); it repaints the old and the new."""
        box = QPainterPath()
        box.addRect(self._path.boundingRect().adjusted(-ARROW, -ARROW, ARROW, ARROW)
                    .united(self._label_rect))
        self.setPath(box)

    @property
    def has_label(self) -> bool:
        """Whether the edge has a label (shown or not)."""
        return bool(self._label_lines)

    @property
    def label_px(self) -> tuple[int, int]:
        """The label's font size in scene px (at rest, active)."""
        return self._label_px

    def label_shown(self) -> bool:
        """Whether the label is drawn."""
        return not self._label_rect.isNull()

    def set_label_px(self, rest: int, active: int, hidden: bool = False) -> None:
        """The label's font size in scene px at rest and while the edge is active, and whether
        it is hidden at rest (shown while active). Presentation mode sets sizes that read at
        least ~12 px (at rest) and ~16 px (active) on the projector (app.ui.canvas.label_sizes)."""
        if (rest, active) == self._label_px and hidden == self.label_hidden:
            return
        self._label_px, self.label_hidden = (rest, active), hidden
        self._font.setPixelSize(active if self.is_active else rest)
        self._looks.clear()
        self._label_rect = self._rect_now()
        self._update_bounds()
        self.update()

    @property
    def label_rect(self) -> QRectF:
        return QRectF(self._label_rect)

    @property
    def label_spot(self) -> tuple[float, int]:
        """(where along the line, which side) of the label now; `move_label(*spot)` puts it back."""
        return self.label_at, self.label_side

    def move_label(self, t: float, side: int = 0) -> None:
        self.label_at, self.label_side = t, side
        self._label_rect = self._rect_now()
        self._update_bounds()

    def label_rect_at(self, t: float, side: int = 0) -> QRectF:
        """On the line itself (boxed), so it is unmistakably this edge's label; `side` 1 or -1:
        just beside the line (SIDE_GAP px off it, on its left or right), for a crowded line;
        ±k: k times as far (the active label on a projector, app.ui.canvas.label_clearance)."""
        metrics = QFontMetricsF(self._font)
        w = max(metrics.horizontalAdvance(line) for line in self._label_lines) + 12
        h = metrics.height() * len(self._label_lines) + 6
        c = self._path.pointAtPercent(t)
        if side:
            angle = math.radians(-self._path.angleAtPercent(t))
            nx, ny = -math.sin(angle), math.cos(angle)  # the line's normal
            reach = abs(nx) * w / 2 + abs(ny) * h / 2 + SIDE_GAP  # the box's half-extent that way
            c = QPointF(c.x() + side * nx * reach, c.y() + side * ny * reach)  # side: ±k
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)

    def token_rest(self, reverse: bool = False) -> float:
        """Where a token stops on this edge: past the middle, but never on top of the label."""
        for t in TOKEN_SPOTS:
            at = self._path.pointAtPercent(1 - t if reverse else t)
            token = QRectF(at.x() - 30, at.y() - 22, 60, 64)
            if self._label_rect.isNull() or not token.intersects(self._label_rect):
                return t
        # A short edge has no free spot: lift the label above the token while this edge is active.
        at = self._path.pointAtPercent(1 - TOKEN_SPOTS[0] if reverse else TOKEN_SPOTS[0])
        self._label_rect.moveBottom(at.y() - 24)
        self._update_bounds()
        return TOKEN_SPOTS[0]

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(14)
        return stroker.createStroke(self._path)

    def set_active(self, active: bool) -> None:
        if active != self.is_active:
            self.is_active = active
            rest, large = self._label_px
            if rest != large:
                self._font.setPixelSize(large if active else rest)
            if self._label_lines:  # undo a lift made for the token; the active size's box
                self.move_label(self.label_at, self.label_side)
            self.setZValue(5 if active else 1)
            self.update()

    def set_palette(self, palette: dict[str, str]) -> None:
        self.palette = palette
        self._looks.clear()
        self.update()

    def _exposed(self, rect: QRectF) -> bool:
        """Whether the line, arrowhead or label lies in `rect`. A long edge's bounding box covers
        much of a big graph, so a token moving anywhere in it would otherwise repaint it."""
        if rect.contains(self.boundingRect()) or rect.intersects(self._label_rect):
            return True
        if self._stroke is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(2 * ARROW + styles.ACTIVE_WIDTH)
            self._stroke = stroker.createStroke(self._path)
        return self._stroke.intersects(rect)

    def paint(self, painter, option, widget=None) -> None:
        if not self._exposed(option.exposedRect):
            return
        label = self._label_rect
        look = (self.is_active, label.x(), label.y(), label.width(), label.height(), id(self.palette))
        paint_kept(painter, widget, self._looks, look, self.boundingRect(), self._draw, most=4,
                   largest=250_000)

    def _draw(self, painter) -> None:
        draw_edge_line(painter, self._path, self.edge_type, self.palette, self.is_active)
        self._paint_arrow(painter)
        if not self._label_rect.isNull():
            if abs(self.label_side) > 1:  # set well off its line: a thin leader back to it
                painter.setPen(QPen(QColor(self.palette["accent" if self.is_active else "edge"]), 1.5,
                                    Qt.DotLine))
                painter.drawLine(self._label_rect.center(), self._path.pointAtPercent(self.label_at))
            painter.setPen(QPen(QColor(self.palette["edge"]), 1))
            painter.setBrush(QColor(self.palette["background"]))
            painter.drawRoundedRect(self._label_rect, 6, 6)
            painter.setFont(self._font)
            painter.setPen(QColor(self.palette["accent" if self.is_active else "muted"]))
            painter.drawText(self._label_rect, Qt.AlignCenter, "\n".join(self._label_lines))

    def _paint_arrow(self, painter) -> None:
        draw_arrowhead(painter, self._path, ARROW * (1.3 if self.is_active else 1.0),
                       self.palette["accent" if self.is_active else "edge"])


def draw_arrowhead(painter, path: QPainterPath, size: float, colour: str) -> None:
    """A filled triangle at the end of `path`, pointing the way the path arrives."""
    end = path.pointAtPercent(1.0)
    angle = math.radians(-path.angleAtPercent(0.999))
    back = QPointF(end.x() - size * math.cos(angle), end.y() - size * math.sin(angle))
    side = QPointF(-math.sin(angle) * size * 0.45, math.cos(angle) * size * 0.45)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawPolygon(QPolygonF([end, back + side, back - side]))


class AdHocArcItem(QGraphicsItem):
    """A temporary dashed arc for a step between two nodes no configured edge links."""

    def __init__(self, source, target, palette: dict[str, str]):
        super().__init__()
        self._path = curved_path(source, target, 60.0)
        self._palette = palette
        self.setZValue(4)

    def travel_path(self, reverse: bool = False) -> QPainterPath:
        return self._path.toReversed() if reverse else QPainterPath(self._path)

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect().adjusted(-ARROW, -ARROW, ARROW, ARROW)

    def paint(self, painter, option, widget=None) -> None:
        draw_edge_line(painter, self._path, "ad-hoc", self._palette, active=True)
        draw_arrowhead(painter, self._path, ARROW, self._palette["accent"])
