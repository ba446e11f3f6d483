"""The halo round a node that receives the current step, drawn once per size, colour and zoom.

Six translucent rounded rectangles cost ~0.4 ms to draw, and a node's look is drawn again each
time it turns active (its cached pixmap is redrawn). Drawn into a node's cache pixmap, the halo
is the first thing on a transparent pixmap, so a copy of the same halo drawn earlier with the
same scale and the same fraction of a pixel of offset gives the very same pixels
(docs/decisions/0019). Elsewhere (exports, SVG) it is drawn as vectors every time.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap, QTransform

RINGS = 6
MAX_KEPT = 64  # halos kept (a few sizes x colours x zooms x sub-pixel offsets)
_kept: dict[tuple, tuple[QPixmap, float, float]] = {}


def draw_glow(painter: QPainter, rect: QRectF, colour: str, size: float) -> None:
    """RINGS rounded rectangles round `rect` (item px), `size` px wide in all, fading out."""
    glow = QColor(colour)
    painter.setPen(Qt.NoPen)
    for i in range(RINGS, 0, -1):
        glow.setAlpha(22 + (RINGS - i) * 10)
        painter.setBrush(glow)
        grow = i * size / RINGS
        painter.drawRoundedRect(rect.adjusted(-grow, -grow, grow, grow), 14 + grow, 14 + grow)


def paint_glow(painter: QPainter, rect: QRectF, colour: str, size: float) -> None:
    """`draw_glow`, copied from a kept pixmap when `painter` draws into a pixmap (a cache) at
    a scale-and-move transform; drawn as vectors otherwise."""
    t = painter.worldTransform()
    device = painter.device()
    if not isinstance(device, QPixmap) or t.m12() or t.m21() or device.devicePixelRatioF() != 1:
        draw_glow(painter, rect, colour, size)
        return
    key = (rect.x(), rect.y(), rect.width(), rect.height(), colour, size, round(t.m11(), 9),
           round(t.m22(), 9), round(t.dx() % 1, 4), round(t.dy() % 1, 4))
    kept = _kept.get(key)
    if kept is None:
        outer = t.mapRect(rect.adjusted(-size, -size, size, size))
        left, top = math.floor(outer.left()) - 1, math.floor(outer.top()) - 1
        pixmap = QPixmap(math.ceil(outer.right()) - left + 2, math.ceil(outer.bottom()) - top + 2)
        pixmap.fill(Qt.transparent)
        inner = QPainter(pixmap)
        inner.setRenderHints(painter.renderHints())
        inner.setTransform(t * QTransform.fromTranslate(-left, -top))
        draw_glow(inner, rect, colour, size)
        inner.end()
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        kept = _kept[key] = (pixmap, left - t.dx(), top - t.dy())
    pixmap, dx, dy = kept
    painter.save()
    painter.resetTransform()
    painter.drawPixmap(QPoint(round(t.dx() + dx), round(t.dy() + dy)), pixmap)
    painter.restore()
