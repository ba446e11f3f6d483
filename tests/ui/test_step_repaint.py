"""What one step costs the window, counted (never timed): which layouts run, what is redrawn.

docs/decisions/0016-step-latency.md: a step changes texts and the diagram's highlight; it must
not relayout the main window and its docks, nor redraw the key under the diagram.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from window_fixtures import SCENARIOS, make_window

from app.ui.canvas.edge_item import ARROW, EdgeItem
from app.ui.canvas.legend import LegendItem
from app.ui.document import load_document
from app.ui.layout_firewall import LayoutFirewall


class LayoutCounter(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, _obj, event):  # noqa: N802
        if event.type() == QEvent.LayoutRequest:
            self.count += 1
        return False


def settle(app, passes: int = 5) -> None:
    for _ in range(passes):
        app.processEvents()


@pytest.fixture
def traffic_window(qtbot, tmp_path):
    return make_window(qtbot, tmp_path, load_document(SCENARIOS / "traffic-spike.yaml"))


def test_stepping_does_not_relayout_the_main_window(traffic_window, qtbot):
    """20 Right presses through texts of every length: the window's own layout never runs
    (before 0016 it ran once a step, and with it every dock's)."""
    window, app = traffic_window, QApplication.instance()
    window.playback.first()
    settle(app)
    counter = LayoutCounter()
    window.installEventFilter(counter)
    window.centralWidget().installEventFilter(counter)
    texts = set()
    for _ in range(20):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
        texts.add(window.narration.text.text())
    assert window.playback.index == 20
    assert len(texts) > 5  # the narration really changed
    assert counter.count == 0


def test_stepping_does_not_redraw_the_key(qtbot, tmp_path, monkeypatch):
    """The key (legend) is drawn once into its cache; 20 steps later it was not drawn again.
    (PySide looks a Python override up once per item: patch before the window exists.)"""
    calls = []
    original = LegendItem.paint
    monkeypatch.setattr(LegendItem, "paint", lambda self, *a: (calls.append(1), original(self, *a)))
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "traffic-spike.yaml"))
    app = QApplication.instance()
    settle(app)
    window.canvas.viewport().repaint()  # whatever the cache holds, the key is on screen
    before = len(calls)
    for _ in range(20):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
    assert window.canvas.legend.isVisible() and before > 0
    assert len(calls) == before


def test_edge_bounds_follow_the_label_and_the_path(traffic_window):
    """The cached bounds of an edge are those of its line and label after every change."""
    edge = next(iter(traffic_window.canvas.item_for_edge.values()))

    def expected(e: EdgeItem) -> QRectF:
        return e._path.boundingRect().adjusted(-ARROW, -ARROW, ARROW, ARROW).united(e.label_rect)

    assert edge.boundingRect() == expected(edge)
    edge.move_label(0.2)
    assert edge.boundingRect() == expected(edge)
    edge.source.setPos(edge.source.pos().x() + 300, edge.source.pos().y() + 200)  # re-routes
    assert edge.boundingRect() == expected(edge)
    edge.token_rest(False)
    assert edge.boundingRect() == expected(edge)


def test_the_holder_grows_when_its_panel_no_longer_fits(qtbot):
    """A panel whose minimum outgrows its holder still gets the room (the request goes up);
    one whose text changes within its room does not relayout the parent."""
    outer = QWidget()
    qtbot.addWidget(outer)
    layout = QVBoxLayout(outer)
    panel = QWidget()
    label = QLabel("one line")
    QVBoxLayout(panel).addWidget(label)
    holder = LayoutFirewall(panel)
    layout.addWidget(holder)
    layout.addStretch(1)
    outer.resize(300, 600)
    outer.show()
    qtbot.waitExposed(outer)
    settle(QApplication.instance())
    counter = LayoutCounter()
    outer.installEventFilter(counter)
    label.setText("another line of the same height")
    settle(QApplication.instance())
    assert counter.count == 0
    label.setMinimumHeight(holder.height() + 120)
    settle(QApplication.instance())
    assert counter.count > 0
    assert holder.height() >= label.minimumHeight()
    assert panel.geometry() == holder.rect()


def test_the_holder_hides_and_shows_with_its_panel(qtbot):
    """Presentation mode hides the player bar: its holder must not leave an empty gap."""
    outer = QWidget()
    qtbot.addWidget(outer)
    panel = QLabel("panel")
    holder = LayoutFirewall(panel)
    QVBoxLayout(outer).addWidget(holder)
    outer.show()
    qtbot.waitExposed(outer)
    panel.hide()
    assert holder.isHidden()
    panel.show()
    assert not holder.isHidden() and panel.isVisible()


def test_a_document_of_the_same_shape_keeps_the_row_the_reader_selected(qtbot):
    """The node's state from one step to the next: same keys, new values. The tree rewrites
    the values in place, so the selected row, and what is open or closed, stay as they were."""
    from app.ui.json_tree import JsonTree

    tree = JsonTree("State")
    qtbot.addWidget(tree)
    tree.set_data({"environments": [{"id": "env-1", "state": "idle"}], "invocations": 1})
    row = tree.find_items("state")[0]
    tree.tree.setCurrentItem(row)
    tree.find_items("[0]")[0].setExpanded(False)
    tree.set_data({"environments": [{"id": "env-1", "state": "busy"}], "invocations": 2})
    current = tree.tree.currentItem()
    assert current is not None and current.text(0) == "state" and current.text(1) == '"busy"'
    assert tree.find_items("invocations")[0].text(1) == "2"
    assert tree.tool_tip(tree.find_items("invocations")[0], 1) == "2"
    assert not tree.find_items("[0]")[0].isExpanded()
    # a new key is a new shape: rebuilt, every value right
    tree.set_data({"environments": [{"id": "env-1", "state": "busy", "extra": True}], "invocations": 2})
    assert tree.find_items("extra")[0].text(1) == "true"
    assert tree.find_items("state")[0].text(1) == '"busy"'


def test_a_step_paints_the_narration_once(traffic_window, qtbot):
    """The narration is repainted about once per step (twice when the line above it changes
    height), not three times: a selectable label laid its new text out in a document that asked
    for two more repaints."""
    window, app = traffic_window, QApplication.instance()
    settle(app)
    paints = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Paint:
                paints.append(1)
            return False

    watch = Watch()
    window.narration.text.installEventFilter(watch)
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
    assert window.playback.index == 10
    assert len(paints) < 20  # 24 before


def test_the_narration_can_still_be_selected(traffic_window, qtbot):
    """With the pointer over it, the narration's text is selectable (and copyable)."""
    label = traffic_window.narration.text
    assert not label.textInteractionFlags() & Qt.TextSelectableByMouse
    centre = QPointF(label.rect().center())
    QApplication.sendEvent(label, QEnterEvent(centre, centre, QPointF(label.mapToGlobal(centre))))
    assert label.textInteractionFlags() & Qt.TextSelectableByMouse
    label.setSelection(0, 6)
    QApplication.sendEvent(label, QEvent(QEvent.Leave))
    assert label.hasSelectedText() and label.selectedText() == label.text()[:6]
    label.setSelection(0, 0)
    QApplication.sendEvent(label, QEvent(QEvent.Leave))
    assert not label.textInteractionFlags() & Qt.TextSelectableByMouse


def test_the_holder_answers_for_its_child(qtbot):
    """Code that took the dock's widget for the scroll area still finds its viewport."""
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea()
    holder = LayoutFirewall(area)
    qtbot.addWidget(holder)
    assert holder.viewport() is area.viewport()
    assert holder.horizontalScrollBar() is area.horizontalScrollBar()
