"""The inspector does no work a step for what the reader cannot see, and measures a document's
key column once per shape (counted, never timed; docs/decisions/0016-step-latency.md,
2026-12-01)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTreeView

from window_fixtures import photo_scenario, photo_trace, shown_inspector

from app.playback import Playback
from app.ui.inspector import Inspector, resource_config
from app.ui.json_tree import JsonTree, _rows, jsonable


@pytest.fixture
def inspector(qtbot):
    return shown_inspector(qtbot)


def test_the_configuration_behind_the_state_tab_is_built_when_shown(inspector, qtbot):
    """Stepping across nodes rebuilt the Configuration tree behind the State tab each time the
    node changed; now it is built when its tab is opened, and shows the current node's."""
    inserted = []
    inspector.config.tree.model().rowsInserted.connect(lambda *_: inserted.append(1))
    nodes = set()
    for index in range(len(inspector.playback)):
        inspector.playback.seek(index)
        nodes.add(inspector.node)
        assert inspector.config.data == resource_config(inspector.scenario, inspector.node)
    assert len(nodes) >= 2 and inserted == []
    inspector.node_tabs.setCurrentWidget(inspector.config)
    assert inserted
    node = inspector.node
    config = resource_config(inspector.scenario, node)
    for key in config:
        assert inspector.config.find_items(key), key
    inserted.clear()  # now shown: the State tab's tree waits instead, and the config follows
    state_inserted = []
    inspector.state.tree.model().rowsInserted.connect(lambda *_: state_inserted.append(1))
    inspector.playback.seek(0)
    assert state_inserted == []
    inspector.node_tabs.setCurrentWidget(inspector.state)
    state = inspector.playback.trace.node_state_at(0, inspector.node)
    assert inspector.state.data == state
    shown = inspector.state.tree
    assert [shown.topLevelItem(i).text(0) for i in range(shown.topLevelItemCount())] == list(state)
    assert inspector.state._pending is None and inspector.state._rows == _rows(jsonable(state))


def test_a_key_column_is_measured_once_per_shape(qtbot, monkeypatch):
    """Two documents of the same keys (two S3 events) alternating with another: the key column
    was measured at every rebuild; now once per shape, with the width a measure gives."""
    measured = []
    original = QTreeView.resizeColumnToContents
    monkeypatch.setattr(QTreeView, "resizeColumnToContents",
                        lambda self, column: (measured.append(column), original(self, column)))
    tree = JsonTree("Payload")
    qtbot.addWidget(tree)
    tree.resize(400, 500)
    tree.show()
    event = {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "photos"}}}]}
    other = {"StatusCode": 202, "ExecutedVersion": "$LATEST"}
    for n in range(3):
        tree.set_data({"Records": [{**event["Records"][0], "eventName": f"ObjectCreated:Put{n}"}]})
        width = tree.tree.columnWidth(0)
        tree.set_data(other)
    assert len(measured) == 2
    original(tree.tree, 0)  # measured afresh: the width kept is that width
    tree.set_data(event)
    assert tree.tree.columnWidth(0) == width


