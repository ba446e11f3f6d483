"""CanvasView: one item per node and edge; show_step restyles only; clicks, drags and zoom."""

import math

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence, QMouseEvent

from app.graph import LAMBDA, build_graph
from app.ui.canvas import PALETTE_KEYS, PALETTES, CanvasView
from app.ui.canvas.node_item import NodeItem
from canvas_fixtures import photo_canvas, photo_thumbnails, step, stream_metrics


@pytest.fixture
def view(qtbot):
    return photo_canvas(qtbot)


def active_nodes(view):
    return {name for name, item in view.item_for_node.items() if item.is_active}


def test_one_item_per_node_and_per_edge(view):
    """The canvas holds exactly the graph: one NodeItem per node, one EdgeItem per typed edge."""
    graph = build_graph(photo_thumbnails())
    assert set(view.item_for_node) == set(graph.nodes)
    assert set(view.item_for_edge) == set(graph.edges(keys=True))


def test_show_step_highlights_exactly_source_and_target(view):
    """Only the step's two nodes and the edge between them are active; the next step moves it."""
    view.show_step(step("request", "user", "photos"))
    assert active_nodes(view) == {"user", "photos"}
    assert [k for k, e in view.item_for_edge.items() if e.is_active] == [("user", "photos", "request")]
    view.show_step(step("sdk-call", "make-thumbnail", "thumbnails"))
    assert active_nodes(view) == {"make-thumbnail", "thumbnails"}
    assert [k for k, e in view.item_for_edge.items() if e.is_active] == [
        ("make-thumbnail", "thumbnails", "sdk")]
    view.show_step(None)
    assert active_nodes(view) == set()
    assert view.token is None


def test_show_step_never_rebuilds_items(view):
    """Restyling keeps the very same node and edge objects."""
    nodes, edges = dict(view.item_for_node), dict(view.item_for_edge)
    for kind, src, dst in (("request", "user", "photos"), ("enqueue", "photos", LAMBDA),
                           ("log", "make-thumbnail", "make-thumbnail")):
        view.show_step(step(kind, src, dst))
    assert view.item_for_node == nodes and all(view.item_for_node[n] is nodes[n] for n in nodes)
    assert all(view.item_for_edge[k] is edges[k] for k in edges)


@pytest.mark.parametrize("kind, shape", [("request", "arrow"), ("response", "reply"),
                                         ("invoke", "envelope"), ("get-credentials", "key"),
                                         ("sdk-call", "arrow"), ("dequeue", "envelope")])
def test_token_shape_says_what_travels(view, kind, shape):
    """Events are envelopes, requests arrows, replies speech bubbles, credentials keys."""
    view.show_step(step(kind, "user", "photos", payload={"Records": []}))  # it carries something
    assert view.token.shape_name == shape
    assert kind.replace("-", " ") in view.token.word


def test_reply_travels_back_along_the_request_edge(view):
    """A response photos → user uses the user → photos edge, with the token nearer the user."""
    view.show_step(step("response", "photos", "user", status=200))
    assert view.item_for_edge[("user", "photos", "request")].is_active
    assert view.arc is None
    token, user, photos = view.token.pos(), view.item_for_node["user"].pos(), view.item_for_node["photos"].pos()
    assert math.dist((token.x(), token.y()), (user.x(), user.y())) < \
        math.dist((token.x(), token.y()), (photos.x(), photos.y()))
    assert view.token.word == "response 200"


def test_unlinked_nodes_get_a_temporary_dashed_arc(view):
    """No configured link between the two nodes: a dashed arc appears, and goes with the next step."""
    view.show_step(step("request", "user", "thumbnails"))
    arc = view.arc
    assert arc is not None and arc.scene() is view.scene()
    assert not any(e.is_active for e in view.item_for_edge.values())
    view.show_step(step("request", "user", "photos"))
    assert view.arc is None and arc.scene() is None


def test_self_step_puts_the_token_on_the_node(view):
    """A log line (function → itself) shows its token just under the function, no arc."""
    view.show_step(step("log", "make-thumbnail", "make-thumbnail"))
    node = view.item_for_node["make-thumbnail"]
    assert active_nodes(view) == {"make-thumbnail"}
    assert view.arc is None
    assert view.token.pos().y() > node.pos().y() + node.height / 2


