"""The inspector's two boxes: the step (title, decision, status, payload) and the node.

Both are built so that a step relays out and repaints what changed and no more
(docs/decisions/0016-step-latency.md): the step box keeps the room its tallest content needs;
the node box repaints only its title's strip when the node changes. The permission decision
inside the step box is app/ui/permission_box.py.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QGroupBox, QStyle, QStyleOptionGroupBox, QWidget


class StepBox(QGroupBox):
    """The step's group box, never shorter than its rows need at its width.

    The splitter above it sizes it by its minimum size, which Qt sums from its rows' one-line
    heights; a wrapped title or decision then had less room than it needs and was cut at the
    bottom (a 1280x720 window showed three of the decision's six rows). Here the minimum is
    the height the rows take at the box's width, so a short dock scrolls instead.

    The minimum only grows while the scenario and the width stay (`forget_heights` starts
    again): a tall decision on one step and none on the next would otherwise move the
    splitter there and back, and relay out and repaint the node box under it twice."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(title, parent)
        self._floor_width = -1  # the width the minimum height was found for
        self.room_for = lambda width: 0  # the room to keep at `width` whatever the step shows

    def forget_heights(self) -> None:
        """A new scenario: the minimum is the rows' height again, not the tallest seen."""
        self._floor_width = -1
        self._grow()

    def event(self, event) -> bool:
        done = super().event(event)
        if event.type() == QEvent.LayoutRequest:  # laid out: its heights at this width are known
            self._grow()
        return done

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._grow()

    def _grow(self) -> None:
        """An explicit minimum height (Qt's layouts ask the hint only): the rows' height at this
        width (the layout has just worked it out: a cached answer), never lower than before
        at the same width."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth() or self.width() <= 0:
            return
        need = max(layout.totalHeightForWidth(self.width()), self.room_for(self.width()))
        if self.width() == self._floor_width:
            need = max(need, self.minimumHeight())
        self._floor_width = self.width()
        if need != self.minimumHeight():
            self.setMinimumHeight(need)


class NodeBox(QGroupBox):
    """The node's group box; a new title repaints the title's strip alone, and the room of a
    row that comes and goes (the image strip) can be kept while it is hidden.

    QGroupBox.setTitle repaints the whole box, and with it the tab widget and the state tree
    under it (~2–3 ms), and the node changes at most steps. Qt keeps a one-space title (so the
    box keeps its title row and frame); the node's name is drawn over it here, in the same font,
    colour and place (docs/decisions/0016-step-latency.md).

    Kept room (`keep_room`): the box's minimum height counts the row even while it is hidden,
    once the row has been shown or when it is known to come. Without it the minimum fell and
    rose with the row, so in a short dock the inspector's scroll bar came and went and the
    whole inspector was laid out and painted again at another width (photo-thumbnails, 1600x1000:
    steps 2, 3 and 10, the slowest of the scenario; 0016 round 6)."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(" ", parent)
        self._title = ""
        self._row: QWidget | None = None  # the row whose room is kept (keep_room)
        self._keep = False  # keep it now: it was shown, or is known to come
        self.setTitle(title)

    # ---- the room of a row that comes and goes
    def keep_room(self, row: QWidget | None, ahead: bool = False) -> None:
        """Keep `row`'s room (its height and the layout's spacing) in the box's minimum height
        while it is hidden: from now on if `ahead` (it will be shown), else from its first
        showing. None, or a new call (a new scenario): start again. `row` is in this box's
        layout; its height is its fixed (minimum) height, else its minimum size hint."""
        self._row, self._keep = row, bool(ahead and row is not None)
        self._grow()

    def event(self, event) -> bool:
        done = super().event(event)
        if event.type() == QEvent.LayoutRequest:  # laid out: its layout's minimum is known
            self._grow()
        return done

    def _grow(self) -> None:
        row, layout = self._row, self.layout()
        if row is not None and row.isVisible():
            self._keep = True  # shown once: its room stays for this scenario
        need = 0  # 0: the layout's own minimum (Qt's), as without a kept row
        if layout is not None and self._keep:  # explicit whether the row shows or not, so the
            need = layout.totalMinimumSize().height()  # holder above sees no change when it flips
            if row.isHidden():
                spacing = layout.verticalSpacing() if hasattr(layout, "verticalSpacing") else layout.spacing()
                need += max(0, spacing) + (row.minimumHeight() or row.minimumSizeHint().height())
        if need != self.minimumHeight():
            self.setMinimumHeight(need)

    def title(self) -> str:  # noqa: D102 (QGroupBox's)
        return self._title

    def setTitle(self, title: str) -> None:  # noqa: N802 (Qt name)
        if title == self._title:
            return
        self._title = title
        self.setAccessibleName(title)
        self.update(self._title_strip())

    def _title_rect(self) -> QRect:
        option = QStyleOptionGroupBox()
        self.initStyleOption(option)
        return self.style().subControlRect(QStyle.CC_GroupBox, option, QStyle.SC_GroupBoxLabel, self)

    def _title_strip(self) -> QRect:
        label = self._title_rect()
        return QRect(label.left(), label.top(), self.width() - label.left(), label.height())

    def paintEvent(self, event) -> None:  # noqa: N802
        strip = self._title_strip()
        if not strip.contains(event.rect()):  # the frame too (the title's strip alone: the
            super().paintEvent(event)          # box under it draws nothing there, ~1 ms saved)
        if not event.rect().intersects(strip):
            return
        painter = QPainter(self)
        label = self._title_rect()
        text = QRect(label.left(), label.top(), self.width() - label.left(), label.height())
        self.style().drawItemText(painter, text, Qt.AlignLeft | Qt.AlignVCenter, self.palette(),
                                  self.isEnabled(), self._title, QPalette.WindowText)
        painter.end()
