"""One graph node: icon, big name, what it is; active state; badges; dragging and clicks."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from app.ui.canvas import styles
from app.ui.canvas.badges import BADGE_H, BadgeItem, StopSignItem
from app.ui.canvas.glow import paint_glow
from app.ui.canvas.icons import icon_renderer
from app.ui.canvas.looks import paint_kept

GLOW = 18.0  # px of halo around an active node
MAX_W = 360.0  # px: wider names wrap (two lines of the 19 pt name)
LINE_H = 28.0  # px per extra label line


def _wrap(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """At most two lines, broken at spaces; what still does not fit is elided."""
    if metrics.horizontalAdvance(text) <= width or " " not in text:
        return [metrics.elidedText(text, Qt.ElideMiddle, width)]
    words, first = text.split(" "), ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:
        first = words.pop(0)
    rest = " ".join(words)
    return [metrics.elidedText(first, Qt.ElideMiddle, width),
            metrics.elidedText(rest, Qt.ElideRight, width)] if rest else [first]


def _font(pt: float, bold: bool = False) -> QFont:
    font = QFont(styles.FONT_FAMILY)
    font.setPixelSize(int(pt * 1.33))
    font.setBold(bold)
    return font


class NodeItem(QGraphicsPathItem):
    """A node of the scenario graph; the view listens through `on_click`/`on_moved`/`on_dropped`.

    A QGraphicsPathItem only so that Qt keeps its bounds in C++ (its Qt path is the box with
    the glow, never drawn; `paint` draws the node): a Python `boundingRect` was called hundreds
    of times a repaint on a big graph (docs/decisions/0019-canvas-repaint.md)."""

    def __init__(self, name: str, data: dict, palette: dict[str, str]):
        super().__init__()
        self.setPen(QPen(Qt.NoPen))  # bounds = the box itself (no pen width added)
        self.name = name
        self.kind = data.get("kind", "custom_app")
        self.group = data.get("group", "target")
        self.label = data.get("label", name)
        mappings = data.get("mappings") or []
        self.sublabel = styles.KIND_NAMES.get(self.kind, self.kind)
        if mappings:
            self.sublabel = "mapping: " + ", ".join(mappings)
        self.sublabel = data.get("sublabel") or self.sublabel  # e.g. a function's aliases
        if data.get("setting"):  # from the configuration: "reserved concurrency 5" (settings_shown)
            self.sublabel = f"{self.sublabel} · {data['setting']}"
        self.palette = palette
        self.edges: list = []
        self.is_active = False
        self.role = None  # while active: "source" (sends), "target" (receives) or "both"
        self.badges: dict[str, BadgeItem] = {}
        self.stop_sign: StopSignItem | None = None
        self.on_click = self.on_moved = self.on_dropped = None
        self._label_font, self._sub_font = _font(styles.LABEL_PT, True), _font(styles.SUBLABEL_PT)
        self._size_to_text()
        self._press_pos: QPointF | None = None
        self.setFlags(QGraphicsItem.ItemIsMovable | QGraphicsItem.ItemSendsGeometryChanges
                      | QGraphicsItem.ItemIsSelectable)
        self.setCursor(Qt.PointingHandCursor)
        self.setAcceptHoverEvents(True)
        self.setToolTip(f"{self.label} — {styles.KIND_NAMES.get(self.kind, self.kind)} ({name})")
        self.setZValue(10)
        # Stepping repaints what the token passes over; a node is then a cached pixmap, redrawn
        # (icon, text, glow) only when it changes itself or the zoom changes.
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self._looks: dict = {}  # at rest, sending, receiving: drawn once per zoom (looks.py)

    def _size_to_text(self) -> None:
        """Wide enough for the name (up to MAX_W); a longer name wraps onto a second line."""
        metrics = QFontMetricsF(self._label_font)
        sub_w = QFontMetricsF(self._sub_font).horizontalAdvance(self.sublabel)
        self.width = min(MAX_W, max(styles.NODE_W, metrics.horizontalAdvance(self.label) + 28,
                                    sub_w + 28))
        self.label_lines = _wrap(self.label, metrics, self.width - 20)
        self.height = styles.NODE_H + (len(self.label_lines) - 1) * LINE_H
        box = QPainterPath()
        box.addRect(self.rect().adjusted(-GLOW, -GLOW, GLOW, GLOW))
        self.setPath(box)

    # geometry -------------------------------------------------------------------------------
    def rect(self) -> QRectF:
        return QRectF(-self.width / 2, -self.height / 2, self.width, self.height)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.rect(), 14, 14)
        return path

    # painting -------------------------------------------------------------------------------
    def paint(self, painter, option, widget=None) -> None:
        """Into Qt's cache: a copy of this look drawn before at this zoom (looks.py)."""
        paint_kept(painter, widget, self._looks, (self.is_active, self.role, id(self.palette)),
                   self.boundingRect(), self._draw, most=8)

    def _draw(self, painter) -> None:
        p, rect = self.palette, self.rect()
        if self.is_active and self.role != "source":  # the receiver glows; the sender does not
            paint_glow(painter, rect, p["glow"], GLOW)
        cat = QColor(styles.category_colour(p, self.group))
        painter.setBrush(QColor(p["surface"]))
        width = styles.ACTIVE_WIDTH if self.is_active else 2.0
        pen = QPen(QColor(p["accent"] if self.is_active else p["border"]), width)
        if self.is_active and self.role == "source":
            pen.setStyle(Qt.DashLine)  # the sender: a dashed outline, as the line it sends along
        painter.setPen(pen)
        painter.drawRoundedRect(rect, 14, 14)
        band = QRectF(rect.left() + 3, rect.top() + 3, rect.width() - 6, 9)
        painter.setPen(Qt.NoPen)
        painter.setBrush(cat)
        painter.drawRoundedRect(band, 4, 4)
        icon = QRectF(-styles.ICON / 2, rect.top() + 16, styles.ICON, styles.ICON)
        icon_renderer(self.kind, p["text"]).render(painter, icon)
        painter.setPen(QColor(p["text"]))
        painter.setFont(self._label_font)
        label_rect = QRectF(rect.left() + 6, icon.bottom() + 2, rect.width() - 12,
                            30 + (len(self.label_lines) - 1) * LINE_H)
        painter.drawText(label_rect, Qt.AlignCenter, "\n".join(self.label_lines))
        painter.setPen(QColor(p["muted"]))
        painter.setFont(self._sub_font)
        sub_rect = QRectF(rect.left() + 6, label_rect.bottom(), rect.width() - 12, 22)
        painter.drawText(sub_rect, Qt.AlignCenter, QFontMetricsF(self._sub_font).elidedText(
            self.sublabel, Qt.ElideRight, sub_rect.width()))

    # state ----------------------------------------------------------------------------------
    def set_active(self, active: bool, role: str | None = "both") -> None:
        """Highlight the node for the current step; `role` "source" (sends: dashed outline, no
        glow), "target" or "both" (receives: glow)."""
        role = role if active else None
        if active != self.is_active or role != self.role:
            self.is_active, self.role = active, role
            self.setZValue(12 if active else 10)
            self.update()

    def set_badges(self, states: dict[str, str], words: dict[str, str] | None = None) -> None:
        """Show exactly these badges (state → tooltip), stacked above the node; `words` may
        replace a badge's word (state → "429 · 5/5 busy")."""
        words = words or {}
        for state in [s for s in self.badges if words.get(s, self.badges[s].word)
                      != self.badges[s].word]:
            item = self.badges.pop(state)  # its word changed: made again below
            item.setParentItem(None)
            if item.scene():
                item.scene().removeItem(item)
        for state in list(self.badges):
            if state not in states:
                item = self.badges.pop(state)
                item.setParentItem(None)
                if item.scene():
                    item.scene().removeItem(item)
        for state, tip in states.items():
            if state not in self.badges:
                self.badges[state] = BadgeItem(state, self.palette, tip, self, words.get(state))
        for i, item in enumerate(self.badges.values()):
            item.setPos(0, self.rect().top() - BADGE_H / 2 - 6 - i * (BADGE_H + 6))

    def set_denied(self, reason: str | None) -> None:
        if self.stop_sign is not None:
            self.stop_sign.setParentItem(None)
            if self.stop_sign.scene():
                self.stop_sign.scene().removeItem(self.stop_sign)
            self.stop_sign = None
        if reason is not None:
            self.stop_sign = StopSignItem(self.palette, reason, self)
            self.stop_sign.setPos(self.rect().right() - 8, self.rect().top() + 8)

    def set_palette(self, palette: dict[str, str]) -> None:
        self.palette = palette
        self._looks.clear()
        self.update()

    # interaction ----------------------------------------------------------------------------
    def itemChange(self, change, value):
        if change == QGraphicsItem.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_path()
            if self.on_moved:
                self.on_moved(self.name)
        return super().itemChange(change, value)

    def mousePressEvent(self, event) -> None:
        self._press_pos = QPointF(self.pos())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        moved = self._press_pos is not None and (self.pos() - self._press_pos).manhattanLength() > 2
        self._press_pos = None
        if moved and self.on_dropped:
            self.on_dropped(self.name)
        elif not moved and self.on_click:
            self.on_click(self.name)