def test_animation_runs_without_blocking_and_a_new_step_cancels_it(view):
    """With 400 ms travel, show_step returns while the token moves; the next step stops it."""
    view.set_animation_ms(400)
    view.show_step(step("request", "user", "photos"))
    first = view.token
    assert first.is_moving
    view.show_step(step("sdk-call", "make-thumbnail", "thumbnails"))
    assert not first.is_moving and first.scene() is None
    assert view.token is not first


def test_mapping_name_is_drawn_on_the_lambda_node(qtbot):
    """A step naming the event source mapping lights up `lambda`, where the mapping lives."""
    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.set_animation_ms(0)
    canvas.set_scenario(stream_metrics())
    canvas.show_step(step("poll", "orders-mapping", "orders", model="pull"))
    assert active_nodes(canvas) == {LAMBDA, "orders"}
    assert canvas.item_for_edge[("orders", LAMBDA, "event-source-mapping")].is_active


def test_show_step_on_a_large_graph_touches_only_changed_items(qtbot, monkeypatch):
    """500 nodes: a step restyles the previous and the new nodes only, not all of them."""
    from app.scenario.models import Scenario

    resources = {"role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"}}
    for i in range(497):  # + role, caller and the lambda service node = 500 nodes
        resources[f"fn{i}"] = {"type": "function", "handler": "builtin.echo", "role": "role"}
    resources["caller"] = {"type": "actor", "kind": "custom_app"}
    scenario = Scenario.model_validate({
        "title": "Big", "teaches": "on-demand", "summary": "big", "resources": resources,
        "script": [{"at": 0, "actor": "caller", "action": "invoke", "function": "fn0"}]})
    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.set_animation_ms(0)
    canvas.set_scenario(scenario)
    assert len(canvas.item_for_node) == 500
    touched = []
    original = NodeItem.set_active
    monkeypatch.setattr(NodeItem, "set_active", lambda self, on, role=None: (touched.append(self.name),
                                                                   original(self, on)))
    canvas.show_step(step("invoke", "caller", "fn0"))
    canvas.show_step(step("execute", LAMBDA, "fn7"))
    assert set(touched) <= {"caller", "fn0", LAMBDA, "fn7"}
    assert active_nodes(canvas) == {LAMBDA, "fn7"}


def test_clicking_a_node_emits_its_name(view, qtbot):
    """A click (no drag) on a node reports the node's id through node_clicked."""
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_window()
    point = view.mapFromScene(view.item_for_node["photos"].pos())
    with qtbot.waitSignal(view.node_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point)
    assert blocker.args == ["photos"]


def _send(widget, kind, point, buttons):
    button = Qt.LeftButton if kind != QEvent.MouseMove else Qt.NoButton
    event = QMouseEvent(kind, QPointF(point), widget.mapToGlobal(QPointF(point)), button,
                        buttons, Qt.NoModifier)
    widget.setAttribute(Qt.WA_UnderMouse, True)
    from PySide6.QtWidgets import QApplication
    QApplication.sendEvent(widget, event)


def test_dragging_a_node_moves_it_and_reports_positions_changed(view, qtbot):
    """Dragging photos moves it, its edges follow, and positions_changed fires once on release."""
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_window()
    node = view.item_for_node["photos"]
    before = view.node_positions()["photos"]
    edge = view.item_for_edge[("user", "photos", "request")]
    edge_end = edge.travel_path().pointAtPercent(1.0)
    start = view.mapFromScene(node.pos())
    end = start + type(start)(0, 120)
    with qtbot.waitSignal(view.positions_changed):
        _send(view.viewport(), QEvent.MouseButtonPress, start, Qt.LeftButton)
        _send(view.viewport(), QEvent.MouseMove, start + type(start)(0, 60), Qt.LeftButton)
        _send(view.viewport(), QEvent.MouseMove, end, Qt.LeftButton)
        _send(view.viewport(), QEvent.MouseButtonRelease, end, Qt.NoButton)
    after = view.node_positions()["photos"]
    assert after[1] > before[1] + 50 and after[0] == pytest.approx(before[0], abs=2)
    assert edge.travel_path().pointAtPercent(1.0).y() > edge_end.y() + 50


