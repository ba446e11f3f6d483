"""A collapsible view of an AWS-shaped JSON document, the way a student opens one in a console.

Bytes (the JPEG an S3 object holds) are shown as a short description, never as raw data; the
Copy JSON button copies the exact document, bytes replaced by that same description.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QSpacerItem, QToolTip, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from app.ui.viewports import python_viewport

EXPAND_LEVELS = 3
KEY_SHARE = 0.7  # of the tree's width the key column may take (was 3/5: a queue's long attribute
# names were cut while its values, counts, need a few digits)
MAX_CHILDREN = 200  # a 10,000-record batch would make the tree unusable; say how many were left out


def describe_bytes(data: bytes) -> str:
    kind = "JPEG image" if data[:3] == b"\xff\xd8\xff" else (
        "PNG image" if data[:8] == b"\x89PNG\r\n\x1a\n" else "binary data")
    return f"<{kind}, {len(data):,} bytes>"


def jsonable(value: Any) -> Any:
    """A copy of `value` that json.dumps accepts (bytes described, tuples as lists)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return describe_bytes(bytes(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if hasattr(value, "to_json"):
        return jsonable(value.to_json())
    if hasattr(value, "model_dump"):
        return jsonable(value.model_dump(mode="json"))
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def to_json_text(value: Any) -> str:
    return json.dumps(jsonable(value), indent=2, ensure_ascii=False)


def _scalar_text(value: Any) -> str:
    """The value as JSON text (json.dumps's own string encoder: the same text, a tenth of the
    time; a 100,000-step trace's state trees hold hundreds of values)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return json.dumps(value)


def _summary(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}" if value else "{}"
    if isinstance(value, list):
        return f"[{len(value)} items]" if value else "[]"
    return _scalar_text(value)


def _more(value: Any) -> str:
    return f"{len(value) - MAX_CHILDREN:,} more not shown"


def _rows(value: Any, depth: int = 0, out: list | None = None) -> list[tuple]:
    """(depth, key label, has children, value text) per tree row, in the order JsonTree adds
    its items; `value` is already jsonable. Two documents with equal first three fields in
    every row draw the same tree apart from the value column."""
    out = [] if out is None else out
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    for count, (key, child) in enumerate(pairs):
        if count == MAX_CHILDREN:
            out.append((depth, "…", False, _more(value)))
            break
        label = f"[{key}]" if isinstance(value, list) else str(key)
        branch = isinstance(child, (dict, list)) and bool(child)
        out.append((depth, label, branch, _summary(child)))
        if branch:
            _rows(child, depth + 1, out)
    return out


class _Tree(QTreeWidget):
    """A QTreeWidget whose cells' tooltips (the whole key or value, which a narrow column
    cuts) are made when the pointer rests on a cell, not stored in every item at each
    rebuild: two `setToolTip` calls a row were a third of a 260-row rebuild (a far seek's
    state tree) and doubled the signals of an in-place update (0016, round 5)."""

    def viewportEvent(self, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.ToolTip:
            pos = event.pos()
            item, column = self.itemAt(pos), self.columnAt(pos.x())
            owner = self.parentWidget()  # the JsonTree (its layout holds this)
            text = owner.tool_tip(item, column) if item is not None and isinstance(owner, JsonTree) else None
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport(),
                                  self.visualItemRect(item))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


class JsonTree(QWidget):
    """Key/value tree of a document plus a Copy JSON button."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._data: Any = None
        self._user_expanded: dict[tuple[str, ...], bool] = {}  # key path → opened/closed by hand
        self._rows: list[tuple] | None = None  # _rows() of the document shown, if a tree
        self._items: list[QTreeWidgetItem] = []  # its items, in the same order
        self._building = False
        self._touched = False  # the reader opened or closed a branch since the last rebuild
        self._pending: tuple | None = None  # (document,) to build when next shown (set_data_later)
        self._key_widths: dict[tuple, int] = {}  # key column's look → its width (_fit_key_column)
        self.tree = _Tree()
        python_viewport(self.tree)  # viewport() before the first paint: see app.ui.viewports
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["key", "value"])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        # A cut key keeps both ends: ApproximateNumberOfMessages, …NotVisible and …Delayed all
        # read "ApproximateNumbe…" when cut at the right (issue 13, looks-3 item 6).
        self.tree.setTextElideMode(Qt.ElideMiddle)
        self.tree.setAccessibleName(f"{title or 'JSON'} tree")
        self.tree.expanded.connect(self._reader_touched)
        self.tree.collapsed.connect(self._reader_touched)
        self.copy_button = QPushButton("Copy JSON")
        self.copy_button.setAccessibleName(f"Copy {title or 'JSON'}")
        self.copy_button.setToolTip("Copy this document to the clipboard as JSON")
        self.copy_button.clicked.connect(self.copy_json)
        self.title = QLabel(f"<b>{title}</b>") if title else None
        if self.title:  # a narrow side panel: the title wraps rather than push "Copy JSON" out
            self.title.setWordWrap(True)
        header = QBoxLayout(QBoxLayout.LeftToRight)
        if self.title:
            header.addWidget(self.title)
        self._push = QSpacerItem(0, 0, QSizePolicy.Expanding, QSizePolicy.Fixed)  # button right
        header.addSpacerItem(self._push)
        header.addWidget(self.copy_button, 0, Qt.AlignRight)
        self._header = header
        self._narrow_widths: tuple[int, int] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tree)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """As narrow as the button, the title's longest word or the tree allow: in a narrow
        dock (a 1024x600 window) the button goes under the title rather than widen the
        inspector past the dock, which cut everything on its right."""
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self._narrow()[0]), hint.height())

    def _narrow(self) -> tuple[int, int]:
        """(the narrowest this can be, the narrowest with the button beside the title); the
        texts never change, so found once (again after a font or style change)."""
        if self._narrow_widths is None:
            button = self.copy_button.sizeHint().width()
            title = self.title.minimumSizeHint().width() if self.title else 0
            self._narrow_widths = (max(button, title, self.tree.minimumSizeHint().width()),
                                   title + self._header.spacing() + button)
        return self._narrow_widths

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._narrow_widths = None
            self._key_widths = {}
        super().changeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        self._build_pending()
        super().showEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() == event.oldSize().width():
            return
        if self._rows is not None and event.oldSize().width() > 0:
            QTimer.singleShot(0, self, self._fit_key_column)  # widened: the keys get their share again
        if self.title is None:
            return
        room = self._narrow()[1]
        direction = QBoxLayout.LeftToRight if event.size().width() >= room else QBoxLayout.TopToBottom
        if self._header.direction() != direction:
            self._header.setDirection(direction)
            # setDirection transposes spacers: in a column the push would grow in height and take
            # half the tree's (a 1024x600 inspector showed its payload as a gap and two rows)
            row = direction == QBoxLayout.LeftToRight
            self._push.changeSize(0, 0, QSizePolicy.Expanding if row else QSizePolicy.Minimum,
                                  QSizePolicy.Fixed)
            self._header.invalidate()

    @property
    def data(self) -> Any:
        return self._pending[0] if self._pending is not None else self._data

    def set_data_later(self, data: Any) -> None:
        """`set_data`, but a tree not shown now (a tab behind another) is built when it is next
        shown: `data` and Copy JSON give the new document at once. The node's configuration
        was rebuilt behind the State tab each time the step's node changed (decision 0016)."""
        if self.isVisible():
            self.set_data(data)
        else:
            self._pending = (data,)

    def _build_pending(self) -> None:
        if self._pending is not None:
            self.set_data(self._pending[0])

    def set_data(self, data: Any) -> None:
        """Show `data`; branches the user opened or closed keep that state across steps.

        A document with the same keys in the same places as the one shown (a node's state from
        one step to the next) only has its changed values rewritten: no rebuild, no re-measuring
        of the key column, nothing opened or closed (docs/decisions/0016-step-latency.md)."""
        self._pending = None
        if data is not None and self._data is not None and type(data) is type(self._data) \
                and data == self._data:
            self._data = data
            return  # the same document again (the state of a node no step touched)
        shown = jsonable(data) if data is not None else None
        rows = _rows(shown) if isinstance(shown, (dict, list)) and shown else None
        if rows is not None and self._rows is not None and len(rows) == len(self._rows) \
                and all(new[:3] == old[:3] for new, old in zip(rows, self._rows)):
            for item, new, old in zip(self._items, rows, self._rows):
                if new[3] != old[3]:
                    item.setText(1, new[3])
            self._data, self._rows = data, rows
            return
        self._remember_expansion()
        self._data = data
        self._rows, self._items = None, []
        # A rebuild whose scroll bar comes or goes narrows or widens the viewport, and with it
        # the header's last (value) column; told of that, the tree repainted the column on a
        # timer, after the whole repaint the rebuild asks for anyway (a second paint of a
        # third of far seeks; docs/decisions/0016-step-latency.md, round 5). Quiet meanwhile.
        header = self.tree.header()
        header.blockSignals(True)
        try:
            self._rebuild(data, shown, rows)
        finally:
            header.blockSignals(False)
        self.tree.updateGeometries()  # the scroll bars' ranges follow the columns

    def _rebuild(self, data: Any, shown: Any, rows: list[tuple] | None) -> None:
        self.tree.clear()
        self.copy_button.setEnabled(data is not None)
        if data is None:
            QTreeWidgetItem(self.tree, ["(none)", ""]).setDisabled(True)
            return
        if isinstance(shown, (dict, list)) and not shown:
            QTreeWidgetItem(self.tree, ["(empty)", ""]).setDisabled(True)
        elif isinstance(shown, (dict, list)):
            self._build(rows)
            self._rows = rows
        else:
            QTreeWidgetItem(self.tree, ["(value)", _scalar_text(shown)])
        self._fit_key_column()
        self._restore_expansion()

    def _fit_key_column(self) -> None:
        """Keys as wide as they need, but never more than KEY_SHARE of the tree: one long key (an
        iterator's name) had pushed every value out of sight. Long keys are cut in the middle;
        their tooltip is whole.

        The header is resized quietly: told of it, the tree repaints the columns on a timer,
        after the repaint the rebuild asked for (a second paint of the whole tree at every
        step, docs/decisions/0016-step-latency.md); the rebuilt tree is repainted whole anyway."""
        header = self.tree.header()
        before = header.sectionSize(0)
        # The width the keys need depends on the rows shown (depth, key, branch) alone: a trace
        # repeats a few shapes of document, so each shape is measured once. Opened or closed by
        # the reader, or very long (Qt then measures the rows in view), it is measured each time.
        shape = None
        if self._rows is not None and not self._user_expanded and len(self._rows) <= 500:
            shape = tuple(row[:3] for row in self._rows)
        quiet = header.blockSignals(True)  # already quiet in a rebuild: stays so after
        try:
            if shape is not None and shape in self._key_widths:
                self.tree.setColumnWidth(0, self._key_widths[shape])
            else:
                self.tree.resizeColumnToContents(0)
                if shape is not None:
                    if len(self._key_widths) >= 64:
                        self._key_widths.clear()
                    self._key_widths[shape] = self.tree.columnWidth(0)
            cap = max(120, int(self.tree.viewport().width() * KEY_SHARE))
            if self.tree.columnWidth(0) > cap:
                self.tree.setColumnWidth(0, cap)
        finally:
            header.blockSignals(quiet)
        if header.sectionSize(0) != before:
            self.tree.updateGeometries()  # the scroll bar's range follows the columns
            self.tree.viewport().update()

    def _paths(self):
        """(path of keys, item) for every item, depth first."""
        stack = [((), self.tree.invisibleRootItem())]
        while stack:
            path, parent = stack.pop()
            for i in range(parent.childCount()):
                item = parent.child(i)
                item_path = (*path, item.text(0))
                yield item_path, item
                if item.childCount():
                    stack.append((item_path, item))

    def _reader_touched(self, _index) -> None:
        if not self._building:
            self._touched = True

    def _remember_expansion(self) -> None:
        """Note which branches the reader left other than by default (only when they opened or
        closed one since the last rebuild: a walk over every item otherwise)."""
        if not self._touched:
            return
        self._touched = False
        for path, item in self._paths():
            if item.childCount():
                if item.isExpanded() != item.data(0, Qt.UserRole):
                    self._user_expanded[path] = item.isExpanded()  # differs from the default
                else:
                    self._user_expanded.pop(path, None)

    def _restore_expansion(self) -> None:
        if not self._user_expanded:
            return
        self._building = True
        try:
            for path, item in self._paths():
                if path in self._user_expanded:
                    item.setExpanded(self._user_expanded[path])
        finally:
            self._building = False

    def json_text(self) -> str:
        return to_json_text(self.data) if self.data is not None else ""

    def copy_json(self) -> None:
        QApplication.clipboard().setText(self.json_text())

    def _build(self, rows: list[tuple]) -> None:
        """The items of `rows` (see _rows), made apart from the tree and added to it at once,
        then opened to EXPAND_LEVELS: one insertion and one layout, not one per item."""
        top: list[QTreeWidgetItem] = []
        chain: list[QTreeWidgetItem] = []  # the last item seen at each depth
        items = self._items
        for depth, label, branch, text in rows:
            item = QTreeWidgetItem([label, text])
            if depth:
                chain[depth - 1].addChild(item)
            else:
                top.append(item)
            del chain[depth:]
            chain.append(item)
            items.append(item)
            if branch:
                item.setData(0, Qt.UserRole, depth < EXPAND_LEVELS - 1)  # the default state
        self._building = True
        try:
            self.tree.addTopLevelItems(top)
            self.tree.expandToDepth(EXPAND_LEVELS - 2)
        finally:
            self._building = False

    def tool_tip(self, item: QTreeWidgetItem, column: int) -> str | None:
        """The tooltip of a cell (column 0 key, 1 value): its whole text, which a narrow
        column elides; None for the rows that stand for no key ("(none)", "(empty)", a lone
        value, the "… N more not shown" row) and outside the columns."""
        if self._rows is None or column not in (0, 1):
            return None
        if item.text(0) == "…" and item.childCount() == 0 and item.text(1).endswith(" more not shown"):
            return None
        return item.text(column)

    def find_items(self, key: str) -> list[QTreeWidgetItem]:
        """Items whose key column reads `key` (tests and search)."""
        self._build_pending()
        return self.tree.findItems(key, Qt.MatchExactly | Qt.MatchRecursive, 0)
