"""The side panels give way to the diagram on a small screen, and get a width their rows can be
read in when they are asked for (a teacher's morning on a 1024x600 projector and a 1280x720
laptop).

- **Folded on a narrow window.** A first run on a window narrower than FOLD_BELOW starts with the
  side panels folded away, so the diagram has the whole width (node names 9.8 → 12 px at
  1024x600 on orders-sqs). A "Panels" button in the diagram's corner, beside "Key", brings back
  the panels that were folded (and folds them again); clicking a node opens the inspector, as
  before. Presentation mode hides the button (its docks are hidden anyway).
- **Readable when in front.** A panel that comes to the front of a side column (a click on its
  tab, the Lab menu, opening it) gets at least its READABLE width, as long as the diagram keeps
  DIAGRAM_MIN_WIDTH of the window's width: a 208 px column cut the timeline's summaries to ~15
  characters and every row of Runs compared to "resp…". The inspector, the panel in front by
  default, keeps the width the window gives it (the diagram first) unless it is opened again
  after being closed or folded. Nothing is narrowed back: the user's own width stays.

The docks stay QDockWidgets (drag, float, close, saved layout): this only shows, hides and
resizes them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolButton

from app.ui.canvas import overlay_room
from app.ui.stray_tab_bars import hide_stray_tab_bars

FOLD_BELOW = 1100  # px of window width: a first run this narrow starts with the side panels folded
DIAGRAM_MIN_WIDTH = 0.55  # of the window's width, which a panel widened for reading leaves the diagram
# px a panel in front should have, by the dock's object name; others keep their width
READABLE = {"timelineDock": 310, "metricsDock": 310, "compareDock": 440,
            "whatIfDock": 260}
SIDES = (Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea)
GAP = 6  # px between the Panels and Key buttons
OPENED = {"inspectorDock": 264}  # px a panel opened again after being closed or folded should have
# px the inspector gets when a click on a node asks for it: at 208 px a queue's attributes all
# read "ApproximateNumbe…" (issue 13, looks-3 item 6)
CLICKED = {"inspectorDock": 300}


class SidePanels(QObject):
    """Install on the main window (`SidePanels(window)`, once its canvas exists). `button` is the
    checkable "Panels" button in the diagram's corner; `fold_if_narrow()` runs at first sizing."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.canvas = window.canvas
        self._folded: list[QDockWidget] = []
        self._ready = False  # widen for reading only after the first sizing
        self._sync_pending = False
        self._closed: set[int] = set()  # ids of docks closed (not a tab behind another)
        self.button = QToolButton(self.canvas)
        self.button.setObjectName("panelsToggle")
        self.button.setText("Panels")
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setToolTip("Show or fold away the side panels (inspector, timeline, …), "
                               "so the diagram has the width")
        self.button.setAccessibleName("Side panels")
        self.button.clicked.connect(self.set_shown)
        overlay_room.watch(self.canvas, self.button)  # the fit keeps it off the nodes
        self.canvas.installEventFilter(self)
        window.installEventFilter(self)
        for dock in window.findChildren(QDockWidget):
            self._watch(dock)

    # ---- the docks
    def _watch(self, dock: QDockWidget) -> None:
        if dock.property("sidePanelsWatched"):
            return
        dock.setProperty("sidePanelsWatched", True)
        dock.visibilityChanged.connect(lambda visible, d=dock: self._visibility(d, visible))

    def _presenting(self) -> bool:
        return bool(getattr(getattr(self.window, "presentation", None), "active", False))

    def side_docks(self) -> list[QDockWidget]:
        """Docked side panels the user can see (a tab behind another counts: its group is open)."""
        w = self.window
        return [d for d in w.findChildren(QDockWidget)
                if d.parent() is w and d.isVisible() and not d.isFloating()
                and w.dockWidgetArea(d) in SIDES]

    def folds_at_first_sizing(self) -> bool:
        """Whether `fold_if_narrow` folds the side panels away at the window's size now."""
        return self.window.width() < FOLD_BELOW and not self._presenting()

    def fold_if_narrow(self) -> None:
        """First sizing: on a window narrower than FOLD_BELOW, fold the side panels away."""
        if self.folds_at_first_sizing():
            self.set_shown(False)

    def fold_along(self, dock: QDockWidget, partner: QDockWidget) -> None:
        """`dock`, added after the first sizing as a tab of `partner` (the lab's Runs compared,
        behind the timeline), hidden when `partner` is: tabbed with a hidden dock it stood alone
        beside the diagram, empty, at 440 px of a 1024 px window. Folded with it, the Panels
        button brings both back."""
        if not partner.isHidden():
            return
        if partner in self._folded:
            self._folded.append(dock)
        dock.hide()
        self._schedule_sync()

    def _start_reading(self) -> None:
        self._ready = True
        presentation = getattr(self.window, "presentation", None)
        if presentation is not None:
            presentation.changed.connect(self._presentation_changed)
        self._sync()

    def _presentation_changed(self, _active: bool) -> None:
        self._closed.clear()  # the docks presentation mode hides come back as they were
        self._schedule_sync()

    def set_shown(self, shown: bool) -> None:
        """Show the folded side panels again (or, if none were folded, the inspector and the
        timeline) at a readable width, or fold every open one away."""
        w = self.window
        if shown:
            docks = [d for d in self._folded if d.parent() is w] or [w.inspector_dock, w.timeline_dock]
            self._folded = []
            for dock in docks:
                dock.show()
            front = next((d for d in docks if d is w.inspector_dock), docks[0])
            front.raise_()
            QTimer.singleShot(0, lambda: self.widen(front, True))
        else:
            open_now = self.side_docks()
            # what is open now, and what an earlier fold put away that is still folded: a node
            # click shows the inspector alone, and folding it must not forget the timeline
            self._folded = list(dict.fromkeys(
                [*open_now, *(d for d in self._folded if d.parent() is w and d.isHidden())]))
            for dock in open_now:
                dock.hide()
            w.layout().activate()  # the diagram takes the width now, not at the next relayout
        self._sync()

    def _visibility(self, dock: QDockWidget, visible: bool) -> None:
        if self._presenting():
            self._schedule_sync()  # every dock hidden: no tab bar of theirs may stay on screen
            return
        if not visible:
            if dock.isHidden():
                self._closed.add(id(dock))
        elif self._ready:
            reopened = id(dock) in self._closed
            self._closed.discard(id(dock))
            QTimer.singleShot(0, lambda: self.widen(dock, reopened))
        self._schedule_sync()

    def widen(self, dock: QDockWidget, reopened: bool = False, clicked: bool = False) -> None:
        """`dock`, if in front of a side column, to its READABLE width (OPENED when it was
        closed or folded before, CLICKED when a click on a node asked for it), leaving the
        diagram DIAGRAM_MIN_WIDTH of the window (other side columns counted)."""
        w = self.window
        if (self._presenting() or not dock.isVisible() or dock.isFloating()
                or dock.visibleRegion().isEmpty() or w.dockWidgetArea(dock) not in SIDES):
            return
        name = dock.objectName()
        wanted = max(READABLE.get(name, 0), OPENED.get(name, 0) if reopened else 0,
                     CLICKED.get(name, 0) if clicked else 0)
        if dock.width() >= wanted:
            return
        others = sum(d.width() for d in self._columns() if d is not dock
                     and not (dock in w.tabifiedDockWidgets(d)))
        room = int(w.width() * (1 - DIAGRAM_MIN_WIDTH)) - others
        width = min(wanted, room)
        if width > dock.width():
            w.resizeDocks([dock], [width], Qt.Horizontal)
            w.layout().activate()
            short = width - dock.width()  # a tab bar beside the group takes its share
            if 0 < short < width:
                w.resizeDocks([dock], [width + short], Qt.Horizontal)

    def _columns(self) -> list[QDockWidget]:
        """One dock per side column (tabbed docks share one width)."""
        kept: list[QDockWidget] = []
        for dock in self.side_docks():
            if not any(dock in self.window.tabifiedDockWidgets(k) for k in kept):
                kept.append(dock)
        return kept

    # ---- the button
    def _schedule_sync(self) -> None:
        if not self._sync_pending:
            self._sync_pending = True
            QTimer.singleShot(0, self._sync)

    def _sync(self) -> None:
        self._sync_pending = False
        hide_stray_tab_bars(self.window)  # a folded group's bar Qt left on screen (a 1 px line)
        self.button.setChecked(bool(self.side_docks()))
        self._place()

    def _place(self) -> None:
        presenting = self._presenting()
        self.button.setVisible(not presenting)
        if presenting:
            return
        self.button.adjustSize()
        key = getattr(getattr(self.window, "key_toggle", None), "button", None)
        right = key.x() - GAP if key is not None else self.canvas.width() - GAP
        self.button.move(right - self.button.width(), 8)
        self.button.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if watched is self.canvas and kind in (QEvent.Resize, QEvent.Show):
            self._place()
        elif watched is self.window and kind == QEvent.ChildAdded:
            QTimer.singleShot(0, self._watch_all)  # the lab's docks come later
        elif watched is self.window and kind == QEvent.Show and not self._ready:
            QTimer.singleShot(0, self._start_reading)
        return False

    def _watch_all(self) -> None:
        for dock in self.window.findChildren(QDockWidget):
            self._watch(dock)
