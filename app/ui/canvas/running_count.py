"""How many execution environments of a function are running at this step, on its node.

Concurrency is the number of requests a function serves at the same moment, each in its own
execution environment (docs/reference/lambda-behaviour.md §11 CON;
https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html). The diagram drew one
box however many copies ran, and said the number only on a throttle ("429 · 5/5 busy"): at
traffic-spike's step 44, four copies running looked like one. Now a function node with more
than one environment in use shows copies stacked behind it and a chip "4 running" at its
bottom-left corner (the badges sit above the node, the stop sign at its top right), so the
count reads from the back of a room. One running environment shows nothing extra.

The count is the function's concurrency in use, the number the throttle badge's "5/5 busy"
says too: an environment initializing for a request counts, as AWS counts it (§11 CON; the chip
once counted only "busy" environments and showed nothing while five cold starts ran Init beside
"429 · 5/5 busy"). It comes from the trace's state after the step (`concurrency`, else the
`environments` serving or initializing for a request); the canvas view asks `show_running` per
step and clears it with the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem

from app.ui.canvas import styles

CHIP_H = 30.0
STACK_STEP = 7.0  # px each copy behind the node is offset by
STACK_MAX = 3  # copies drawn behind the node, however many run (the chip says the number)


def running_counts(state: dict) -> dict[str, int]:
    """Node name → execution environments in use (concurrency), for each function with more
    than one, from the trace's state after a step: `{fn: {"concurrency": n}}`, else counted in
    `{fn: {"environments": ({"state": "busy"}, …)}}`: "busy" ones and "cold" ones (running
    Init for a request), not a provisioned one initializing ahead of traffic (§19).
    In: `Trace.state_at(i)`. Out: only counts above 1."""
    out: dict[str, int] = {}
    for name, values in state.items():
        if not isinstance(values, dict):
            continue
        busy = values.get("concurrency")
        envs = values.get("environments")
        if busy is None and isinstance(envs, (list, tuple)):
            busy = sum(1 for e in envs if isinstance(e, dict) and (
                e.get("state") == "busy" or (e.get("state") == "cold" and not e.get("provisioned"))))
        if isinstance(busy, int) and busy > 1:
            out[name] = busy
    return out


def running_word(count: int) -> str:
    """`"4 running"`: the chip's words."""
    return f"{count:,} running"


class RunningCopies(QGraphicsItem):
    """Copies stacked behind a function node, and the chip with the count. Parent: the node."""

    def __init__(self, node, count: int, palette: dict[str, str]):
        super().__init__(node)
        self.count, self._palette, self._node_rect = count, palette, node.rect()
        self.word = running_word(count)
        self._font = QFont(styles.FONT_FAMILY)
        self._font.setPixelSize(int(styles.BADGE_PT * 1.33))
        self._font.setBold(True)
        self._chip_w = QFontMetricsF(self._font).horizontalAdvance(self.word) + 24
        self.setFlag(QGraphicsItem.ItemStacksBehindParent, True)  # the copies: behind the node
        self.setToolTip(f"{count} execution environments of this function are in use at this "
                        f"step, serving a request or initializing for one (its concurrency is "
                        f"{count})")
        self.chip = _Chip(node, self)  # the chip: on top of the node, so its own child

    def copies(self) -> int:
        """How many stacked copies are drawn behind the node (one fewer than running, capped)."""
        return min(STACK_MAX, self.count - 1)

    def chip_rect(self) -> QRectF:
        """The "N running" chip's rectangle in scene px, across the node's bottom edge at its left."""
        r = self._node_rect
        return QRectF(r.left() - 6, r.bottom() - CHIP_H / 2, self._chip_w, CHIP_H)

    def boundingRect(self) -> QRectF:
        shift = STACK_STEP * self.copies()
        return self._node_rect.adjusted(-2, -shift - 2, shift + 2, 2)

    def paint(self, painter, option, widget=None) -> None:
        pen = QPen(QColor(self._palette["text"]), 2)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(self._palette["surface"])))
        for i in range(self.copies(), 0, -1):
            painter.drawRoundedRect(self._node_rect.translated(STACK_STEP * i, -STACK_STEP * i), 14, 14)


class _Chip(QGraphicsItem):
    """The "4 running" chip, on the node's bottom-left corner (a child of the node)."""

    def __init__(self, node, copies: RunningCopies):
        super().__init__(node)
        self._copies = copies
        self.setZValue(40)
        self.setToolTip(copies.toolTip())

    def boundingRect(self) -> QRectF:
        return self._copies.chip_rect().adjusted(-2, -2, 2, 2)

    def paint(self, painter, option, widget=None) -> None:
        palette, rect = self._copies._palette, self._copies.chip_rect()
        painter.setPen(QPen(QColor(palette["text"]), 2))
        painter.setBrush(QBrush(QColor(palette["text"])))
        painter.drawRoundedRect(rect, CHIP_H / 2, CHIP_H / 2)
        painter.setPen(QColor(palette["surface"]))
        painter.setFont(self._copies._font)
        painter.drawText(rect, Qt.AlignCenter, self._copies.word)


def show_running(view, step_index: int) -> list[RunningCopies]:
    """Put the copies and chip on each function node of `view` (a CanvasView) with more than
    one environment in use (`running_counts`) after step `step_index`; returns the items made
    (the view removes them when the step changes)."""
    trace = getattr(view, "trace", None)
    if trace is None:
        return []
    made = []
    for name, count in running_counts(trace.state_at(step_index)).items():
        node = view.item_for_node.get(name)
        if node is None or getattr(node, "kind", None) != "function":
            continue
        made.append(RunningCopies(node, count, view.palette_colours))
    return made


def clear_running(items: list[RunningCopies]) -> None:
    """Take the items `show_running` made off their nodes."""
    for item in items:
        for part in (item.chip, item):
            part.setParentItem(None)
            if part.scene() is not None:
                part.scene().removeItem(part)
