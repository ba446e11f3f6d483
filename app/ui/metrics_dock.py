"""`install_metrics(window)`: the Metrics dock, a tab beside the Timeline, and its View menu entry.

The panel is built (pyqtgraph imported, series computed) the first time its tab is shown. It shows
what is still to come in the run, so like the Timeline it is locked shut while the quiz asks
(app/ui/lab/quiz.py) and in presentation mode (every dock is).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from app.ui.dock_locks import dock_locks
from app.ui.metrics_panel import MetricsPanel
from app.ui.themes import palette_of

SHORTCUT = "Ctrl+Shift+M"


def install_metrics(window) -> QDockWidget:
    """Add the Metrics dock to `window` (a MainWindow with `timeline_dock` and `menus`), tabbed
    behind the Timeline; returns the dock. `window.metrics_panel` is the panel."""
    panel = MetricsPanel(window.playback, lambda: palette_of(window.theme))
    dock = QDockWidget("Metrics", window)
    dock.setObjectName("metricsDock")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                     | QDockWidget.DockWidgetClosable)
    window.addDockWidget(Qt.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.timeline_dock, dock)
    window.timeline_dock.raise_()
    dock.visibilityChanged.connect(  # a tab brought to the front: build the charts then
        lambda visible: visible and QTimer.singleShot(0, panel, panel.refresh_if_seen))
    window.metrics_panel = panel
    window.metrics_dock = dock
    # Not the dock's toggleViewAction: a tab behind the timeline counts as "visible", so that
    # toggle would hide it on the first press (as for Runs compared).
    action = QAction("&Metrics", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setShortcutContext(Qt.WindowShortcut)
    action.setToolTip(f"Charts of what Lambda is doing over time ({SHORTCUT})")
    action.triggered.connect(lambda _c=False: toggle_metrics(window))
    window.addAction(action)
    window.menus.view.addAction(action)
    window.metrics_action = action
    return dock


def metrics_in_front(window) -> bool:
    dock = window.metrics_dock
    return dock.isVisible() and (dock.isFloating() or not dock.visibleRegion().isEmpty())


def toggle_metrics(window) -> None:
    """View ▸ Metrics: bring the charts to the front; if they are, give the tab back."""
    dock = window.metrics_dock
    if dock_locks(window).is_locked(dock):
        return  # the quiz or presentation mode keeps it shut
    if not metrics_in_front(window):
        show_metrics(window)
        return
    sharing = [d for d in window.tabifiedDockWidgets(dock) if d.isVisible()]
    if sharing and not dock.isFloating():
        sharing[0].raise_()
    else:
        dock.hide()


SHARE = 0.36  # of the window's height, as for Runs compared: the diagram keeps the most room


def show_metrics(window) -> None:
    """Bring the Metrics tab to the front, tall enough for its charts."""
    dock = window.metrics_dock
    if dock_locks(window).is_locked(dock):
        return
    dock.show()
    dock.raise_()
    if not dock.isFloating():
        height = max(dock.height(), int(window.height() * SHARE))
        window.resizeDocks([dock], [height], Qt.Vertical)
