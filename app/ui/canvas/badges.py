"""State badges: a distinct outline, a drawn symbol and a word for each state.

Symbols are vector paths, not emoji, so they render the same with any installed font and in
SVG export. Meaning never rests on colour: an error is a round-ended badge with ✕ and the
word "error"; a throttle a square one with pause bars and "429 throttled"; and so on.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from app.ui.canvas import styles

# state → (word, outline, palette colour key)
BADGES: dict[str, tuple[str, str, str]] = {
    "error": ("error", "round", "danger"),
    "retry": ("retry", "round", "warning"),
    "throttle": ("429 throttled", "square", "warning"),
    "cold-start": ("cold start", "hex", "info"),
    "warm-start": ("warm", "hex", "ok"),
    "not-simulated": ("not simulated", "dashed", "muted"),
}
BADGE_H = 34.0


def _font() -> QFont:
    font = QFont(styles.FONT_FAMILY)
    font.setPixelSize(int(styles.BADGE_PT * 1.33))
    font.setBold(True)
    return font


class BadgeItem(QGraphicsItem):
    """One badge; `state` is a key of BADGES. Parent it to a node and place it above."""

    def __init__(self, state: str, palette: dict[str, str], tooltip: str = "", parent=None,
                 word: str | None = None):
        super().__init__(parent)
        self.state = state
        self.word, self.outline, colour_key = BADGES[state]
        self.word = word or self.word  # e.g. "429 · 5/5 busy" instead of "429 throttled"
        self._colour = QColor(palette[colour_key])
        self._palette = palette
        self._font = _font()
        self._width = QFontMetricsF(self._font).horizontalAdvance(self.word) + BADGE_H + 24
        self.setZValue(30)
        if tooltip:
            self.setToolTip(tooltip)

    def boundingRect(self) -> QRectF:
        return QRectF(-self._width / 2 - 2, -BADGE_H / 2 - 2, self._width + 4, BADGE_H + 4)

    def paint(self, painter, option, widget=None) -> None:
        rect = QRectF(-self._width / 2, -BADGE_H / 2, self._width, BADGE_H)
        pen = QPen(self._colour, 3, Qt.DashLine if self.outline == "dashed" else Qt.SolidLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(self._palette["surface"])))
        painter.drawPath(_outline(rect, self.outline))
        pad = 8 if self.outline in ("square", "dashed") else 14
        glyph = QRectF(rect.left() + pad, rect.top() + 7, BADGE_H - 14, BADGE_H - 14)
        painter.setPen(QPen(self._colour, 3, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
        painter.setBrush(Qt.NoBrush)
        draw_symbol(painter, self.state, glyph, self._colour)
        painter.setPen(QColor(self._palette["text"]))
        painter.setFont(self._font)
        text = QRectF(glyph.right() + 6, rect.top(), rect.right() - glyph.right() - 10, BADGE_H)
        painter.drawText(text, Qt.AlignVCenter | Qt.AlignLeft, self.word)


def _outline(rect: QRectF, outline: str) -> QPainterPath:
    path = QPainterPath()
    if outline == "round":
        path.addRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    elif outline == "hex":
        h, d = rect.height(), rect.height() / 2.6
        path.addPolygon(QPolygonF([
            QPointF(rect.left(), rect.center().y()), QPointF(rect.left() + d, rect.top()),
            QPointF(rect.right() - d, rect.top()), QPointF(rect.right(), rect.top() + h / 2),
            QPointF(rect.right() - d, rect.bottom()), QPointF(rect.left() + d, rect.bottom()),
            QPointF(rect.left(), rect.center().y())]))
    else:
        path.addRect(rect)
    return path


def draw_symbol(painter, state: str, r: QRectF, colour: QColor) -> None:
    """The badge's symbol, drawn with the painter's current pen inside `r`."""
    c = r.center()
    if state == "error":
        painter.drawLine(r.topLeft(), r.bottomRight())
        painter.drawLine(r.topRight(), r.bottomLeft())
    elif state == "retry":  # a circle that comes round to its start, arrowhead at the end
        radius = r.width() / 2 - 1
        painter.drawArc(QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius),
                        60 * 16, 280 * 16)
        end = math.radians(340)
        tip = QPointF(c.x() + radius * math.cos(end), c.y() - radius * math.sin(end))
        heading = math.atan2(-math.cos(end), -math.sin(end))  # counter-clockwise tangent
        for side in (-1, 1):
            back = heading + math.pi + side * math.radians(35)
            painter.drawLine(tip, tip + QPointF(7 * math.cos(back), 7 * math.sin(back)))
    elif state == "throttle":
        painter.setBrush(colour)
        w = r.width() / 4
        painter.drawRect(QRectF(r.left() + w * 0.5, r.top(), w, r.height()))
        painter.drawRect(QRectF(r.right() - w * 1.5, r.top(), w, r.height()))
    elif state == "cold-start":
        for angle in (0, 60, 120):
            dx = math.cos(math.radians(angle)) * r.width() / 2
            dy = math.sin(math.radians(angle)) * r.height() / 2
            painter.drawLine(QPointF(c.x() - dx, c.y() - dy), QPointF(c.x() + dx, c.y() + dy))
    elif state == "warm-start":  # a flame: a tongue leaning right, with a lick on its left
        w, h = r.width(), r.height()
        flame = QPainterPath(QPointF(c.x(), r.bottom()))
        flame.cubicTo(r.left() - w * 0.05, r.bottom(), r.left(), c.y(), r.left() + w * 0.3, r.top() + h * 0.35)
        flame.cubicTo(r.left() + w * 0.35, c.y(), r.left() + w * 0.45, c.y(), c.x(), c.y())
        flame.cubicTo(c.x() - w * 0.05, r.top() + h * 0.25, c.x() + w * 0.1, r.top(), c.x() + w * 0.2, r.top())
        flame.cubicTo(r.right(), c.y() - h * 0.1, r.right() + w * 0.05, r.bottom(), c.x(), r.bottom())
        painter.setBrush(colour)
        painter.drawPath(flame)
    else:  # not simulated: an exclamation mark
        painter.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), r.bottom() - 7))
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(c.x(), r.bottom() - 1), 1.5, 1.5)


class StopSignItem(QGraphicsItem):
    """A red octagon saying DENIED; the policy's reason is its tooltip."""

    SIZE = 84.0

    def __init__(self, palette: dict[str, str], reason: str, parent=None):
        super().__init__(parent)
        self.reason = reason
        self._palette = palette
        self.setToolTip(reason)
        self.setZValue(40)

    def boundingRect(self) -> QRectF:
        s = self.SIZE / 2 + 3
        return QRectF(-s, -s, 2 * s, 2 * s)

    def paint(self, painter, option, widget=None) -> None:
        r = self.SIZE / 2
        points = [QPointF(r * math.cos(math.radians(22.5 + 45 * i)),
                          r * math.sin(math.radians(22.5 + 45 * i))) for i in range(8)]
        painter.setPen(QPen(QColor("#ffffff"), 4))
        painter.setBrush(QColor(self._palette["danger"]))
        painter.drawPolygon(QPolygonF(points))
        font = QFont(styles.FONT_FAMILY)
        font.setPixelSize(17)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt.AlignCenter, "DENIED")
