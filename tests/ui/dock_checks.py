"""A check of the window's dock layout, shared by the dock tests and the monkey test."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QTabBar


def stale_tab_bars(window) -> list[str]:
    """Tab bars of the window, shown on it, whose tabs do not match docks docked and shown there.

    Qt parks unused tab bars off-screen; a bar inside the window with more than one tab must list
    exactly the titles of visible, docked (not floating) docks. A stale bar (issue 9, item 1)
    listed a floated dock and crashed Qt in QTabBar::moveTab when its tab was dragged. A dock listed
    by two bars is stale too: each QMainWindow.restoreState makes new tab bars, and the ones it
    replaced stay shown at (0, 0) until deferred deletion (the "T… Ru…" strip at the top left).
    Visibility is checked with isVisibleTo(window), so the check works before the window is shown."""
    docked = {d.windowTitle() for d in window.findChildren(QDockWidget)
              if d.parent() is window and d.isVisible() and not d.isFloating()}
    problems = []
    listed: dict[str, list] = {}
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisibleTo(window) or bar.count() < 2:
            continue
        if not window.rect().intersects(bar.geometry()):
            continue
        titles = [bar.tabText(i).replace("&", "") for i in range(bar.count())]
        strays = [t for t in titles if t not in docked]
        if strays:
            problems.append(f"tab bar {titles} lists {strays}, not docked and shown")
        for title in titles:
            listed.setdefault(title, []).append(bar.geometry().getRect())
    for title, places in listed.items():
        if len(places) > 1:  # a bar left over from an earlier restoreState, drawn over the window
            problems.append(f"{title!r} has {len(places)} tab bars in the window, at {places}")
    return problems
