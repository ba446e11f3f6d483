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
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QTabWidget, QWidget

SIDE_SHARE = 0.28  # of the window's width, for each dock left or right of the diagram
SIDES_SHARE = 0.42  # for all of them together
BOTTOM_SHARE = 0.26  # of the window's height, for the docks under the diagram
COMPACT_BELOW = 800  # px of window height: below it the narration uses a smaller font
TWO_LINES_BELOW = 680  # px: below it (a 600 px screen) the compact narration keeps two lines,
                       # above it three (at 1280x720 two lines held half of a usual step's text)
DIAGRAM_SHARE = 0.55  # of the window's area the diagram should get from 1024x600 up (issue 11)
DIAGRAM_AIM = 0.60  # what the side docks are squeezed for: a margin above DIAGRAM_SHARE, so
                    # that node names stay >= 12 px at 1280x720 (the graphs are wide, not tall)
SIDE_FLOOR = 180  # px: side docks squeezed for the diagram keep at least this much (more in a
                  # wide window: 30 % of its width less 150 px, 330 px at 1600)


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
        self._tabbed: list[QDockWidget] = []  # bottom docks moved beside the side panel
        # tabs of the side panels run down the window's edge, so each keeps its whole title
        # (four tabs across a 230 px panel read "In…", "Me…" at 1280x720)
        window.setTabPosition(Qt.RightDockWidgetArea, QTabWidget.East)
        window.setTabPosition(Qt.LeftDockWidgetArea, QTabWidget.West)
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
                if getattr(self.window, "_docks_sized", True):  # else its first sizing fits too
                    self._schedule()
        return False

    def _compact_narration(self, height: int) -> None:
        narration = getattr(self.window, "narration", None)
        if narration is not None and hasattr(narration, "set_compact"):
            from app.ui.narration import COMPACT_LINES, ROOMY_COMPACT_LINES

            narration.set_compact(height < COMPACT_BELOW,
                                  COMPACT_LINES if height < TWO_LINES_BELOW else ROOMY_COMPACT_LINES)

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.fit)

    def _docked(self, areas) -> list[QDockWidget]:
        w = self.window
        return [d for d in w.findChildren(QDockWidget)
                if d.parent() is w and d.isVisible() and not d.isFloating()
                and w.dockWidgetArea(d) in areas]

    def share(self) -> float:
        """The diagram's share of the window's area (0..1)."""
        canvas, w = getattr(self.window, "canvas", None), self.window
        if canvas is None or not canvas.isVisible():
            return 1.0
        return canvas.width() * canvas.height() / max(1, w.width() * w.height())

    def fit(self) -> None:
        """Shrink the docks that hold more than their share, never grow one; if the diagram
        still gets less than DIAGRAM_SHARE, the docks under it become tabs beside it."""
        self._pending = False
        self.window.layout().activate()  # judge the docks' sizes as they are now
        for _ in range(3):  # each pass judges from the diagram's size the last one left
            before = self.share()
            self._fit_once()
            if self.share() >= DIAGRAM_SHARE or self.share() <= before:
                break

    def _fit_once(self) -> None:
        w = self.window
        if w.isFullScreen() and getattr(getattr(w, "presentation", None), "active", False):
            return  # presentation mode: every dock is hidden anyway
        width, height = w.width(), w.height()
        if self._tab_bottoms(self.share() < DIAGRAM_SHARE):
            w.layout().activate()  # the diagram's new height decides the side docks' room
        sides = self._one_per_tab_group(self._docked((Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea)))
        if sides:
            share = min(int(width * SIDE_SHARE), self._side_room(width, height) // len(sides))
            wanted = [min(d.width(), max(d.minimumSizeHint().width(), share))
                      for d in sides]
            total = sum(wanted)
            floor = sum(d.minimumSizeHint().width() for d in sides)
            room = max(floor, min(int(width * SIDES_SHARE), self._side_room(width, height)))
            if total > room:  # share what the sides may have in proportion, each at its minimum
                scale = (room - floor) / max(1, total - floor)
                wanted = [d.minimumSizeHint().width()
                          + int((x - d.minimumSizeHint().width()) * scale)
                          for d, x in zip(sides, wanted)]
            canvas = getattr(w, "canvas", None)
            # a tab's width may be stale (a hidden tab): judge by the room the diagram leaves
            taken = width - canvas.width() if canvas is not None and canvas.isVisible() else total
            if any(x < d.width() for d, x in zip(sides, wanted)) and sum(wanted) < taken - 8:
                w.resizeDocks(sides, wanted, Qt.Horizontal)
        bottoms = self._docked((Qt.BottomDockWidgetArea, Qt.TopDockWidgetArea))
        shrink = [(d, max(d.minimumSizeHint().height(), int(height * BOTTOM_SHARE)))
                  for d in bottoms]
        shrink = [(d, h) for d, h in shrink if h < d.height()]
        if shrink:
            w.resizeDocks([d for d, _ in shrink], [h for _, h in shrink], Qt.Vertical)
        w.layout().activate()  # apply now, not at the next layout request

    def _one_per_tab_group(self, docks: list[QDockWidget]) -> list[QDockWidget]:
        """Tabbed docks share one width: keep the first of each group."""
        kept: list[QDockWidget] = []
        for dock in docks:
            if not any(dock in self.window.tabifiedDockWidgets(k) for k in kept):
                kept.append(dock)
        return kept

    def _side_room(self, width: int, height: int) -> int:
        """Pixels of width the side docks may keep together so the diagram gets DIAGRAM_AIM
        of the window, judged from the diagram's height now; at least SIDE_FLOOR."""
        canvas = getattr(self.window, "canvas", None)
        sides = self._one_per_tab_group(self._docked((Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea)))
        if canvas is None or canvas.height() < 50 or not sides:
            return int(width * SIDES_SHARE)
        needed = DIAGRAM_AIM * width * height / canvas.height()
        now = sum(d.width() for d in sides)
        floor = max(SIDE_FLOOR, int(width * 0.30) - 150)  # a wide window keeps a readable panel
        return max(floor, int(now - max(0.0, needed - canvas.width())))

    def _tab_bottoms(self, short: bool) -> bool:
        """The diagram short of its share: the docks under it become tabs of the first side
        dock (the user may drag them back). True if a dock moved."""
        w = self.window
        if short:
            sides = self._docked((Qt.RightDockWidgetArea, Qt.LeftDockWidgetArea))
            bottoms = self._docked((Qt.BottomDockWidgetArea,))
            if not sides or not bottoms:
                return False
            # a panel the user brought to the front (Metrics, Runs compared) stays in front;
            # otherwise the Inspector does (the Timeline is only the default tab)
            chosen = [d for d in bottoms if d is not getattr(w, "timeline_dock", None)
                      and not d.visibleRegion().isEmpty()]
            for dock in bottoms:
                w.tabifyDockWidget(sides[0], dock)
                self._tabbed.append(dock)
            (chosen[0] if chosen else sides[0]).raise_()
            return True
        return False