def test_an_inspector_behind_the_timelines_tab_waits_until_shown(qtbot, tmp_path):
    """Qt keeps a dock behind another tab "visible" (moved off the window): every step laid out
    and repainted the inspector where nobody sees it. Behind the timeline's tab it now changes
    nothing; brought to the front it shows the current step and node (round 5 of 0016)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from window_fixtures import SCENARIOS, make_window

    from app.ui.document import load_document

    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "photo-thumbnails.yaml"))
    app, inspector = QApplication.instance(), window.inspector
    if not inspector_dock_tabbed_with_timeline(window):  # as at 1600x1000 and on small screens
        window.tabifyDockWidget(window.inspector_dock, window.timeline_dock)
    window.timeline_dock.show()
    window.timeline_dock.raise_()
    for _ in range(5):
        app.processEvents()
    assert inspector.visibleRegion().isEmpty()  # behind the timeline's tab

    class Count(QObject):
        seen = 0

        def eventFilter(self, _obj, event):  # noqa: N802
            if event.type() in (QEvent.LayoutRequest, QEvent.Resize, QEvent.ShowToParent,
                                QEvent.HideToParent, QEvent.EnabledChange):
                Count.seen += 1
            return False

    counter = Count()
    for widget in [inspector, *inspector.findChildren(QWidget)]:
        widget.installEventFilter(counter)
    title = inspector.step_title.text()
    for index in range(1, 15):
        window.playback.seek(index)
        app.processEvents()
    assert Count.seen == 0 and inspector.step_title.text() == title
    window.inspector_dock.raise_()
    for _ in range(5):
        app.processEvents()
    step = window.playback.step
    assert step.target in inspector.step_title.accessibleName()
    assert inspector.step_title.accessibleName().endswith(step.summary)
    assert inspector.payload.data == step.payload
    state = window.playback.trace.node_state_at(window.playback.index, inspector.node)
    assert inspector.state.data == state and inspector.node == step.target
    window.playback.seek(3)  # in front again: it follows each step at once
    assert inspector.payload.data == window.playback.step.payload


def inspector_dock_tabbed_with_timeline(window) -> bool:
    return window.inspector_dock in window.tabifiedDockWidgets(window.timeline_dock)


def test_a_cells_tooltip_is_its_whole_text_when_the_pointer_rests_on_it(qtbot):
    """Resting on a key or value shows it whole (a narrow column cuts it); the row that says
    how many were left out has none. Made when asked, not stored in each item (round 5)."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from app.ui.json_tree import MAX_CHILDREN

    tree = JsonTree("x")
    qtbot.addWidget(tree)
    tree.resize(300, 400)
    tree.show()
    qtbot.waitExposed(tree)
    long_value = "arn:aws:sqs:us-east-1:123456789012:" + "orders-dead-letter-" * 6
    tree.set_data({"queue": long_value, "items": list(range(MAX_CHILDREN + 5))})
    view = tree.tree

    def tip_at(item, column):
        QToolTip.hideText()
        rect = view.visualItemRect(item)
        x = view.columnViewportPosition(column) + 5
        point = QPoint(x, rect.center().y())
        event = QHelpEvent(QEvent.ToolTip, point, view.viewport().mapToGlobal(point))
        QApplication.sendEvent(view.viewport(), event)
        return QToolTip.text() if QToolTip.isVisible() else None

    queue = tree.find_items("queue")[0]
    assert tip_at(queue, 1) == f'"{long_value}"'
    assert tip_at(queue, 0) == "queue"
    more = tree.find_items("…")[0]
    more.parent().setExpanded(True)
    view.scrollToItem(more)
    assert "more not shown" not in (tip_at(more, 1) or "")  # the last tip may linger, hiding
    assert tree.tool_tip(more, 1) is None and tree.tool_tip(more, 0) is None
    QToolTip.hideText()


def test_an_in_place_update_changes_each_changed_value_once(qtbot):
    """A node's state with the same keys: each changed value is one change of the tree's model
    (its text), not two (text and tooltip); a rebuild stores no tooltips (round 5)."""
    tree = JsonTree("State")
    qtbot.addWidget(tree)
    tree.set_data({"env": {f"e{k}": {"state": "idle", "count": k} for k in range(20)}})
    changes = []
    tree.tree.model().dataChanged.connect(lambda *args: changes.append(args))
    tree.set_data({"env": {f"e{k}": {"state": "busy", "count": k} for k in range(20)}})
    assert len(changes) == 20
    assert all(item.toolTip(0) == "" and item.toolTip(1) == "" for item in tree._items)


def test_a_rebuild_whose_scroll_bar_comes_or_goes_paints_the_tree_once(qtbot):
    """The scroll bar narrows or widens the viewport and the value column with it; the tree
    repainted that column on a timer after the whole repaint of the rebuild (2 paints where 1
    does; a third of the far seeks of a 100,000-step trace; round 5)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    tree = JsonTree("State")
    qtbot.addWidget(tree)
    tree.resize(320, 260)
    tree.show()
    qtbot.waitExposed(tree)
    app = QApplication.instance()
    small = {"concurrency": 1, "environments": {"env-1": {"state": "idle"}}}
    big = {"concurrency": 40, "environments": {f"env-{k}": {"state": "busy", "requests": k} for k in range(40)}}

    class Paints(QObject):
        count = 0

        def eventFilter(self, _obj, event):  # noqa: N802
            if event.type() == QEvent.Paint:
                Paints.count += 1
            return False

    paints = Paints()
    tree.tree.viewport().installEventFilter(paints)
    for document, scroll_bar in ((small, False), (big, True), (small, False), (big, True)):
        for _ in range(5):
            app.processEvents()
        Paints.count = 0
        tree.set_data(document)
        for _ in range(5):
            app.processEvents()
        assert tree.tree.verticalScrollBar().isVisible() == scroll_bar
        assert Paints.count == 1, (document is big, Paints.count)
    values = [tree.tree.topLevelItem(0).text(1), tree.find_items("env-39")[0].text(1)]
    assert values == ["40", "{…}"]
    header = tree.tree.header()  # the value column still reaches the viewport's right edge
    assert header.sectionPosition(1) + header.sectionSize(1) == tree.tree.viewport().width()
