"""Docks that must stay shut for a while, whatever asks to show them.

Presentation mode shows the class only the diagram and the caption; the quiz hides the panels that
list the steps to come (issue 9, items 5 and 7). Each of them *locks* docks with a reason. A locked
dock is hidden, its toggle (View menu, Ctrl+W) is off, and a show from anywhere else (a node click,
a button, a restored layout) is undone at once and remembered, so the dock comes back when its last
lock is lifted if it was open, or asked for, meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow


class DockLocks(QObject):
    """The locks of one window's docks: `lock(dock, reason)`, `unlock(dock, reason)`."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._reasons: dict[QDockWidget, set[str]] = {}
        self._wanted: set[QDockWidget] = set()

    def is_locked(self, dock: QDockWidget) -> bool:
        return bool(self._reasons.get(dock))

    def lock(self, dock: QDockWidget, reason: str) -> None:
        """Hide `dock` (remembering whether it was open) until every reason is unlocked."""
        if dock not in self._reasons:
            self._reasons[dock] = set()
            dock.installEventFilter(self)
        first = not self._reasons[dock]
        self._reasons[dock].add(reason)
        if first:
            if dock.isVisible():
                self._wanted.add(dock)
                dock.hide()
            dock.toggleViewAction().setEnabled(False)

    def unlock(self, dock: QDockWidget, reason: str) -> bool:
        """Lift one reason; with none left the dock's toggle is back and the dock shows again if
        it was open when locked (or asked for since). Returns whether it was shown."""
        reasons = self._reasons.get(dock)
        if not reasons or reason not in reasons:
            return False
        reasons.discard(reason)
        if reasons:
            return False
        dock.toggleViewAction().setEnabled(True)
        if dock in self._wanted:
            self._wanted.discard(dock)
            dock.show()
            return True
        return False

    def release_all(self) -> None:
        """Lift every lock (the window is closing): the layout saved for the next start has the
        docks the user had open, not the ones the quiz or presentation mode hid for a while."""
        for dock, reasons in list(self._reasons.items()):
            for reason in list(reasons):
                self.unlock(dock, reason)

    def want(self, dock: QDockWidget) -> None:
        """Asked for while locked: show it when its last lock is lifted (without showing it now,
        which would flash it for one turn of the event loop before the lock hides it)."""
        self._wanted.add(dock)

    def forget(self, dock: QDockWidget) -> None:
        """The user closed it on purpose: do not bring it back on unlock."""
        self._wanted.discard(dock)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Show and isinstance(watched, QDockWidget) and self.is_locked(watched):
            self._wanted.add(watched)
            QTimer.singleShot(0, lambda dock=watched: self._hide_if_locked(dock))
        return False

    def _hide_if_locked(self, dock: QDockWidget) -> None:
        if self.is_locked(dock) and dock.isVisible():
            dock.hide()


def dock_locks(window: QMainWindow) -> DockLocks:
    """The window's DockLocks, made on first use."""
    locks = getattr(window, "_dock_locks", None)
    if locks is None:
        locks = window._dock_locks = DockLocks(window)
    return locks