def test_zoom_actions_change_the_scale_and_fit_shows_everything(view, qtbot):
    """Ctrl+= / Ctrl+- zoom in and out; fit_to_window brings every node into the viewport."""
    view.show()
    qtbot.waitExposed(view)
    assert QKeySequence("Ctrl+=") in view.zoom_in_action.shortcuts()
    assert QKeySequence("Ctrl+-") in view.zoom_out_action.shortcuts()
    start = view.zoom_factor()
    view.zoom_in_action.trigger()
    assert view.zoom_factor() > start
    view.zoom_out_action.trigger()
    view.zoom_out()
    assert view.zoom_factor() < start
    view.zoom_in()
    view.zoom_in()
    view.zoom_in()
    view.fit_action.trigger()
    visible = view.viewport().rect()
    for item in view.item_for_node.values():
        assert visible.contains(view.mapFromScene(item.pos()))


def test_every_palette_has_every_key_and_the_theme_recolours(view):
    """Palettes are complete dicts; set_theme repaints background and nodes with the new colours."""
    for name, palette in PALETTES.items():
        assert set(PALETTE_KEYS) <= set(palette), name
    view.set_theme(PALETTES["dark"])
    assert view.backgroundBrush().color() == QColor(PALETTES["dark"]["background"])
    assert view.item_for_node["photos"].palette["surface"] == PALETTES["dark"]["surface"]


def test_colour_blind_palette_uses_okabe_ito_colours():
    """The colour-blind-safe palette draws its signal colours from the Okabe–Ito set."""
    okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
                 "#000000"}
    palette = PALETTES["colour-blind"]
    for key in ("accent", "danger", "warning", "info", "ok"):
        assert palette[key].lower() in okabe_ito, key


def test_legend_lists_each_line_style(view):
    """The legend item is in the scene and carries a sample for every edge type it explains."""
    from app.ui.canvas import legend, styles

    assert view.legend is not None and view.legend.scene() is view.scene()
    assert set(styles.LEGEND_EDGES) <= set(legend.EDGES)
    patterns = {styles.EDGE_STYLES[t][:2] for t in legend.EDGES if t not in ("request",)}
    assert len(patterns) == len([t for t in legend.EDGES if t != "request"]) - 1  # role ≈ assumes


def test_arrow_token_points_the_way_it_travels(view):
    """A poll-like request going right-to-left has its arrow turned to point left, not right."""
    view.show_step(step("request", "user", "photos"))
    assert abs(view.token.heading) < 30  # user is left of photos: arrow points right
    view.show_step(step("request", "photos", "user"))
    assert abs(abs(view.token.heading) - 180) < 30


def test_long_names_wrap_onto_two_lines_instead_of_widening_without_end(qtbot):
    """A long resource label wraps, keeping nodes at most MAX_W px wide."""
    from app.scenario.models import Scenario

    scenario = Scenario.model_validate({
        "title": "Long", "teaches": "on-demand", "summary": "long",
        "resources": {
            "app": {"type": "actor", "kind": "custom_app"},
            "role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
            "fn": {"type": "function", "handler": "builtin.echo", "role": "role",
                   "label": "price-order (reserved concurrency 5, memory 1024 MB)"}},
        "script": [{"at": 0, "actor": "app", "action": "invoke", "function": "fn"}]})
    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.set_scenario(scenario)
    node = canvas.item_for_node["fn"]
    from app.ui.canvas.node_item import MAX_W

    assert node.width <= MAX_W and len(node.label_lines) == 2
    assert node.label_lines[0].startswith("price-order")
    assert node.height > canvas.item_for_node["app"].height


def test_traffic_spikes_function_name_is_whole_on_two_lines(qtbot):
    """At the 19 pt name size "price-order (reserved concurrency 5)" still fits two lines, none
    cut ("(reserved concurre…" with the 320 px cap of the 17 pt names)."""
    from pathlib import Path

    from app.scenario.loader import load_scenario

    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.set_scenario(load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "traffic-spike.yaml"))
    lines = [line for node in canvas.item_for_node.values() for line in node.label_lines]
    assert "price-order" in " ".join(lines)
    assert not any("…" in line for line in lines)


def test_hidden_legend_is_left_out_of_the_fitted_content(view):
    """With the legend hidden, fitting and exporting frame only the graph."""
    legend = view.legend.sceneBoundingRect()
    assert view.content_rect().contains(legend)
    view.set_legend_visible(False)
    assert not view.content_rect().intersects(legend)


