"""The key to the picture: one sample per line style, badge, token shape and the stop sign.

A scene item (not a widget overlay) so exports carry it too; the view puts it under the graph.
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
COL_W = 330.0
TOKENS = (("envelope", "event"), ("arrow", "request"), ("reply", "response"), ("key", "credentials"))


class LegendItem(QGraphicsItem):
    def __init__(self, palette: dict[str, str]):
        super().__init__()
        self.palette = palette
        self._font = QFont(styles.FONT_FAMILY)
        self._font.setPixelSize(int(styles.EDGE_LABEL_PT * 1.33))
        self._title = QFont(self._font)
        self._title.setBold(True)
        rows = max(len(styles.LEGEND_EDGES), len(BADGES) + 1)
        self._size = (COL_W * 3 - 40, ROW * (rows + 1) + 24)
        self._samples: list[QGraphicsItem] = []
        self._build_samples()
        self.setZValue(0)

    def _build_samples(self) -> None:
        """Badges, tokens and the stop sign are the real items, scaled down as samples."""
        for item in self._samples:
            item.setParentItem(None)
            if item.scene():
                item.scene().removeItem(item)
        self._samples = []
        x = COL_W + 20
        for i, state in enumerate(BADGES):
            badge = BadgeItem(state, self.palette, parent=self)
            badge.setPos(x + badge.boundingRect().width() / 2, 24 + ROW * (i + 1) + ROW / 2)
            self._samples.append(badge)
        stop = StopSignItem(self.palette, "permission denied", self)
        stop.setScale(0.36)
        stop.setPos(x + 16, 24 + ROW * (len(BADGES) + 1) + ROW / 2)
        self._samples.append(stop)
        for i, (shape, word) in enumerate(TOKENS):
            token = TokenItem(shape, word, self.palette)
            token.setParentItem(self)
            token.setScale(0.8)
            token.setPos(2 * COL_W - 10 + (i % 2) * 150, 24 + ROW * (1 + 3 * (i // 2)) + 14)
            self._samples.append(token)

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
        for x, title in ((16, "Lines"), (COL_W + 20, "Badges"), (2 * COL_W - 60, "Tokens")):
            painter.drawText(QRectF(x, 12, COL_W, ROW), Qt.AlignLeft | Qt.AlignVCenter, title)
        painter.setFont(self._font)
        for i, type_ in enumerate(styles.LEGEND_EDGES):
            y = 24 + ROW * (i + 1) + ROW / 2
            path = QPainterPath(QPointF(16, y))
            path.lineTo(86, y)
            draw_edge_line(painter, path, type_, p)
            painter.setPen(QColor(p["text"]))
            painter.drawText(QRectF(98, y - ROW / 2, COL_W - 100, ROW), Qt.AlignLeft | Qt.AlignVCenter,
                             styles.EDGE_STYLES[type_][2])
        y = 24 + ROW * (len(BADGES) + 1)
        painter.drawText(QRectF(COL_W + 60, y, COL_W - 60, ROW), Qt.AlignLeft | Qt.AlignVCenter,
                         "permission denied")
