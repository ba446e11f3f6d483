"""A check of the window's dock layout, shared by the dock tests and the monkey test."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QTabBar


def stale_tab_bars(window) -> list[str]:
    """Tab bars of the window, shown on it, whose tabs do not match docks docked and shown there.

    Qt parks unused tab bars off-screen; a bar inside the window with more than one tab must list
    exactly the titles of visible, docked (not floating) docks. A stale bar (issue 9, item 1)
    listed a floated dock and crashed Qt in QTabBar::moveTab when its tab was dragged."""
    docked = {d.windowTitle() for d in window.findChildren(QDockWidget)
              if d.parent() is window and d.isVisible() and not d.isFloating()}
    problems = []
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible() or bar.count() < 2:
            continue
        if not window.rect().intersects(bar.geometry()):
            continue
        titles = [bar.tabText(i).replace("&", "") for i in range(bar.count())]
        strays = [t for t in titles if t not in docked]
        if strays:
            problems.append(f"tab bar {titles} lists {strays}, not docked and shown")
    return problems
