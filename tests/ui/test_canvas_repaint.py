"""What a step's repaint of a big diagram costs, counted (never timed).

docs/decisions/0019-canvas-repaint.md: on a big graph every repaint of any size walked hundreds
of items, asking Python for each one's bounds; a step must not.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QApplication, QGraphicsItem, QStyleOptionGraphicsItem

from app.engine import run
from app.ui.canvas import PALETTES, CanvasView, picture
from app.ui.canvas.edge_item import EdgeItem
from app.ui.canvas.node_item import NodeItem
from app.ui.canvas.picture import PICTURE_ZOOM
from app.ui.render import render_png

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canvas_fixtures import photo_thumbnails, step  # noqa: E402
from load_scenarios import generated_graph  # noqa: E402

CANVAS = str(Path(__file__).resolve().parents[2] / "app" / "ui" / "canvas")


@pytest.fixture(scope="module")
def big():
    scenario = generated_graph(40)  # the benchmark's 500-node graph (bench/bench_ui.py), smaller
    return scenario, run(scenario)


@pytest.fixture
def big_view(qtbot, big):
    scenario, trace = big
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.set_animation_ms(0)
    view.set_scenario(scenario)
    view.trace = trace
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_window()
    settle()
    return view, list(trace)


def settle(passes: int = 4) -> None:
    for _ in range(passes):
        QApplication.processEvents()


class PythonCalls:
    """Counts the canvas's Python functions Qt calls while active: (file stem, name) → calls."""

    def __init__(self):
        self.calls: Counter = Counter()

    def __enter__(self):
        def profile(frame, event, _arg):
            code = frame.f_code
            if event == "call" and code.co_filename.startswith(CANVAS):
                self.calls[(Path(code.co_filename).stem, code.co_name)] += 1
        sys.setprofile(profile)
        return self

    def __exit__(self, *_exc):
        sys.setprofile(None)


def test_repainting_a_big_graph_asks_python_for_no_item_bounds(big_view):
    """202 nodes, fitted: Qt walks hundreds of items on any repaint and used to call each
    node's and edge's Python boundingRect several times (thousands of calls a step)."""
    view, steps = big_view
    assert len(view.item_for_node) == 202
    with PythonCalls() as counted:
        for step in steps[:12]:
            view.show_step(step)
            settle()
        view.viewport().repaint()
    bounds = {key: n for key, n in counted.calls.items()
              if key in {("node_item", "boundingRect"), ("edge_item", "boundingRect")}}
    assert bounds == {}


def drawing_themselves(view) -> set:
    """The nodes and edges Qt draws one by one (the rest come from the pictures)."""
    items = [*view.item_for_node.values(), *view.item_for_edge.values()]
    return {item for item in items if not item.flags() & QGraphicsItem.ItemHasNoContents}


def live_items(view) -> set:
    return {*(n for n in view.item_for_node.values() if n.is_active),
            *(e for e in view.item_for_edge.values() if e.is_active)}


def test_a_fitted_big_graph_draws_what_rests_from_two_pictures(big_view):
    """Fitted (nothing readable), Qt draws only what the step changed one by one: every repaint
    used to copy the cached pixmap of each of the hundreds of items crossing it."""
    view, steps = big_view
    assert view.zoom_factor() < PICTURE_ZOOM
    for step in steps[:12]:
        view.show_step(step)
        settle()
        assert live_items(view)
        assert drawing_themselves(view) == live_items(view)
    view.show_step(None)
    settle()
    assert drawing_themselves(view) == set()


def grab(view) -> Image.Image:
    view.viewport().repaint()
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format_RGB888)
    return Image.frombytes("RGB", (image.width(), image.height()),
                           bytes(image.constBits())[:image.sizeInBytes()], "raw", "RGB",
                           image.bytesPerLine())


def without_pictures(view, monkeypatch) -> Image.Image:
    """The same view drawn item by item (as before the pictures)."""
    monkeypatch.setattr(picture, "PICTURE_ZOOM", 0.0)
    try:
        view.viewport().repaint()
        assert drawing_themselves(view) == {*view.item_for_node.values(),
                                            *view.item_for_edge.values()}
        return grab(view)
    finally:
        monkeypatch.undo()
        view.viewport().update()
        settle()


