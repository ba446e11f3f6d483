"""A big graph seen from far away is drawn from two pictures, not from a thousand items.

Fitted into the window, a 500-node graph is drawn at about 1 % of its size: no name can be read,
yet every repaint of any rectangle made Qt walk the ~270 items whose bounds cross it and copy each
one's cached pixmap (~5 ms a repaint, several repaints a step; docs/decisions/0019). Below
PICTURE_ZOOM the view instead draws the edges and the nodes *at rest* into two pictures at the
screen's resolution, one under the other (edges at z 0.5 under any edge's item, nodes at z 9.5
under any node's item), and the items themselves draw nothing (ItemHasNoContents) while at rest.
What a step changes (the active nodes and edge) draws itself on top, as do the token, the badges
and everything that is not a node or an edge. The items stay in the scene: clicks, drags, tooltips
and the inspector work as before.

The pictures are drawn again only when the zoom changes, a node moves or the colours change. An
item that was active when they were drawn is left out of them and draws itself until then.
Exports (`QGraphicsScene.render` into an image or SVG) never use the pictures: there each layer
draws its resting items itself, as vectors, at the export's scale.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

PICTURE_ZOOM = 0.1  # below this scale a node's name is under 3 px high: nothing to read
MAX_SIDE = 8192  # px: a picture larger than this (zoomed in on a huge graph) is not made
MAX_AREA = 16_000_000  # px² per picture (64 MB)
EDGES_Z, NODES_Z = 0.5, 9.5  # just under resting edges (1) and resting nodes (10)


class LayerItem(QGraphicsItem):
    """The resting look of `members` (drawn in their stacking order), as one item."""

    def __init__(self, members: list, z: float, hints):
        super().__init__()
        self.members = members
        self.hints = hints
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.NoButton)  # clicks and drags reach the items below
        self.in_picture: set = set()  # members drawn into the current pixmap
        self.hidden: set = set()  # members that draw nothing themselves (set by GraphPicture)
        self._pixmap: QPixmap | None = None
        self._key = None
        self._offset = (0, 0)  # pixmap's top-left minus the transform's translation, device px
        self._bounds = QRectF()
        self.refresh_bounds()

    def refresh_bounds(self) -> None:
        bounds = QRectF()
        for item in self.members:
            bounds = bounds.united(item.sceneBoundingRect())
        self.prepareGeometryChange()
        self._bounds = bounds

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the pointer: tooltips and clicks go to the items

    def device_size(self, transform: QTransform) -> tuple[int, int]:
        rect = transform.mapRect(self._bounds)
        return math.ceil(rect.width()) + 2, math.ceil(rect.height()) + 2

    def forget(self) -> None:
        self._pixmap, self._key, self.in_picture = None, None, set()

    def is_current(self, transform: QTransform) -> bool:
        return self._pixmap is not None and self._key == _key(transform)

    def render(self, transform: QTransform, ratio: float, skip: set) -> None:
        """Draw the members not in `skip`, at rest, with `transform` (scene → device px)."""
        rect = transform.mapRect(self._bounds)
        left, top = math.floor(rect.left()), math.floor(rect.top())
        width, height = self.device_size(transform)
        pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHints(self.hints)
        painter.setTransform(transform * QTransform.fromTranslate(-left, -top))
        drawn = [item for item in self.members if item not in skip]
        draw_items(painter, drawn)
        painter.end()
        self._pixmap, self._key = pixmap, _key(transform)
        self._offset = (left - transform.dx(), top - transform.dy())
        self.in_picture = set(drawn)

    def paint(self, painter, option, widget=None) -> None:
        if widget is not None and self._pixmap is not None \
                and self._key == _key(painter.worldTransform()):
            at = painter.worldTransform()
            painter.save()
            painter.resetTransform()  # copied pixel for pixel: Qt's fast path
            painter.drawPixmap(QPoint(round(at.dx() + self._offset[0]),
                                      round(at.dy() + self._offset[1])), self._pixmap)
            painter.restore()
        else:  # an export: the members the picture stands for, as vectors at its scale
            draw_items(painter, [item for item in self.members if item in self.hidden])


def draw_items(painter: QPainter, items) -> None:
    """Paint `items` (scene items without children of their own to draw) onto `painter`,
    whose transform maps scene coordinates."""
    option = QStyleOptionGraphicsItem()
    for item in items:
        painter.save()
        painter.setTransform(item.sceneTransform(), True)
        option.exposedRect = item.boundingRect()
        item.paint(painter, option, None)
        painter.restore()


def _key(transform: QTransform) -> tuple:
    """The same picture serves every transform that differs by whole pixels of scrolling."""
    return (round(transform.m11(), 9), round(transform.m12(), 9), round(transform.m21(), 9),
            round(transform.m22(), 9), round(transform.dx() % 1, 4), round(transform.dy() % 1, 4))


class GraphPicture:
    """Switches a big graph's nodes and edges between drawing themselves and the two pictures.

    `prepare(transform, ratio)` before each repaint of the view; `set_live(items)` after each
    step with the items whose look differs from rest; `invalidate()` after anything at rest
    changed its look or place (a node moved, the colours).
    """

    def __init__(self, scene, nodes: list, edges: list, hints):
        self.layers = [LayerItem(edges, EDGES_Z, hints), LayerItem(nodes, NODES_Z, hints)]
        for layer in self.layers:
            scene.addItem(layer)
            layer.setVisible(False)
        self.on = False
        self.stale = False  # something moved: no pictures until the next step
        self.live: set = set()
        self.hidden: set = set()  # members drawn by a picture, not by themselves

    def wanted(self, transform: QTransform) -> bool:
        if transform.m12() or transform.m21() or max(abs(transform.m11()), abs(transform.m22())) \
                >= PICTURE_ZOOM:
            return False
        for layer in self.layers:
            width, height = layer.device_size(transform)
            if max(width, height) > MAX_SIDE or width * height > MAX_AREA:
                return False
        return True

    def prepare(self, transform: QTransform, ratio: float) -> None:
        """Before a repaint: pictures on or off for this transform, drawn again if stale."""
        on = not self.stale and self.wanted(transform)
        if on == self.on and (not on or all(layer.is_current(transform) for layer in self.layers)):
            return
        for layer in self.layers:
            if on and not layer.is_current(transform):
                layer.render(transform, ratio, self.live)
            elif not on:
                layer.forget()
            layer.setVisible(on)
        self.on = on
        self._hide(set().union(*(layer.in_picture for layer in self.layers)) - self.live)

    def set_live(self, items) -> None:
        """The items that look different from rest for this step (they draw themselves)."""
        before, self.live = self.live, set(items)
        if self.stale:
            self.stale = False
            for layer in self.layers:
                layer.refresh_bounds()
        elif self.on:
            pictured = set().union(*(layer.in_picture for layer in self.layers))
            self._hide((self.hidden | (before & pictured)) - self.live)

    def invalidate(self) -> None:
        """Something at rest changed (a node moves, the colours): every item draws itself
        again until the next step, when the pictures are drawn anew (not at every move of a
        drag)."""
        self.stale = True
        for layer in self.layers:
            layer.forget()
            layer.setVisible(False)
        self._hide(set())
        self.on = False

    def _hide(self, hidden: set) -> None:
        """Make exactly `hidden` draw nothing themselves (the pictures show them)."""
        for item in self.hidden - hidden:
            item.setFlag(QGraphicsItem.ItemHasNoContents, False)
            item.update()
        for item in hidden - self.hidden:  # drawn live until now: repaint where it was
            scene = item.scene()
            if scene is not None:
                scene.update(item.sceneBoundingRect())
            item.setFlag(QGraphicsItem.ItemHasNoContents, True)
        self.hidden = hidden
        for layer in self.layers:
            layer.hidden = hidden
