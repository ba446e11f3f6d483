"""Room for the widgets laid over the diagram (issue 13, looks-3 item 4): the Key and Panels
buttons in its top-right corner and the what-if banner in its top-left one covered the top of
a node (email-dlq under "Key" at 1280x720; two nodes under the banner at 1024x600). When an
overlay would cover a node of the picture fitted to the whole view, the fit leaves the overlays
room: the picture is fitted into the view less their strip at the top, or less their column
at the right, whichever shows it larger (centred in what is left).

`watch(view, widget)` registers an overlay; `fit_area(view, rect, nodes)` is the viewport
rectangle the picture may use. Both are plain functions of a CanvasView (app.ui.canvas.view).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, QTimer

OVERLAY_PROPERTY = "diagramOverlay"
GAP = 4  # px kept between an overlay and a node
MOST = 0.35  # of the view's height the strip takes at most (a tiny view keeps its picture)


def overlay_rects(view) -> list[QRectF]:
    """The overlays shown over `view`, in viewport px, grown by GAP."""
    rects = []
    origin = view.viewport().pos()
    for child in view.children():
        if getattr(child, "property", None) and child.property(OVERLAY_PROPERTY) \
                and child.isVisibleTo(view):
            rects.append(QRectF(child.geometry().translated(-origin)).adjusted(-GAP, -GAP, GAP, GAP))
    return rects


def wide_strip(view) -> int:
    """px at the top of `view` that its wide overlays (half its width or more: the what-if
    banner) take, GAP included; 0 when none is shown. The picture can only go under them, so
    presentation mode adds this to the diagram's height (app.ui.presentation)."""
    wide = [r for r in overlay_rects(view) if r.width() >= view.viewport().width() / 2]
    return int(max(r.bottom() for r in wide)) if wide else 0


def fit_area(view, rect: QRectF, nodes: list[QRectF]) -> QRectF:
    """Where in the viewport (px) to fit the picture `rect` (scene) so that no overlay covers
    one of `nodes` (scene rectangles): the whole viewport when none would; else the larger
    picture of the viewport less the overlays' strip at the top, or less their column at the
    right (the Key and Panels buttons alone sit in the top-right corner); the top strip when
    neither keeps every node clear. The viewport's 2 px margin (as QGraphicsView.fitInView) is
    taken off every choice."""
    view_rect = QRectF(view.viewport().rect()).adjusted(2, 2, -2, -2)
    overlays = overlay_rects(view)
    if not overlays or rect.isEmpty() or view_rect.isEmpty():
        return view_rect

    def zoom(area: QRectF) -> float:
        return min(area.width() / rect.width(), area.height() / rect.height())

    def clear(area: QRectF) -> bool:
        z, centre = zoom(area), area.center()
        for node in nodes:
            shown = QRectF(centre + (node.topLeft() - rect.center()) * z, node.size() * z)
            if any(o.intersects(shown) for o in overlays):
                return False
        return True

    if clear(view_rect):
        return view_rect
    bottom = max(o.bottom() for o in overlays)
    top = QRectF(view_rect)
    top.setTop(min(bottom, view_rect.height() * MOST))
    choices = [top]
    left = min(o.left() for o in overlays)
    if left > view_rect.center().x():
        side = QRectF(view_rect)
        side.setRight(left)
        choices.append(side)
    fitting = [area for area in choices if clear(area)] or [top]
    return max(fitting, key=zoom)


class _Watcher(QObject):
    """Refits the view (when the window allows it) after an overlay shows, hides or resizes."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.pending = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Show, QEvent.Hide, QEvent.Resize, QEvent.Move):
            self.schedule()
        return False

    def schedule(self) -> None:
        if not self.pending:
            self.pending = True
            QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        self.pending = False
        if self.view.may_refit():
            self.view.fit_to_window()


def watch(view, widget) -> None:
    """Make `widget` (a child of `view`) an overlay the fit leaves room for."""
    widget.setProperty(OVERLAY_PROPERTY, True)
    watcher = getattr(view, "_overlay_watcher", None)
    if watcher is None:
        watcher = view._overlay_watcher = _Watcher(view)
    widget.installEventFilter(watcher)
