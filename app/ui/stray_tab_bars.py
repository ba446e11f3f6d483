"""Hide a dock tab bar Qt leaves on screen after the docks it holds were hidden.

At 1024x600 about half of real launches showed a 1 px vertical line at x~999 through the
narration and the player bar: the tab bar of the Inspector and Metrics panels, tabbed at the
right edge, still shown after the side panels folded both away (Qt had started a new bar for
the group and never hid the old one). The same happened in presentation mode after the panels
were toggled (decision 0024, item 3). QMainWindow keeps its dock tab bars as its own
children and names each tab's dock in the tab's data (the dock's C++ address).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar


def hide_stray_tab_bars(window: QMainWindow) -> int:
    """Hide every shown tab bar of `window` (its direct children, over the window) whose tabs
    all name docks that are hidden, floating or gone; a bar of no tabs counts too. Returns how
    many were hidden. A bar naming any docked, shown dock is Qt's and is left alone."""
    docks = {shiboken6.getCppPointer(d)[0]: d for d in window.findChildren(QDockWidget)
             if d.parent() is window}
    hidden = 0
    for bar in window.findChildren(QTabBar):
        if bar.parentWidget() is not window or bar.isHidden() \
                or not bar.geometry().intersects(window.rect()):
            continue
        named = [docks.get(bar.tabData(i)) for i in range(bar.count())]
        if any(d is not None and d.isVisible() and not d.isFloating() for d in named):
            continue
        bar.hide()
        hidden += 1
    return hidden
