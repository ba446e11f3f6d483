"""What a step costs the window beyond the diagram, counted (never timed): text documents laid
out, repaints, by the inspector, narration and player bar (issue 12 item 1; decision 0016)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from window_fixtures import SCENARIOS, make_window

from app.ui.document import load_document


def settle(app, passes: int = 5) -> None:
    for _ in range(passes):
        app.processEvents()


class Paints(QObject):
    """Counts paint events per watched object."""

    def __init__(self, *objects):
        super().__init__()
        self.count: dict[int, int] = {id(o): 0 for o in objects}
        for o in objects:
            o.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Paint:
            self.count[id(obj)] = self.count.get(id(obj), 0) + 1
        return False

    def of(self, obj) -> int:
        return self.count[id(obj)]


@pytest.fixture
def orders_window(qtbot, tmp_path):
    return make_window(qtbot, tmp_path, load_document(SCENARIOS / "orders-sqs.yaml"))


def test_stepping_lays_out_no_rich_text_in_the_inspector(orders_window, qtbot):
    """Through 15 steps with permission decisions and status lines, the inspector keeps no text
    document: the decision was an HTML table in a rich-text label (laid out afresh in a
    QTextDocument at every step, ~4 ms) and the status a selectable label (a document too)."""
    window, app = orders_window, QApplication.instance()
    decisions = statuses = 0
    for _ in range(15):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
        step = window.playback.step
        decisions += step.permission is not None
        statuses += step.status is not None
    assert decisions >= 3 and statuses >= 3
    inspector = window.inspector
    assert inspector.permission.findChildren(QTextDocument) == []
    assert inspector.status.findChildren(QTextDocument) == []
    assert inspector.step_title.findChildren(QTextDocument) == []


def test_the_decision_reads_as_before_and_its_values_can_be_copied(orders_window, qtbot):
    """Every row of the decision is drawn, name beside value; the context menu copies the row
    under the pointer or the whole decision."""
    window = orders_window
    step = next(s for s in window.playback.trace if s.permission is not None and s.permission.matched)
    window.playback.seek(step.index)
    settle(QApplication.instance())
    details = window.inspector.permission.details
    text = details.text()
    drawn = "".join(details.shown_lines()).replace(" ", "")  # a line broken at a space drops it
    for name, value in (("principal", step.permission.principal), ("action", step.permission.action),
                        ("matched statement", step.permission.matched)):
        assert f"{name}: {value}" in text
        assert details.value(name) == value and value.replace(" ", "") in drawn
    menu = details.context_menu(QPoint(details.width() - 5, details.MARGIN + 3))  # the first row
    assert [a.text() for a in menu.actions()] == ["Copy principal", "Copy the decision"]
    menu.actions()[0].trigger()
    assert QApplication.clipboard().text() == step.permission.principal


def test_a_rebuilt_json_tree_is_painted_once(qtbot):
    """A payload with other keys (most steps) rebuilds the tree and fits its key column: one
    repaint of the tree, not a second one when the resized columns were repainted on a timer."""
    from app.ui.json_tree import JsonTree

    tree = JsonTree("Payload")
    qtbot.addWidget(tree)
    tree.resize(360, 300)
    tree.show()
    qtbot.waitExposed(tree)
    app = QApplication.instance()
    documents = [{"QueueUrl": "https://sqs", "MessageBody": "{}"},
                 {"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "photos"}}}]},
                 {"a": 1},
                 {"FunctionName": "make-thumbnail", "InvocationType": "Event", "Payload": {"k": "v"}}]
    tree.set_data(documents[-1])
    settle(app)
    paints = Paints(tree.tree.viewport())
    for document in documents:
        tree.set_data(document)
        settle(app)
    assert paints.of(tree.tree.viewport()) == len(documents)
    assert tree.tree.header().sectionSize(0) > 0 and tree.find_items("InvocationType")[0].text(1) == "\"Event\""


def test_stepping_does_not_repaint_the_transport_buttons(orders_window, qtbot):
    """Mid-trace, a step changes no button: none is repainted (the play button was, at every
    step, because its icon was set again)."""
    window, app = orders_window, QApplication.instance()
    window.playback.seek(3)
    settle(app)
    buttons = list(window.player_bar.buttons.values())
    paints = Paints(*buttons)
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
    assert window.playback.index == 13
    assert sum(paints.of(b) for b in buttons) == 0
    window.playback.play()  # play/pause still swaps the icon
    settle(app)
    assert window.playback_actions.play.text() == "Pause" and paints.of(window.player_bar.buttons["play"]) > 0
    window.playback.pause()


def test_a_new_node_repaints_the_title_not_the_node_box(orders_window, qtbot):
    """Steps that go to another node retitle the node box; the tab bar and the configuration
    button under the title are not repainted for it (setTitle repainted the whole box)."""
    window, app = orders_window, QApplication.instance()
    settle(app)
    inspector = window.inspector
    tabs = inspector.node_tabs.tabBar()
    paints = Paints(tabs)
    titles = []
    for _ in range(12):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
        titles.append(inspector.node_box.title())
    assert len(set(titles)) >= 3  # the node really changed
    assert titles[-1].startswith(window.playback.step.target)
    assert paints.of(tabs) == 0
    assert inspector.node_box.accessibleName() == titles[-1]


def test_a_big_state_is_added_to_its_tree_at_once(qtbot):
    """A node's state of 150 environments (a long trace): the rebuilt tree gets its items in
    one insertion, not one per item, and reads as before: every key, value and tooltip, three
    levels open and the fourth closed, a branch the reader closed stays closed."""
    from app.ui.json_tree import JsonTree

    tree = JsonTree("State")
    qtbot.addWidget(tree)
    tree.show()
    state = {"environments": [{"id": f"env-{i}", "state": "idle", "memory": 128, "warm": i % 2 == 0,
                               "tags": {"team": "a"}} for i in range(150)],
             "concurrency": {"limit": 1000, "in_use": 0}}
    inserted = []
    tree.tree.model().rowsInserted.connect(lambda *_: inserted.append(1))
    tree.set_data(state)
    assert len(inserted) == 1
    env = tree.find_items("[149]")[0]
    assert env.parent().text(0) == "environments" and env.parent().isExpanded()
    assert env.isExpanded() and not tree.find_items("tags")[0].isExpanded()  # the third level is closed
    assert [env.child(i).text(1) for i in range(env.childCount())] == ['"env-149"', '"idle"', "128", "false", "{…}"]
    assert tree.tool_tip(env.child(0), 1) == '"env-149"' and tree.tool_tip(env.child(0), 0) == "id"
    tree.find_items("concurrency")[0].setExpanded(False)  # the reader closes a branch
    tree.set_data({**state, "extra": None})  # another shape: rebuilt
    assert not tree.find_items("concurrency")[0].isExpanded()
    assert tree.find_items("extra")[0].text(1) == "null"


class CountingTrace:
    """A trace that counts how often a step is read from it (a packed trace unpacks each time)."""

    def __init__(self, trace):
        self.trace, self.reads = trace, 0

    def __len__(self):
        return len(self.trace)

    def __getitem__(self, index):
        self.reads += 1
        return self.trace[index]

    def __iter__(self):
        return iter(self.trace)

    def __getattr__(self, name):
        return getattr(self.trace, name)


def test_a_seek_reads_its_step_from_the_trace_once(orders_window, qtbot):
    """Every view (diagram, narration, inspector, timeline, player bar) draws the new step;
    the step is read from the trace once per seek, not once per view."""
    window, app = orders_window, QApplication.instance()
    trace = CountingTrace(window.document.trace)
    window.playback.set_trace(trace)
    settle(app)
    for index in (5, 17, 3, 30):
        trace.reads = 0
        window.playback.seek(index)
        settle(app)
        assert trace.reads == 1
        assert window.narration.text.text() and window.playback.step.index == index
        assert window.inspector.step_title.text().startswith(trace.trace[index].kind)


def test_the_chapter_tag_coming_and_going_does_not_resize_the_diagram(qtbot, tmp_path):
    """Traffic spike's steps alternate between steps with and without a chapter tag; the
    narration keeps its height, so the diagram is never resized (each resize refitted it and
    repainted it whole)."""
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "traffic-spike.yaml"))
    app = QApplication.instance()
    settle(app)

    class Resizes(QObject):
        count = 0

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Resize:
                Resizes.count += 1
            return False

    watch = Resizes()
    window.canvas.installEventFilter(watch)
    window.narration.installEventFilter(watch)
    tagged = set()
    for _ in range(20):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
        tagged.add(window.narration.chapter.isVisible())
    assert tagged == {True, False}
    assert Resizes.count == 0


def test_the_run_notes_are_not_relaid_out_at_every_step(qtbot, tmp_path):
    """photo-thumbnails says once for the run what is not simulated, elided to its share of the
    line. Stepping leaves that label alone: it was set in full and then elided at every step,
    two relayouts and a repaint for the same text."""
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "photo-thumbnails.yaml"))
    window.resize(1024, 700)  # the note is elided there
    app = QApplication.instance()
    qtbot.keyClick(window, Qt.Key_Right)
    settle(app)
    notes = window.narration.run_notes
    shown = notes.text()
    assert shown.startswith("ℹ Not simulated") and shown.endswith("…") and notes.isVisible()
    paints = Paints(notes)
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key_Right)
        settle(app)
    assert notes.text() == shown
    assert paints.of(notes) == 0


def test_returning_to_a_node_keeps_its_image_previews(qtbot):
    """Stepping away from the bucket that holds a photo and back shows the same preview labels
    again, not new ones built and styled afresh; another node shows none."""
    from window_fixtures import photo_scenario, photo_trace

    from app.playback import Playback
    from app.ui.inspector import Inspector

    inspector = Inspector(Playback(photo_trace()))
    inspector.set_scenario(photo_scenario())
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.select_node("photos")
    first = list(inspector.images.labels)
    assert len(first) == 1 and inspector.image_scroll.isVisibleTo(inspector)
    inspector.select_node("make-thumbnail")
    assert inspector.images.labels == [] and not inspector.image_scroll.isVisibleTo(inspector)
    inspector.select_node("photos")
    assert inspector.images.labels == first and inspector.image_scroll.isVisibleTo(inspector)
    assert not inspector.images.labels[0].pixmap().isNull()
