"""CanvasView: the scenario graph drawn once, then restyled for each step.

`set_scenario` builds one item per node and edge; `show_step` only touches the items of the
previous and the new step (highlight, token, badges), so it stays cheap on big graphs and never
blocks: the token's travel is a Qt animation that the next `show_step` cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence, QPainter, QPixmapCache, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from app.ui.canvas import styles
from app.ui.canvas.edge_item import AdHocArcItem, EdgeItem
from app.ui.canvas.badge_places import mark_step, place_view_badges
from app.ui.canvas.edge_routes import fan_out_parallel_edges, nodes_crossed, spread_labels
from app.ui.canvas.label_clearance import clear_active, clear_labels, mark_rects
from app.ui.canvas.label_sizes import needs_sizing, size_labels
from app.ui.canvas.legend import LegendItem
from app.ui.canvas.node_item import NodeItem
from app.ui.canvas.overlay_room import fit_area
from app.ui.canvas.picture import GraphPicture
from app.ui.canvas.running_count import clear_running, show_running
from app.ui.canvas.token import REST_AT, TokenItem, token_shape_for, token_word
from app.ui.shortcuts import distinct

ZOOM_STEP = 1.2
PIXMAP_CACHE_KB = 64 * 1024
SLIDE_ASPECT = 16 / 7  # a 16:9 page minus the caption band, to choose where the legend goes
CONTENT_MARGIN = 14.0  # scene px round what is drawn, in content_rect()
FIT_SLACK = 0.01  # a refit that would change the zoom by less keeps it
RECENTRE_PX = 2  # ... and the picture's place, unless its centre is further off than this
ROUTE_LIMIT = 40  # above this many nodes, edges stay simple curves (routing would cost seconds)
# Keys a QGraphicsView scrolls with, and a presenter's clicker sends (PageUp/PageDown, arrows,
# Space): while scrolling by key is blocked they pass to the window (its shortcuts, or nothing).
SCROLL_KEYS = frozenset({Qt.Key_PageUp, Qt.Key_PageDown, Qt.Key_Up, Qt.Key_Down, Qt.Key_Left,
                         Qt.Key_Right, Qt.Key_Space, Qt.Key_Home, Qt.Key_End})
# Which edge type a step most likely travels, when two nodes have several.
PREFERRED = {"assume-role": ("assumes", "role"), "sdk-call": ("sdk",),
             "get-credentials": ("credentials",), "poll": ("event-source-mapping",),
             "batch": ("event-source-mapping",), "request": ("request", "invoke"),
             "invoke": ("invoke", "notification", "event-source-mapping"),
             "destination": ("destination",), "dead-letter": ("destination",)}


class CanvasView(QGraphicsView):
    node_clicked = Signal(str)
    positions_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        # No SmoothPixmapTransform: no item draws a scaled pixmap, but Qt copies every cached
        # item (nodes, edges, the key) as a pixmap, and with that hint each copy left the fast
        # path: a step's repaint on the 500-node graph took twice as long (docs/decisions/0016).
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        # Cached items (nodes; edges of big graphs) live in QPixmapCache: 10 MB by default
        # holds too few of a 500-node graph's, which then re-render at every frame.
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        # Panning is a drag on the background; scroll bars would only eat projector space.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.palette_colours = dict(styles.DEFAULT_PALETTE)
        self.item_for_node: dict[str, NodeItem] = {}
        self.item_for_edge: dict[tuple[str, str, str], EdgeItem] = {}
        self.graph = None
        self.legend: LegendItem | None = None
        self._legend_visible = True  # kept across scenarios (the window's Key toggle)
        self.trace = None  # optional: the run, for state a step alone does not carry (busy/limit);
        # the window sets it to the run its player shows (MainWindow._trace_shown)
        self.token: TokenItem | None = None
        self.arc: AdHocArcItem | None = None
        self.current_step = None
        self._animation_ms = 400
        self._edges_between: dict[tuple[str, str], list[EdgeItem]] = {}
        self._active_nodes: list[NodeItem] = []
        self._active_edge: EdgeItem | None = None
        self._marked: list[NodeItem] = []
        self._running: list = []  # the "N running" copies and chips of this step (running_count.py)
        self._moved_labels: list = []  # (edge, spot) of labels moved off this step's marks
        self._token_rect: QRectF | None = None
        self._picture: GraphPicture | None = None  # big graphs: drawn from pictures when far
        self._fit_pending = True
        self._key_scroll_blocks: set[str] = set()
        self._label_floors: tuple[int, int] | None = None  # presentation: projected label sizes
        self.may_refit = lambda: True  # whether an overlay's change refits (the window: until the
        # user zooms by hand); overlays are registered with app.ui.canvas.overlay_room.watch
        self._make_actions()
        self.set_theme(self.palette_colours)

    # building ------------------------------------------------------------------------------
    def set_scenario(self, scenario, graph=None, positions=None) -> None:
        """Draw a scenario: one item per node and edge (the only place items are created)."""
        self.show_step(None)
        self.scene().clear()
        self._picture = None
        self.item_for_node, self.item_for_edge, self._edges_between = {}, {}, {}
        if graph is None or positions is None:  # networkx is imported only when needed (start-up)
            from app.graph import build_graph, layout

            graph = graph if graph is not None else build_graph(scenario)
            positions = positions if positions is not None else layout(graph, scenario)
        self.graph = graph
        for name, data in self.graph.nodes(data=True):
            item = NodeItem(name, data, self.palette_colours)
            item.setPos(*positions.get(name, (0.0, 0.0)))
            item.on_click = self.node_clicked.emit
            item.on_dropped = self._node_dropped
            item.on_moved = self._node_moved
            self.scene().addItem(item)
            self.item_for_node[name] = item
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            edge = EdgeItem(self.item_for_node[u], self.item_for_node[v], data.get("type", key),
                            data.get("label", ""), self.palette_colours)
            self.scene().addItem(edge)
            self.item_for_edge[(u, v, key)] = edge
            self._edges_between.setdefault((u, v), []).append(edge)
        fan_out_parallel_edges(self.item_for_edge.values())
        for edge in self.item_for_edge.values():
            if len(self.item_for_node) <= ROUTE_LIMIT:
                edge.obstacles = self._nodes_crossed
            edge.update_path()
            # Uncached, a token passing a hub repainted the edges meeting there at every frame,
            # and a whole repaint (the view resized) drew every edge again in Python (0019).
            edge.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self._spread_labels(self.item_for_edge.values())
        if len(self.item_for_node) > ROUTE_LIMIT:
            self._picture = GraphPicture(self.scene(), list(self.item_for_node.values()),
                                         list(self.item_for_edge.values()), self.renderHints())
        self.legend = LegendItem(self.palette_colours, {e.edge_type for e in self.item_for_edge.values()})
        self.legend.setVisible(self._legend_visible)
        self.scene().addItem(self.legend)
        self._place_legend()
        self.fit_to_window()
        self._fit_pending = True

    def _nodes_crossed(self, path, edge) -> int:
        return nodes_crossed(self.item_for_node.values(), path, edge)

    def _spread_labels(self, edges) -> None:
        """Slide labels along their edge until they overlap no other label and no node."""
        if len(self.item_for_node) <= ROUTE_LIMIT:
            spread_labels(edges, self.item_for_edge.values(), self.item_for_node.values())

    def _node_moved(self, _name: str) -> None:
        if self._picture is not None:
            self._picture.invalidate()

    def _node_dropped(self, name: str) -> None:
        """After a drag: tidy the moved node's labels, then tell the window."""
        self._spread_labels(self.item_for_node[name].edges)
        self.positions_changed.emit()

    def _place_legend(self, aspect: float = SLIDE_ASPECT) -> None:
        """Under the graph, or beside it when that shows the graph bigger in a picture of this
        width/height (a 16:9 slide by default; the window passes its diagram's shape)."""
        nodes = QRectF()
        for item in self.item_for_node.values():
            nodes = nodes.united(item.sceneBoundingRect())
        legend = self.legend.boundingRect()
        below = QPointF(nodes.center().x() - legend.width() / 2, nodes.bottom() + 36)
        beside = QPointF(nodes.right() + 80, nodes.center().y() - legend.height() / 2)

        def scale(at: QPointF) -> float:
            both = nodes.united(legend.translated(at))
            return min(aspect / both.width(), 1.0 / both.height())

        self.legend.setPos(below if scale(below) >= scale(beside) else beside)
        bounds = self.scene().itemsBoundingRect()
        self.scene().setSceneRect(bounds.adjusted(-2000, -2000, 2000, 2000))

    def show_message(self, text: str) -> None:
        """One line in the middle of an empty diagram (while the first file loads); the next
        `set_scenario` clears it with the rest of the scene."""
        item = self.scene().addSimpleText(text)
        font = QFont(styles.FONT_FAMILY)
        font.setPixelSize(22)
        item.setFont(font)
        item.setBrush(QBrush(QColor(self.palette_colours["muted"])))
        self.scene().setSceneRect(item.sceneBoundingRect())
        self.resetTransform()

    # step display ----------------------------------------------------------------------------
    def show_step(self, step) -> None:
        """Restyle for `step` (None clears): highlight, token, badges. Returns at once."""
        self._clear_step()
        self.current_step = step
        if step is None or self.graph is None:
            if self._picture is not None:
                self._picture.set_live(())
            return
        source, target = self._node(step.source), self._node(step.target)
        for node, role in ((source, "source"), (target, "target")):  # who sends, who receives
            if node is not None and node not in self._active_nodes:
                node.set_active(True, "both" if source is target else role)
                self._active_nodes.append(node)
        self._show_token(step, source, target)
        self._marked = mark_step(self, step, source, target)  # badges, "429 · 2/2 busy", denial
        self._running = show_running(self, step.index)  # "4 running": concurrency on the node
        place_view_badges(self)
        if len(self.item_for_node) <= ROUTE_LIMIT:  # marks never cover a label
            marks = mark_rects(self._marked, self._token_rect)
            self._moved_labels = clear_labels(self.item_for_edge.values(), self.item_for_node.values(),
                                              marks)
            if self._label_floors is not None and self._active_edge is not None:  # large: off nodes
                self._moved_labels += clear_active(self._active_edge, self.item_for_edge.values(),
                                                   self.item_for_node.values(), marks)
        if self._picture is not None:  # what looks different from rest draws itself
            self._picture.set_live([*self._active_nodes, *filter(None, [self._active_edge])])

    def _node(self, name: str) -> NodeItem | None:
        from app.graph import resolve_node  # loaded with the graph; kept off the window's import

        return self.item_for_node.get(resolve_node(self.graph, name))

    def _show_token(self, step, source, target) -> None:
        if source is None and target is None:
            return
        shape = token_shape_for(step)
        self.token = TokenItem(shape, token_word(step), self.palette_colours)
        self.token.setToolTip(step.summary)
        self.scene().addItem(self.token)
        if source is None or target is None or source is target or shape == "mark":
            node = target or source  # nothing travels: the mark stays at the node that acts
            self.token.setPos(node.pos() + QPointF(0, node.height / 2 + 26))
            self._token_rect = self.token.sceneBoundingRect()
            return
        from app.graph.travel import travel_pair  # an async Invoke rides "Invoke (Event)"

        lines = lambda u, v: [e.edge_type for e in self._edges_between.get((u, v), ())]  # noqa: E731
        edge, reverse = self._edge_for(*travel_pair(lines, source.name, target.name, step.kind),
                                       step.kind)
        if edge is not None:
            edge.set_active(True)
            self._active_edge = edge
            path, rest = edge.travel_path(reverse), edge.token_rest(reverse)
        else:
            self.arc = AdHocArcItem(source, target, self.palette_colours)
            self.scene().addItem(self.arc)
            path, rest = self.arc.travel_path(), REST_AT
        self.token.travel(path, self._animation_ms, rest)
        self._token_rect = self.token.boundingRect().translated(path.pointAtPercent(rest or REST_AT))

    def _edge_for(self, u: str, v: str, kind: str) -> tuple[EdgeItem | None, bool]:
        for edges, reverse in ((self._edges_between.get((u, v), []), False),
                               (self._edges_between.get((v, u), []), True)):
            if edges:
                for wanted in PREFERRED.get(kind, ()):
                    for edge in edges:
                        if edge.edge_type == wanted:
                            return edge, reverse
                return edges[0], reverse
        return None, False

    def _clear_step(self) -> None:
        clear_running(self._running)
        self._running = []
        for edge, spot in reversed(self._moved_labels):  # before the active edge undoes its lift
            edge.move_label(*spot)
        self._moved_labels, self._token_rect = [], None
        for node in self._active_nodes:
            node.set_active(False)
        for node in self._marked:
            node.set_badges({})
            node.set_denied(None)
        self._active_nodes, self._marked = [], []
        if self._active_edge is not None:
            self._active_edge.set_active(False)
            self._active_edge = None
        for attr in ("token", "arc"):
            item = getattr(self, attr)
            if item is not None:
                if isinstance(item, TokenItem):
                    item.stop()
                if item.scene() is not None:
                    item.scene().removeItem(item)
                setattr(self, attr, None)

    # settings --------------------------------------------------------------------------------
    def set_animation_ms(self, ms: int) -> None:
        """How long a token travels; 0 places it at once (the window scales this by speed)."""
        self._animation_ms = max(0, int(ms))

    def set_theme(self, palette: dict[str, str]) -> None:
        self.palette_colours = dict(palette)
        self.setBackgroundBrush(QBrush(QColor(palette["background"])))
        self.scene().setBackgroundBrush(QBrush(QColor(palette["background"])))
        for item in [*self.item_for_node.values(), *self.item_for_edge.values()]:
            item.set_palette(self.palette_colours)
        if self._picture is not None:
            self._picture.invalidate()
        if self.legend is not None:
            self.legend.set_palette(self.palette_colours)
        self.show_step(self.current_step)

    def set_label_floors(self, floors: tuple[int, int] | None) -> None:
        """Presentation mode: edge labels drawn at least `floors` = (at rest, active) projected
        px whatever the zoom, crowded ones dropped at rest (app.ui.canvas.label_sizes); None:
        the usual size, all shown. Applied now and at every fit."""
        self._label_floors = floors
        self._size_labels()

    def _size_labels(self) -> None:
        # an offscreen view (a slide's) is drawn at the page's scale, not its own zoom: the
        # window's on-screen floor means nothing there (a projector's floors are set for it)
        zoom = self.zoom_factor() if self.isVisible() or self._label_floors is not None else 1.0
        if not self.item_for_edge or len(self.item_for_node) > ROUTE_LIMIT \
                or not needs_sizing(self.item_for_edge.values(), zoom, self._label_floors):
            return  # sizes as they are: the step is not drawn again (a fit in the window)
        step = self.current_step
        self._clear_step()  # the step's moved labels back first: sizes and spots start at rest
        self.current_step = None
        size_labels(list(self.item_for_edge.values()), list(self.item_for_node.values()),
                    zoom, self._label_floors)
        travel, self._animation_ms = self._animation_ms, 0  # the step again, its token at rest:
        try:  # it set off anew at each first fit and resize (the step seemed to replay)
            self.show_step(step)
        finally:
            self._animation_ms = travel

    def set_legend_visible(self, visible: bool) -> None:
        """Show or hide the key; it stays so for the next scenarios."""
        self._legend_visible = bool(visible)
        if self.legend is not None:
            self.legend.setVisible(visible)

    def node_positions(self) -> dict[str, tuple[float, float]]:
        return {name: (round(item.pos().x(), 1), round(item.pos().y(), 1))
                for name, item in self.item_for_node.items()}

    # zoom and pan ------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        self.zoom_in_action = QAction("Zoom in", self)
        self.zoom_in_action.setShortcuts(distinct(["Ctrl+=", QKeySequence.ZoomIn]))
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action = QAction("Zoom out", self)
        self.zoom_out_action.setShortcuts(distinct(["Ctrl+-", QKeySequence.ZoomOut]))  # same on Linux
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.fit_action = QAction("Fit to window", self)
        self.fit_action.setShortcut(QKeySequence("Ctrl+0"))
        self.fit_action.triggered.connect(self.fit_to_window)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self.addAction(action)

    def zoom_in(self) -> None:
        self.scale(ZOOM_STEP, ZOOM_STEP)

    def zoom_out(self) -> None:
        self.scale(1 / ZOOM_STEP, 1 / ZOOM_STEP)

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def reset_zoom(self) -> None:
        self.resetTransform()

    def content_rect(self) -> QRectF:
        """What is drawn (nodes with badges, edges, token, legend if shown), plus a small margin."""
        rect = QRectF()
        items = [*self.item_for_node.values(), *self.item_for_edge.values(), self.token, self.arc]
        if self.legend is not None and self.legend.isVisible():
            items.append(self.legend)
        for item in items:
            if item is not None:
                rect = rect.united(item.sceneBoundingRect().united(
                    item.mapRectToScene(item.childrenBoundingRect())))
        # the glow already leaves room round nodes
        return rect.adjusted(-CONTENT_MARGIN, -CONTENT_MARGIN, CONTENT_MARGIN, CONTENT_MARGIN)

    def fit_to_window(self) -> None:
        """Show everything drawn as large as the view allows; the key goes below or beside
        the graph, whichever leaves the graph bigger in this view's shape."""
        if not self.item_for_node:  # only show_message's line: it keeps its size, centred
            self.resetTransform()
            self.centerOn(self.sceneRect().center())
            return
        if self.legend is not None and self.legend.isVisible() and self.item_for_node:
            viewport = self.viewport().size()
            if viewport.height() > 50:
                self._place_legend(viewport.width() / viewport.height())
        rect = self.content_rect()
        area = fit_area(self, rect, [n.sceneBoundingRect() for n in self.item_for_node.values()])
        if rect.isEmpty() or area.isEmpty():
            return
        if not self._fit_keeps_zoom(rect, area):
            zoom = min(area.width() / rect.width(), area.height() / rect.height())
            self.setTransform(QTransform.fromScale(zoom, zoom))
            self._centre_in(rect, area)
            self._size_labels()  # labels keep their on-screen (projected) size (label_sizes)
            return
        # As good as fitted: the picture stays put unless its centre drifted off by more than
        # RECENTRE_PX (a scroll repaints the whole diagram). Labels drawn anew at the same zoom
        # (a cached picture confirmed by the real load) get their size; else nothing is redrawn.
        self._size_labels()
        drift = self.mapFromScene(rect.center()) - area.center().toPoint()
        if max(abs(drift.x()), abs(drift.y())) > RECENTRE_PX:
            self._centre_in(rect, area)

    def _centre_in(self, rect: QRectF, area: QRectF) -> None:
        """Scroll so that `rect`'s centre (scene) shows at `area`'s centre (viewport px)."""
        zoom = self.transform().m11()
        offset = area.center() - QRectF(self.viewport().rect()).center()
        self.centerOn(rect.center() - offset / zoom)

    def _fit_keeps_zoom(self, rect: QRectF, view: QRectF) -> bool:
        """Whether fitting `rect` into `view` (viewport px) would change the zoom by under
        FIT_SLACK while all that is drawn (`rect` less its margin) still fits: the narration
        gaining a line resized the view by 2 px on most steps, and each new zoom drew every item
        again (0019)."""
        transform = self.transform()
        zoom = transform.m11()
        if rect.isEmpty() or view.isEmpty() or transform.m12() or transform.m21() \
                or zoom <= 0 or transform.m22() != zoom:
            return False
        fitted = min(view.width() / rect.width(), view.height() / rect.height())
        drawn = rect.adjusted(CONTENT_MARGIN, CONTENT_MARGIN, -CONTENT_MARGIN, -CONTENT_MARGIN)
        return abs(zoom / fitted - 1) < FIT_SLACK and drawn.width() * zoom <= view.width() \
            and drawn.height() * zoom <= view.height()

    def block_key_scroll(self, reason: str, blocked: bool) -> None:
        """Stop (or allow again) scrolling the diagram by key, for `reason` (e.g. "presentation").

        Blocked for any reason, the clicker's keys (SCROLL_KEYS) never move the diagram: in
        presentation mode PageDown scrolled it out of view while the quiz had the forward keys
        off. Zoom, fit and dragging still work."""
        if blocked:
            self._key_scroll_blocks.add(reason)
        else:
            self._key_scroll_blocks.discard(reason)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._key_scroll_blocks and event.key() in SCROLL_KEYS:
            event.ignore()  # to the window: a shortcut there has already had its chance
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event) -> None:
        if event.angleDelta().y() > 0:
            self.zoom_in()
        elif event.angleDelta().y() < 0:
            self.zoom_out()
        event.accept()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._picture is not None:  # pictures on or off for this zoom, before Qt draws
            self._picture.prepare(self.viewportTransform(), self.viewport().devicePixelRatioF())
        super().paintEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self._fit_pending = False
            self.fit_to_window()