def assert_alike(a: Image.Image, b: Image.Image) -> None:
    """Equal but for antialiasing: under 0.1 % of the pixels differ by more than 13 (of 255) in
    the luminance of their difference."""
    diff = ImageChops.difference(a, b).convert("L")  # the difference's luminance
    differing = sum(diff.histogram()[14:])
    assert differing < a.width * a.height / 1000


def test_the_pictures_look_like_the_items(big_view, monkeypatch):
    """At rest and with a step shown, the window looks as it did when every item drew itself."""
    view, steps = big_view
    for step in (None, steps[3], steps[5]):
        view.show_step(step)
        settle()
        with_pictures = grab(view)
        assert view._picture.on == (True)
        assert_alike(with_pictures, without_pictures(view, monkeypatch))
        assert drawing_themselves(view) == live_items(view)


def test_clicks_and_tooltips_still_reach_the_nodes(big_view, qtbot):
    """The pictures take no clicks: a click on a drawn node reports it, its tooltip shows."""
    view, _ = big_view
    node = view.item_for_node["fn-7"]
    point = view.mapFromScene(node.pos())
    assert view.itemAt(point) is node
    with qtbot.waitSignal(view.node_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point)
    assert blocker.args == ["fn-7"]


def test_a_moved_node_is_drawn_where_it_went(big_view, monkeypatch):
    """Moving a node (a drag) sets every item drawing itself until the next step, which draws
    the pictures again with the node in its new place."""
    view, steps = big_view
    node = view.item_for_node["fn-3"]
    node.setPos(node.pos().x() - 3000, node.pos().y() + 4000)
    settle()
    assert not view._picture.on
    view.show_step(steps[2])
    settle()
    moved = grab(view)
    assert view._picture.on
    assert_alike(moved, without_pictures(view, monkeypatch))


def test_new_colours_redraw_the_pictures(big_view, monkeypatch):
    view, steps = big_view
    view.show_step(steps[4])
    settle()
    view.set_theme(PALETTES["dark"])
    settle()
    dark = grab(view)
    assert view._picture.on
    assert dark.getpixel((5, 5)) == QColor(PALETTES["dark"]["background"]).getRgb()[:3]
    assert_alike(dark, without_pictures(view, monkeypatch))


def test_zoomed_in_every_item_draws_itself(big_view):
    """Where names can be read, nothing is drawn from a picture."""
    view, steps = big_view
    view.show_step(steps[4])
    while view.zoom_factor() < PICTURE_ZOOM:
        view.zoom_in()
    settle()
    assert not view._picture.on
    assert drawing_themselves(view) == {*view.item_for_node.values(), *view.item_for_edge.values()}


def test_an_export_draws_the_items_not_the_screen_picture(big_view, monkeypatch, tmp_path):
    """A slide of a big graph is drawn from the items at the slide's scale (as before)."""
    view, steps = big_view
    view.show_step(steps[3])
    settle()
    grab(view)
    assert view._picture.on
    render_png(view, tmp_path / "with.png", size=(1600, 900))
    monkeypatch.setattr(picture, "PICTURE_ZOOM", 0.0)
    settle()
    render_png(view, tmp_path / "without.png", size=(1600, 900))
    assert_alike(Image.open(tmp_path / "with.png").convert("RGB"),
                 Image.open(tmp_path / "without.png").convert("RGB"))


def fitted_photo_view(qtbot, size: tuple[int, int], animate: bool = False) -> CanvasView:
    """photo-thumbnails in a shown CanvasView of `size`, fitted to it and settled; animations off
    unless `animate`."""
    view = CanvasView()
    qtbot.addWidget(view)
    view.resize(*size)
    if not animate:
        view.set_animation_ms(0)
    view.set_scenario(photo_thumbnails())
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_window()
    settle()
    return view


