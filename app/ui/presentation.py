"""Presentation mode for a projector: full screen, the diagram and a large caption, nothing else.

F5 enters, Esc leaves. A presenter's clicker sends PageDown/PageUp (some send Right/Left or
Space), so those all step while presenting; none of them ever scrolls or pans the diagram, even
when the quiz has the forward ones off (CanvasView.block_key_scroll, set by the main window).
Everything hidden on entry is restored on exit.

The docks are hidden and shown again, never saved and restored with QMainWindow.saveState /
restoreState: restoring a state over docks that are tabified, then floated or hidden, left the
window with a tab bar whose tabs no longer matched its docks, and dragging such a tab crashed
Qt in QTabBar::moveTab (issue 9, item 1). While presenting, the docks' own toggles (View menu,
Ctrl+W, …) are off and the docks are locked (app.ui.dock_locks), so no panel opens in front of
the class.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from app.ui.dock_locks import dock_locks
from app.ui.narration import caption_point_size


class PresentationMode(QObject):
    """Hides every dock, the menus and the player bar, enlarges the narration, goes full screen."""

    changed = Signal(bool)

    def __init__(self, window: QMainWindow, narration, hide: list[QWidget], playback):
        super().__init__(window)
        self.window = window
        self.narration = narration
        self.hide_widgets = hide
        self.playback = playback
        self.active = False
        self._restore: dict = {}
        self.enter_action = self._action("Presentation mode", "F5", self.toggle, enabled=True)
        self.exit_action = self._action("Leave presentation mode", "Esc", self.exit)
        self.next_action = self._action("Next step (clicker)", "PgDown", playback.step_forward)
        self.previous_action = self._action("Previous step (clicker)", "PgUp", playback.step_back)

    def _action(self, text: str, key: str, slot, enabled: bool = False) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(f"{text} ({key})")
        action.setEnabled(enabled)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def toggle(self) -> None:
        self.exit() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        w = self.window
        docks = self._docks()
        self._restore = {
            "full_screen": w.isFullScreen(),
            "maximized": w.isMaximized(),
            "menu": w.menuBar().isVisible(),
            "status": w.statusBar().isVisible(),
            "visible": [x for x in self._to_hide() if x not in docks and x.isVisible()],
            "in_front": [d for d in docks if d.isVisible() and _in_front(d)],
        }
        for widget in self._restore["visible"]:
            widget.hide()
        locks = dock_locks(w)
        for dock in docks:
            locks.lock(dock, "presentation")
        w.menuBar().hide()
        w.statusBar().hide()
        screen = w.screen()
        height = screen.geometry().height() if screen is not None else 1080
        self.narration.set_caption_mode(True, caption_point_size(height))
        self._set_active(True)
        w.showFullScreen()

    def exit(self) -> None:
        if not self.active:
            return
        w = self.window
        r = self._restore
        self.narration.set_caption_mode(False)
        w.menuBar().setVisible(r["menu"])
        w.statusBar().setVisible(r["status"])
        for widget in r["visible"]:
            widget.show()
        locks = dock_locks(w)
        for dock in self._docks():
            locks.unlock(dock, "presentation")
        for dock in r["in_front"]:  # the tab that was in front of its group is in front again
            if dock.isVisible():
                dock.raise_()
        if not r["full_screen"]:
            w.showMaximized() if r["maximized"] else w.showNormal()
        self._set_active(False)

    def _docks(self) -> list[QDockWidget]:
        """Every dock of the window, including ones added later (the lab's)."""
        return [d for d in self.window.findChildren(QDockWidget) if d.parent() is self.window]

    def _to_hide(self) -> list[QWidget]:
        """The given widgets plus every dock of the window."""
        return list(dict.fromkeys([*self.hide_widgets, *self._docks()]))

    def _set_active(self, on: bool) -> None:
        self.active = on
        self.exit_action.setEnabled(on)
        self.next_action.setEnabled(on)
        self.previous_action.setEnabled(on)
        self.changed.emit(on)


def _in_front(dock: QDockWidget) -> bool:
    """Not a tab hidden behind another dock of its group (Qt keeps those 'visible', off-screen)."""
    return dock.isFloating() or not dock.visibleRegion().isEmpty()