def test_dragging_the_background_pans_the_view(view, qtbot):
    """A drag on empty canvas scrolls the view (hand drag) instead of moving any node."""
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_window()
    view.zoom_in()
    view.zoom_in()
    empty = next(p for p in (type(view.viewport().rect().topLeft())(x, y)
                             for x in range(10, view.viewport().width(), 40)
                             for y in range(10, view.viewport().height(), 40))
                 if view.itemAt(p) is None)
    before_positions = view.node_positions()
    before = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    moved = empty + type(empty)(-150, -100)
    _send(view.viewport(), QEvent.MouseButtonPress, empty, Qt.LeftButton)
    _send(view.viewport(), QEvent.MouseMove, empty + type(empty)(-60, -40), Qt.LeftButton)
    _send(view.viewport(), QEvent.MouseMove, moved, Qt.LeftButton)
    _send(view.viewport(), QEvent.MouseButtonRelease, moved, Qt.NoButton)
    after = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    assert after != before
    assert view.node_positions() == before_positions


def test_travelling_token_stops_when_it_leaves_its_scene_or_the_view_goes_away(qtbot):
    """A token mid-travel stops when removed from the scene, and deleting the view while it moves
    raises nothing later (its animation belongs to the token, not to a scene that outlives it)."""
    canvas = CanvasView()
    canvas.resize(800, 600)
    canvas.set_animation_ms(2000)
    canvas.set_scenario(photo_thumbnails())
    canvas.show_step(step("invoke", "photos", "make-thumbnail", payload={"Records": []}))
    token = canvas.token
    assert token.is_moving
    canvas.scene().removeItem(token)
    assert not token.is_moving
    canvas.show_step(step("invoke", "photos", "make-thumbnail", payload={"Records": []}))
    assert canvas.token.is_moving
    canvas.deleteLater()  # no show_step(None) first: the scene and its token go with the view
    with qtbot.waitSignal(canvas.destroyed, timeout=2000):
        pass
    qtbot.wait(50)  # animation ticks after the deletion would raise (pytest-qt fails the test)
    assert not token.is_moving


def test_items_at_an_edge_keep_qts_item_type(view, capfd):
    """Qt calls `type()` on every item a hit test finds; an edge's own attribute once shadowed it
    (PySide printed "Error calling Python override of QGraphicsItem::type()" on stderr)."""
    edge = view.item_for_edge[("user", "photos", "request")]
    assert isinstance(edge.type(), int)
    assert edge.edge_type == "request"
    middle = edge.mapToScene(edge.travel_path().pointAtPercent(0.5))
    found = view.scene().items(middle)
    assert edge in found
    assert "Error calling Python override" not in capfd.readouterr().err


def test_the_loading_message_keeps_its_size_when_the_empty_view_is_fitted(qtbot):
    """While the first file loads the diagram holds one line of text: fitting the empty view
    (every resize refits) zoomed on an empty rectangle, and "Loading photo thumbnails…" grew to
    ~300 px letters cut at the window's edge."""
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(1280, 500)
    view.show()
    view.show_message("Loading photo thumbnails…")
    view.fit_to_window()
    assert view.zoom_factor() == 1
    text = next(item for item in view.scene().items() if hasattr(item, "text"))
    shown = view.mapFromScene(text.sceneBoundingRect()).boundingRect()
    assert view.viewport().rect().contains(shown)


def test_deleting_sqs_messages_is_a_request_to_the_queue_not_an_event_out_of_it(qtbot):
    """orders-sqs: Lambda's DeleteMessageBatch (a "dequeue" step holding `Entries`) travels as an
    arrow from Lambda to the queue, worded "delete"; a class read the envelope as messages coming
    to Lambda. Lambda taking an async event off its own queue still carries the event."""
    from app.bundled import resolve_scenario
    from app.engine import run
    from app.scenario.loader import load_scenario
    from app.ui.canvas.token import token_shape_for, token_word

    orders = load_scenario(resolve_scenario("orders-sqs"))
    trace = run(orders)
    delete = next(s for s in trace if s.kind == "dequeue" and "Entries" in (s.payload or {}))
    assert (token_shape_for(delete), token_word(delete)) == ("arrow", "delete")
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.set_animation_ms(0)
    view.set_scenario(orders)
    view.show_step(delete)
    lam, queue = view.item_for_node[delete.source].pos(), view.item_for_node[delete.target].pos()
    toward_queue = math.degrees(math.atan2(queue.y() - lam.y(), queue.x() - lam.x()))
    assert abs((view.token.heading - toward_queue + 180) % 360 - 180) < 60
    photos = run(photo_thumbnails())
    taken = next(s for s in photos if s.kind == "dequeue")
    assert token_shape_for(taken) == "envelope"