def test_a_two_pixel_resize_keeps_the_zoom_and_the_cached_nodes(qtbot, monkeypatch):
    """The narration gaining or losing a line resized the diagram by 2 px on most steps; the
    window refits on resize, the zoom moved by 0.3 % and every node was drawn again into its
    cache; the picture also moved by a pixel. A fit that changes the zoom that little keeps the
    zoom and the picture's place, as long as everything drawn still fits; a real resize
    still refits."""
    painted = []
    original = NodeItem.paint
    monkeypatch.setattr(NodeItem, "paint", lambda self, *a: (painted.append(self.name),
                                                             original(self, *a)))
    view = fitted_photo_view(qtbot, (1800, 600), animate=True)  # wide: the height sets the zoom
    zoom = view.zoom_factor()
    node = view.item_for_node["photos"]
    at = view.mapFromScene(node.pos())
    for height in (602, 600, 598, 600):
        painted.clear()
        view.resize(1800, height)
        view.fit_to_window()
        settle()
        assert view.zoom_factor() == zoom
        assert painted == []
        assert view.mapFromScene(node.pos()) == at  # not moved (a scroll repaints it all)
        drawn = view.mapFromScene(view.content_rect().adjusted(14, 14, -14, -14)).boundingRect()
        assert view.viewport().rect().contains(drawn)
    view.resize(1800, 500)
    view.fit_to_window()
    settle()
    assert view.zoom_factor() < zoom * 0.9
    assert set(painted) == set(view.item_for_node)


def test_a_whole_repaint_of_a_small_diagram_draws_no_edge_again(qtbot, monkeypatch):
    """Edges of small graphs are drawn from their cache too: a whole repaint (the view was
    resized, or scrolled) used to draw each of photo-thumbnails' edges again in Python."""
    painted = []
    original = EdgeItem.paint
    monkeypatch.setattr(EdgeItem, "paint", lambda self, *a: (painted.append(self.key),
                                                             original(self, *a)))
    view = fitted_photo_view(qtbot, (1178, 757))
    view.viewport().repaint()
    assert len(set(painted)) == len(view.item_for_edge)  # every edge was drawn once
    painted.clear()
    for _ in range(3):
        view.viewport().repaint()
    assert painted == []


def test_a_node_turning_active_again_copies_its_halo(qtbot, monkeypatch):
    """The receiver's halo (six translucent rings, most of an active node's drawing) is drawn
    once per node and zoom; each later activation copies it."""
    rings = []
    original = QPainter.drawRoundedRect

    def counting(painter, rect, *args):
        if rect.width() > view.item_for_node["make-thumbnail"].width + 1:
            rings.append(rect)
        return original(painter, rect, *args)

    view = fitted_photo_view(qtbot, (1178, 757))
    monkeypatch.setattr(QPainter, "drawRoundedRect", counting)
    invoke = step("invoke", "photos", "make-thumbnail")
    for attempt in range(3):
        rings.clear()
        view.show_step(invoke)
        view.viewport().repaint()
        assert view.item_for_node["make-thumbnail"].is_active
        assert len(rings) == (6 if attempt == 0 else 0)
        view.show_step(None)
        view.viewport().repaint()


def test_a_copied_halo_has_the_same_pixels_as_a_drawn_one(qtbot):
    """Drawn into a pixmap (a node's cache) the halo is copied; into an image (an export) drawn:
    at a zoom and a fraction of a pixel of offset, both give the very same pixels."""
    view = CanvasView()
    qtbot.addWidget(view)
    view.set_scenario(photo_thumbnails())
    node = view.item_for_node["photos"]
    node.set_active(True, "target")
    transform = QTransform.fromTranslate(150.37, 120.71).scale(0.61, 0.61)

    def draw(device):
        painter = QPainter(device)
        painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        painter.setTransform(transform)
        node.paint(painter, QStyleOptionGraphicsItem(), None)
        painter.end()

    drawn = QImage(400, 300, QImage.Format_ARGB32_Premultiplied)
    drawn.fill(Qt.transparent)
    draw(drawn)
    for _ in range(2):  # the first time the halo is made, then it is copied
        cached = QPixmap(400, 300)
        cached.fill(Qt.transparent)
        draw(cached)
        assert cached.toImage().convertToFormat(QImage.Format_ARGB32_Premultiplied) == drawn
