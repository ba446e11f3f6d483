"""The halo round a node that receives the current step, drawn once per size, colour and zoom.

Six translucent rounded rectangles cost ~0.4 ms to draw, and a node's look is drawn again each
time it turns active (its cached pixmap is redrawn). Drawn into a node's cache pixmap, the halo
is the first thing on a transparent pixmap, so a copy of the same halo drawn earlier with the
same scale and the same fraction of a pixel of offset gives the very same pixels
(docs/decisions/0019). Elsewhere (exports, SVG) it is drawn as vectors every time.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from app.ui.canvas.looks import paint_kept

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
    a scale-and-move transform; drawn as vectors otherwise (app.ui.canvas.looks.paint_kept)."""
    paint_kept(painter, None, _kept, (rect.x(), rect.y(), rect.width(), rect.height(), colour, size),
               rect.adjusted(-size, -size, size, size),
               lambda inner: draw_glow(inner, rect, colour, size), most=MAX_KEPT, largest=1 << 62)
