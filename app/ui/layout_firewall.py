"""A holder that keeps the ordinary text changes of one panel from relaying out the window.

Qt re-lays out every ancestor whenever a label's text changes (QLayout::activate ends with
updateGeometry on its widget, and that walks up to the main window), even when no size
constraint changed. At each step the narration, the player bar and the inspector change text
only; relaying out the main window and its docks, and repainting what moved, was a few ms of
every key press (docs/decisions/0016-step-latency.md). The holder passes a child's layout
request up only when the child's limits or size policy changed, or it no longer fits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QWidget


class LayoutFirewall(QWidget):
    """Shows exactly one child filling it; mirrors its size constraints and visibility.

    `child` is re-parented here. Its own layout keeps working; only the walk up stops, unless
    what the child asks of its parent changed (then this holder asks its own parent in turn).
    """

    def __init__(self, child: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.child = child
        child.setParent(self)
        self._seen = None
        self._mirror()
        self.setVisible(not child.isHidden())
        child.installEventFilter(self)

    def _constraints(self):
        """What the parent must hear about at once: explicit limits and the size policy. Not
        sizeHint() (it follows the length of every text; a parent asks for it afresh whenever
        something else lays it out) and not a minimumSizeHint() that still fits (see event)."""
        child = self.child
        policy = child.sizePolicy()
        return (child.minimumSize(), child.maximumSize(), policy.horizontalPolicy(),
                policy.verticalPolicy(), child.hasHeightForWidth())

    def _mirror(self) -> bool:
        """Copy the child's limits; True if they differ from the last ones copied."""
        seen = self._constraints()
        if seen == self._seen:
            return False
        self._seen = seen
        self.setSizePolicy(self.child.sizePolicy())
        self.setMinimumSize(self.child.minimumSize())
        self.setMaximumSize(self.child.maximumSize())
        return True

    def _too_small(self) -> bool:
        """Whether the child now needs more room than this holder has (a parent must grow it)."""
        need = self.child.minimumSizeHint()
        return need.width() > self.width() or need.height() > self.height()

    def __getattr__(self, name: str):
        """The holder stands in for its child: what it lacks is the child's (the inspector dock's
        widget() answers viewport() and horizontalScrollBar() as its scroll area did)."""
        if name == "child":  # not set yet (during __init__)
            raise AttributeError(name)
        return getattr(self.child, name)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.child.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self.child.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.child.heightForWidth(width)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.child.setGeometry(self.rect())

    def event(self, event) -> bool:
        if event.type() == QEvent.LayoutRequest:
            if self._mirror() or self._too_small():
                self.updateGeometry()
            return True
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.child:
            kind = event.type()
            if kind == QEvent.ShowToParent:
                self.setVisible(True)
            elif kind == QEvent.HideToParent:
                self.setVisible(False)
        return False
