"""Kept pictures of an item's look, copied into Qt's item cache instead of drawn again.

A node and the token are `DeviceCoordinateCache` items: Qt keeps one pixmap per item and view
and asks Python to draw the item into it again whenever the item changes. A node changes at
most steps (it turns active as the sender or the receiver, then back) and the token is a new
item at every step, so each step drew 2-4 nodes (~0.4 ms each: icon, text, halo) and a token
(~0.35 ms) in Python. Their looks are few (a node at rest, sending, receiving; a token of one
shape, word and heading), so each look is drawn once per zoom and copied after that
(docs/decisions/0016-step-latency.md, 2026-12-01).

The copy has the very same pixels as a drawing: Qt's cache pixmap is transparent when the item
is drawn into it, and a look drawn at the same scale and the same fraction of a pixel of offset
is copied onto it unchanged. Anything else (an export's image, SVG, a turned view, a high-DPI
screen) draws as vectors every time, as before.
"""

from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QTransform


def paint_kept(painter: QPainter, widget, kept: dict, look: tuple, bounds: QRectF,
               draw: Callable[[QPainter], None], most: int = 16,
               largest: int = 1 << 20) -> None:
    """Run `draw(painter)`, or copy what it drew before for the same `look` at this scale.

    `kept`: the store (look and transform → (pixmap, dx, dy)), emptied when it holds `most`;
    a look over `largest` device pixels is drawn every time (a long edge zoomed in);
    `look`: everything the drawing depends on (hashable); `bounds`: item px that `draw` stays
    within. Only into a pixmap (Qt's item cache, which Qt draws into with no `widget`; the big
    graph's pictures) of device pixel ratio 1 at a scale-and-move transform, as the halo
    (glow.py); otherwise (the screen, an export's image, SVG) `draw` runs on `painter`."""
    t = painter.worldTransform()
    device = painter.device()
    if not isinstance(device, QPixmap) or t.m12() or t.m21() or device.devicePixelRatioF() != 1:
        draw(painter)
        return
    key = (look, round(t.m11(), 9), round(t.m22(), 9), round(t.dx() % 1, 4), round(t.dy() % 1, 4))
    found = kept.get(key)
    if found is None:
        outer = t.mapRect(bounds)
        if outer.width() * outer.height() > largest:
            draw(painter)
            return
        left, top = math.floor(outer.left()) - 1, math.floor(outer.top()) - 1
        pixmap = QPixmap(max(1, math.ceil(outer.right()) - left + 2),
                         max(1, math.ceil(outer.bottom()) - top + 2))
        pixmap.fill(Qt.transparent)
        inner = QPainter(pixmap)
        inner.setRenderHints(painter.renderHints())
        inner.setTransform(t * QTransform.fromTranslate(-left, -top))
        draw(inner)
        inner.end()
        if len(kept) >= most:
            kept.clear()
        found = kept[key] = (pixmap, left - t.dx(), top - t.dy())
    pixmap, dx, dy = found
    painter.save()
    painter.resetTransform()
    painter.drawPixmap(QPoint(round(t.dx() + dx), round(t.dy() + dy)), pixmap)
    painter.restore()
