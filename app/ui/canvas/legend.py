"""The key to the picture: one sample per line style, badge, token shape and the stop sign.

A scene item (not a widget overlay) so exports carry it too; the view puts it under the graph.
Laid out as a wide, low band so it takes little height from the graph on a 16:9 slide: three
rows, and only the line styles the diagram draws (a teacher found the whole key, every line of
every lesson in five rows, took about a quarter of the canvas at 1024x600 and on every page of a
PDF). Badges and tokens are all kept: any step may show them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from app.ui.canvas import styles
from app.ui.canvas.badges import BADGES, BadgeItem, StopSignItem
from app.ui.canvas.edge_item import draw_edge_line
from app.ui.canvas.token import TokenItem

ROW = 34.0
TOP = 38.0  # below the section titles
ROWS = 3
LINE_COL, BADGE_COL, TOKEN_COL = 290.0, 200.0, 120.0
LINES_X = 16.0
TOKENS = (("envelope", "event"), ("arrow", "request"), ("reply", "response"), ("key", "credentials"))
EDGES = (*styles.LEGEND_EDGES, "ad-hoc")
# a graph's edge type drawn like a row of the key (same pen) → that row
SAME_AS = {"request": "invoke", "role": "assumes"}
BADGE_ENTRIES = len(BADGES) + 1  # and the stop sign


def lines_for(edge_types) -> tuple[str, ...]:
    """The key's line rows for a diagram drawing `edge_types` (graph edge types; None: every
    row), in the key's order; the ad-hoc arc (a step between unlinked nodes) is always kept."""
    if edge_types is None:
        return EDGES
    used = {SAME_AS.get(t, t) for t in edge_types}
    return tuple(t for t in EDGES if t in used or t == "ad-hoc")


def _columns(entries: int) -> int:
    return max(1, -(-entries // ROWS))


def _cell(x0: float, col_w: float, i: int) -> tuple[float, float]:
    """Top-left of entry i in a grid of ROWS rows filled column by column."""
    return x0 + (i // ROWS) * col_w, TOP + (i % ROWS) * ROW


class LegendItem(QGraphicsItem):
    """The key; `edge_types`: the graph's edge types, so only the lines it draws are listed
    (None lists every line style)."""

    def __init__(self, palette: dict[str, str], edge_types=None):
        super().__init__()
        self.palette = palette
        self.lines = lines_for(edge_types)
        self.badges_x = LINES_X + _columns(len(self.lines)) * LINE_COL + 10
        self.tokens_x = self.badges_x + _columns(BADGE_ENTRIES) * BADGE_COL + 10
        self._font = QFont(styles.FONT_FAMILY)
        self._font.setPixelSize(int(styles.EDGE_LABEL_PT * 1.33))
        self._title = QFont(self._font)
        self._title.setBold(True)
        self._size = (self.tokens_x + 2 * TOKEN_COL + 6, TOP + ROWS * ROW + 10)
        self._samples: list[QGraphicsItem] = []
        self._build_samples()
        self.setZValue(0)
        # The key never changes while stepping, but the region a step repaints often crosses it
        # (docs/decisions/0016): drawn once into a pixmap, it is then only copied.
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    def _build_samples(self) -> None:
        """Badges, tokens and the stop sign are the real items, so the key matches the canvas."""
        for item in self._samples:
            item.setParentItem(None)
            if item.scene():
                item.scene().removeItem(item)
        self._samples = []
        for i, state in enumerate(BADGES):
            badge = BadgeItem(state, self.palette, parent=self)
            badge.setScale(0.85)
            x, y = _cell(self.badges_x, BADGE_COL, i)
            badge.setPos(x + badge.boundingRect().width() * 0.85 / 2, y + ROW / 2)
            self._samples.append(badge)
        stop = StopSignItem(self.palette, "permission denied", self)
        stop.setScale(0.38)
        x, y = _cell(self.badges_x, BADGE_COL, len(BADGES))
        stop.setPos(x + 17, y + ROW / 2)
        self._samples.append(stop)
        for i, (shape, word) in enumerate(TOKENS):
            token = TokenItem(shape, word, self.palette)
            token.setParentItem(self)
            token.setScale(0.8)
            x = self.tokens_x + (i % 2) * TOKEN_COL + TOKEN_COL / 2
            token.setPos(x, TOP + 10 + (i // 2) * 1.5 * ROW)
            self._samples.append(token)
        for item in self._samples:  # the samples are items of their own: cached likewise
            item.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    def set_palette(self, palette: dict[str, str]) -> None:
        self.palette = palette
        self._build_samples()
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def paint(self, painter, option, widget=None) -> None:
        p = self.palette
        painter.setPen(QPen(QColor(p["border"]), 1.5))
        painter.setBrush(QColor(p["legend_bg"]))
        painter.drawRoundedRect(self.boundingRect(), 10, 10)
        painter.setPen(QColor(p["text"]))
        painter.setFont(self._title)
        for x, title in ((LINES_X, "Lines"), (self.badges_x, "Badges"), (self.tokens_x, "What travels")):
            painter.drawText(QRectF(x, 6, 300, 28), Qt.AlignLeft | Qt.AlignVCenter, title)
        painter.setFont(self._font)
        for i, type_ in enumerate(self.lines):
            x, y = _cell(LINES_X, LINE_COL, i)
            path = QPainterPath(QPointF(x, y + ROW / 2))
            path.lineTo(x + 64, y + ROW / 2)
            draw_edge_line(painter, path, type_, p)
            painter.setPen(QColor(p["text"]))
            painter.drawText(QRectF(x + 74, y, LINE_COL - 80, ROW), Qt.AlignLeft | Qt.AlignVCenter,
                             styles.EDGE_STYLES[type_][2])
        x, y = _cell(self.badges_x, BADGE_COL, len(BADGES))
        painter.drawText(QRectF(x + 40, y, BADGE_COL - 40, ROW), Qt.AlignLeft | Qt.AlignVCenter,
                         "permission denied")
