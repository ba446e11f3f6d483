"""A queue's attributes in the inspector at 1280x720 (issue 13, looks-3 item 6): the three keys
ApproximateNumberOfMessages, …NotVisible and …Delayed all showed "ApproximateNumbe…", so a
student looking for "1 message in flight" could not tell them apart. Keys elide in the middle
(the ends that tell them apart stay), the key column is wider, the tooltip has the whole key.
Measured in the window as `lambdascope export --window` renders it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from test_small_screen_room import measure

KEYS = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed")


def _shown_keys(window) -> dict[str, str]:
    """Each queue attribute's key as its cell shows it (elided to the key column's width)."""
    from PySide6.QtWidgets import QApplication

    from app.commands.export_window import _settle

    window._node_clicked("orders")
    _settle(QApplication.instance())  # the inspector laid out at its width
    inspector = window.inspector
    inspector.state._build_pending()
    tree = inspector.state.tree
    metrics = QFontMetrics(tree.font())
    shown = {}
    for key in KEYS:
        items = inspector.state.find_items(key)
        assert items, key
        item = items[0]
        rect = tree.visualItemRect(item)
        width = tree.columnWidth(0) - (rect.left() + tree.header().sectionPosition(0)) - 8
        shown[key] = metrics.elidedText(key, tree.textElideMode(), width)
        assert inspector.state.tool_tip(item, 0) == key  # the whole key on hovering
    return shown


def test_queue_attribute_keys_can_be_told_apart_at_1280x720(qtbot):
    shown = measure(qtbot, "orders-sqs", 18, (1280, 720), before=_shown_keys)
    assert len(set(shown.values())) == 3, shown  # before: "ApproximateNumbe…" three times
    assert "NotVisible" in shown[KEYS[1]] or shown[KEYS[1]].endswith("Visible"), shown
    assert "Delayed" in shown[KEYS[2]], shown
