"""Small screens: the window fits a 1024x600 screen, and the diagram gets the room first.

Two parts (issue 9, item 9):
- `scrollable(widget)` puts a tall panel (the inspector) in a scroll area, so its contents no
  longer set the window's minimum height (it was 568 px on its own; the window could not shrink
  below 1024x614, taller than a 600 px screen once the desktop's panel and title bar are counted).
- `DiagramFirst` watches the window. When it shrinks (or is shown), a side dock may keep at most
  SIDE_SHARE of the width and a bottom dock BOTTOM_SHARE of the height, never below its own
  minimum: QMainWindow keeps the docks' pixel sizes and takes every lost pixel from the central
  widget, which crushed the diagram to a strip 127 px high at 1024x600. Below COMPACT_BELOW px
  of height the narration also takes a smaller font.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget

SIDE_SHARE = 0.28  # of the window's width, for each dock left or right of the diagram
SIDES_SHARE = 0.42  # for all of them together
BOTTOM_SHARE = 0.26  # of the window's height, for the docks under the diagram
COMPACT_BELOW = 700  # px of window height: below it the narration uses a smaller font


def scrollable(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless scroll area that follows its width and scrolls vertically when the
    dock is shorter than the widget's minimum. Returns the scroll area (give it to the dock)."""
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName() or 'panel'}Scroll")
    area.setFrameShape(QFrame.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
    area.setWidget(widget)
    area.setMinimumHeight(120)
    return area


class DiagramFirst(QObject):
    """Install on a QMainWindow: `DiagramFirst(window)`. Keeps the docks within their shares."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self._pending = False
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.window:
            if event.type() == QEvent.Resize:
                old, new = event.oldSize(), event.size()
                if old.isValid() and (new.width() < old.width() or new.height() < old.height()):
                    self._schedule()
                self._compact_narration(new.height())
            elif event.type() == QEvent.Show:
                self._compact_narration(self.window.height())
                self._schedule()
        return False

    def _compact_narration(self, height: int) -> None:
        narration = getattr(self.window, "narration", None)
        if narration is not None and hasattr(narration, "set_compact"):
            narration.set_compact(height < COMPACT_BELOW)

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.fit)

    def _docked(self, areas) -> list[QDockWidget]:
        w = self.window
        return [d for d in w.findChildren(QDockWidget)
                if d.parent() is w and d.isVisible() and not d.isFloating()
                and w.dockWidgetArea(d) in areas]

    def fit(self) -> None:
        """Shrink the docks that hold more than their share; never grow one."""
        self._pending = False
        w = self.window
        if w.isFullScreen() and getattr(getattr(w, "presentation", None), "active", False):
            return  # presentation mode: every dock is hidden anyway
        width, height = w.width(), w.height()
        sides = self._docked((Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea))
        if sides:
            wanted = [min(d.width(), max(d.minimumSizeHint().width(), int(width * SIDE_SHARE)))
                      for d in sides]
            total = sum(wanted)
            floor = sum(d.minimumSizeHint().width() for d in sides)
            room = max(floor, int(width * SIDES_SHARE))
            if total > room:  # share what the sides may have in proportion, each at its minimum
                scale = (room - floor) / max(1, total - floor)
                wanted = [d.minimumSizeHint().width()
                          + int((x - d.minimumSizeHint().width()) * scale)
                          for d, x in zip(sides, wanted)]
            if any(x < d.width() for d, x in zip(sides, wanted)):
                w.resizeDocks(sides, wanted, Qt.Horizontal)
        bottoms = self._docked((Qt.BottomDockWidgetArea, Qt.TopDockWidgetArea))
        shrink = [(d, max(d.minimumSizeHint().height(), int(height * BOTTOM_SHARE)))
                  for d in bottoms]
        shrink = [(d, h) for d, h in shrink if h < d.height()]
        if shrink:
            w.resizeDocks([d for d, _ in shrink], [h for _, h in shrink], Qt.Vertical)
        w.layout().activate()  # apply now, not at the next layout request
