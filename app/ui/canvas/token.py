"""The token that travels along an edge for the current step, shaped by what it carries.

Envelope = an event (invoke, batch, queue message), key = credentials, arrow = a request or
SDK call, reply = a response or result. A short word under the shape says the same in text.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from app.ui.canvas import styles
from app.ui.canvas.looks import paint_kept

SHAPE_OF_KIND = {
    "request": "arrow", "sdk-call": "arrow", "permission-check": "arrow", "poll": "arrow",
    "response": "reply", "result": "reply", "error": "reply", "throttle": "reply",
    "get-credentials": "key", "assume-role": "key",
}
# Steps where nothing travels from one actor to another (an environment starts or shuts down, a
# log line is written, S3 notices an object): a "mark" at the node that acts, not an envelope.
NOTHING_TRAVELS = {"shutdown", "init", "log", "detect"}
REST_AT = 0.62  # where a token stops by default: past the middle, before the arrowhead
W, H = 46.0, 32.0
_LOOKS: dict = {}  # every token's looks (shape, word, heading, colours, zoom): looks.py


def token_shape(kind: str) -> str:
    return SHAPE_OF_KIND.get(kind, "envelope")


def token_shape_for(step) -> str:
    """The token's shape for this step: `token_shape(kind)`, but a "mark" (no envelope) when
    nothing travels: a NOTHING_TRAVELS kind, or an event-shaped step with no payload."""
    if _deletes_messages(step):
        return "arrow"
    shape = token_shape(step.kind)
    if step.kind in NOTHING_TRAVELS or (shape == "envelope" and not step.payload):
        return "mark"
    return shape


def _deletes_messages(step) -> bool:
    """An SQS poller's "dequeue" step is Lambda calling DeleteMessageBatch on the queue (its
    payload holds the `Entries`): a request that travels to the queue, not an event coming out
    of it (a teacher's class read the envelope as messages flowing to Lambda)."""
    return step.kind == "dequeue" and isinstance(step.payload, dict) and "Entries" in step.payload


def token_word(step) -> str:
    """A few characters that say what travels: the kind, and the HTTP status if there is one;
    an SDK call says its operation (PutObject), so a GetObject and a PutObject on one edge differ."""
    if _deletes_messages(step):
        return "delete"
    operation = (step.payload or {}).get("operation") if isinstance(step.payload, dict) else None
    word = operation if step.kind == "sdk-call" and operation else step.kind.replace("-", " ")
    return f"{word} {step.status}" if step.status is not None else word


class TokenItem(QGraphicsObject):
    """A QGraphicsObject so its travel animation can be its child: the animation is deleted
    with the token (and so with its scene) and stops when the token leaves its scene, so it can
    never move an item that no longer exists."""

    def __init__(self, shape: str, word: str, palette: dict[str, str]):
        super().__init__()
        self.shape_name, self.word, self._palette = shape, word, palette
        self._font = QFont(styles.FONT_FAMILY)
        self._font.setPixelSize(int(styles.TOKEN_PT * 1.33))
        self._font.setBold(True)
        self._word_w = QFontMetricsF(self._font).horizontalAdvance(word) + 12
        self.setZValue(50)
        # Travelling moves the cached picture (no drawing at each frame of the animation), and
        # a token that looks like an earlier step's is copied from that one (looks.py).
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.heading = 0.0  # degrees, scene coordinates (0 = right, 90 = down): arrows point here
        self._animation: QVariantAnimation | None = None

    def boundingRect(self) -> QRectF:
        w = max(W, self._word_w)
        return QRectF(-w / 2 - 4, -H / 2 - 4, w + 8, H + 34)

    def paint(self, painter, option, widget=None) -> None:
        p = self._palette
        look = (self.shape_name, self.word, round(self.heading, 4),
                tuple(p[k] for k in ("token", "token_text", "background", "surface", "text")))
        paint_kept(painter, widget, _LOOKS, look, self.boundingRect(), self._draw, most=64)

    def _draw(self, painter) -> None:
        fill, ink = QColor(self._palette["token"]), QColor(self._palette["token_text"])
        r = QRectF(-W / 2, -H / 2, W, H)
        draw = getattr(self, f"_draw_{self.shape_name}")
        halo = QColor(self._palette["background"])  # lifts the token off a line of its colour
        painter.setPen(QPen(halo, 9, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
        painter.setBrush(halo)
        draw(painter, r, halo)
        painter.setPen(QPen(ink, 2.5, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
        painter.setBrush(fill)
        draw(painter, r, ink)
        word = QRectF(-self._word_w / 2, H / 2 + 3, self._word_w, 24)
        painter.setPen(QPen(fill, 1.5))
        painter.setBrush(QColor(self._palette["surface"]))
        painter.drawRoundedRect(word, 6, 6)
        painter.setPen(QColor(self._palette["text"]))
        painter.setFont(self._font)
        painter.drawText(word, Qt.AlignCenter, self.word)

    def _draw_envelope(self, painter, r, ink) -> None:
        painter.drawRoundedRect(r, 3, 3)
        painter.drawPolyline(QPolygonF([r.topLeft() + QPointF(3, 3), QPointF(0, 3),
                                        r.topRight() + QPointF(-3, 3)]))

    def _draw_arrow(self, painter, r, ink) -> None:
        painter.save()
        painter.rotate(self.heading)
        painter.drawPolygon(QPolygonF([
            QPointF(-22, -7), QPointF(2, -7), QPointF(2, -17), QPointF(23, 0),
            QPointF(2, 17), QPointF(2, 7), QPointF(-22, 7)]))
        painter.restore()

    def _draw_reply(self, painter, r, ink) -> None:
        bubble = QPainterPath()
        bubble.addRoundedRect(r.adjusted(0, 0, 0, -6), 10, 10)
        tail = QPainterPath(QPointF(r.left() + 8, r.bottom() - 8))
        tail.lineTo(r.left() + 2, r.bottom() + 2)
        tail.lineTo(r.left() + 18, r.bottom() - 8)
        painter.drawPath(bubble.united(tail))
        painter.save()  # the little arrow inside points where the reply is going
        painter.translate(0, -3)
        painter.rotate(self.heading)
        painter.drawLine(QPointF(-8, 0), QPointF(8, 0))
        painter.drawLine(QPointF(8, 0), QPointF(3, -5))
        painter.drawLine(QPointF(8, 0), QPointF(3, 5))
        painter.restore()

    def _draw_mark(self, painter, r, ink) -> None:
        """Something happens here, nothing is carried: a ring with a dot."""
        painter.drawEllipse(QRectF(-11, -11, 22, 22))
        painter.setBrush(ink)
        painter.drawEllipse(QRectF(-4, -4, 8, 8))

    def _draw_key(self, painter, r, ink) -> None:
        painter.drawEllipse(QRectF(r.left(), -11, 22, 22))
        painter.drawRect(QRectF(r.left() + 20, -4, r.width() - 20, 8))
        painter.drawRect(QRectF(r.right() - 10, 4, 5, 7))
        painter.setBrush(ink)
        painter.drawEllipse(QRectF(r.left() + 7, -4, 8, 8))

    # movement -------------------------------------------------------------------------------
    def travel(self, path: QPainterPath, ms: int, rest: float = 0.0) -> None:
        """Move along `path` to `rest` (0–1) in `ms` (0 = jump); returns at once."""
        self.stop()
        rest = rest or REST_AT
        self.heading = -path.angleAtPercent(rest)  # Qt path angles turn counter-clockwise
        self.update()
        if ms <= 0:
            self.setPos(path.pointAtPercent(rest))
            return
        self.setPos(path.pointAtPercent(0.0))
        animation = QVariantAnimation(self)  # deleted with the token, never outlives it
        animation.setStartValue(0.0)
        animation.setEndValue(rest)
        animation.setDuration(ms)
        animation.valueChanged.connect(lambda t: self.setPos(path.pointAtPercent(float(t))))
        # Travelling, the cached picture drawn where the first frame fell is moved by whole
        # pixels; at rest the token is drawn (or its look copied) where it stops, so the resting
        # picture never depends on when the first frame was painted.
        animation.finished.connect(self.update)
        animation.start()
        self._animation = animation

    def itemChange(self, change, value):  # noqa: N802
        if change == QGraphicsItem.ItemSceneHasChanged and value is None:
            self.stop()  # removed from its scene (or the scene is going away): stand still
        return super().itemChange(change, value)

    def stop(self) -> None:
        if self._animation is not None:
            self._animation.stop()
            self._animation = None

    @property
    def is_moving(self) -> bool:
        return self._animation is not None and self._animation.state() == QVariantAnimation.Running
