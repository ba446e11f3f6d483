"""Scroll areas' viewports made in Python, so PySide knows them (docs/decisions/0018-start-up.md).

PySide makes the Python class of a Qt class (with its Python enums, ~0.2 ms each) when it is
first used. A widget Qt made itself is unknown to PySide: the first time Python gets hold of one
as a `QWidget*` (`viewport()`), PySide finds its Python type by walking every subclass of
QWidget, making each class on the way (QWizard, QCalendarWidget, QFileDialog...): ~75 enum
classes, 10-30 ms of the window's first paint. A viewport made here already has its Python
object, so `viewport()` just returns it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QGraphicsView, QWidget


def python_viewport(area: QAbstractScrollArea) -> QWidget:
    """Replace `area`'s viewport (right after making the area) with a QWidget made the way Qt
    makes its own, and return it. In: a QAbstractScrollArea (a QGraphicsView, an item view...).
    QAbstractScrollArea's is named "qt_scrollarea_viewport", paints the palette's Base colour
    and fills its background; QGraphicsView's is a plain QWidget whose input-method flag
    follows the view's, and `setupViewport` sets the rest, as it does for this one
    (tests/ui/test_viewports.py compares them attribute by attribute)."""
    viewport = QWidget()
    if isinstance(area, QGraphicsView):  # the view keeps its viewport's input-method flag in step
        flag = Qt.WA_InputMethodEnabled
        viewport.setAttribute(flag, area.testAttribute(flag))
    else:
        viewport.setObjectName("qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.Base)
        viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    return viewport
