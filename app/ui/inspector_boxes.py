"""The inspector's boxes that change at every step: the permission decision and the node box.

Both are drawn so that a step repaints what changed and no more (docs/decisions/0016-step-latency.md):
the decision is a grid of plain labels, not rich text; the node box repaints only its title's strip
when the node changes.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (QFrame, QGridLayout, QGroupBox, QLabel, QSizePolicy, QStyle,
                               QStyleOptionGroupBox, QVBoxLayout, QWidget)

from app.ui.hover_select import selectable_on_hover

_BREAKS = re.compile(r"(?<=[-/ ])")  # where a line may break in an ARN or a sentence
DECISION_ROWS = ("principal", "action", "resource", "policy", "matched statement", "reason")


class DecisionTable(QWidget):
    """The decision's rows, each name in bold beside its value, in a grid of plain labels.

    It was one rich-text label holding an HTML table, which Qt lays out afresh in a
    QTextDocument at every new text: ~4 ms of the steps that carry a decision
    (docs/decisions/0016-step-latency.md). It looks and behaves as the table did: the names
    take the width of their widest word (wider only when NAME_SHARE of the width holds every name
    on one line), the grid keeps its own height and is
    cut at the bottom when the dock is too short, the values are selectable while the pointer
    is over them and the tooltip holds every row.
    """

    NAME_SHARE = 0.4

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid_widget = QWidget(self)
        grid = QGridLayout(self.grid_widget)
        grid.setContentsMargins(4, 4, 4, 4)  # the document margin the HTML table had
        grid.setHorizontalSpacing(self.fontMetrics().horizontalAdvance("  ") + 2)  # "&nbsp;&nbsp;"
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(1, 1)
        self._grid = grid
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for row, name in enumerate(DECISION_ROWS):
            key = QLabel(name)
            key.setTextFormat(Qt.PlainText)
            key.setWordWrap(True)
            font = key.font()
            font.setBold(True)
            key.setFont(font)
            value = selectable_on_hover(QLabel())
            value.setTextFormat(Qt.PlainText)
            value.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # long ARNs wrap
            grid.addWidget(key, row, 0, Qt.AlignLeft | Qt.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignTop)
            key.hide()
            value.hide()
            self.names[name], self.values[name] = key, value
        bold = QFontMetrics(self.names["principal"].font())
        self._widest_word = max(bold.horizontalAdvance(word) for name in DECISION_ROWS
                                for word in name.split())
        self._widest_name = max(bold.horizontalAdvance(name) for name in DECISION_ROWS)
        self._rows: list[tuple[str, str]] = []
        self._value_min = 0
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        """`rows`: (name from DECISION_ROWS, value text); rows not given are hidden."""
        self._rows = rows
        given = dict(rows)
        # As the table's value column: never narrower than its longest unbreakable piece (a
        # long ARN overflows, cut on the right, rather than wrap at every hyphen).
        metrics = self.fontMetrics()
        self._value_min = max((metrics.horizontalAdvance(piece) for _, text in rows
                               for piece in _BREAKS.split(text)), default=0)
        for name in DECISION_ROWS:
            text = given.get(name, "")
            self.values[name].setText(text)
            self.names[name].setVisible(bool(text))
            self.values[name].setVisible(bool(text))

    def text(self) -> str:
        """Every shown row as 'name: value', one a line."""
        return "\n".join(f"{name}: {value}" for name, value in self._rows)

    # ---- the grid at its own height, cut at the bottom as the rich-text label was
    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._grid.totalHeightForWidth(self._grid_width(width))

    def _grid_width(self, width: int) -> int:
        margins = self._grid.contentsMargins()
        least = (self._names_width(width) + self._grid.horizontalSpacing() + self._value_min
                 + margins.left() + margins.right())
        return max(width, least)

    def _names_width(self, width: int) -> int:
        return self._widest_name if width * self.NAME_SHARE >= self._widest_name else self._widest_word

    def sizeHint(self) -> QSize:  # noqa: N802
        """The shape QLabel gives a wrapped text (the splitter shares the inspector by it): 80
        average characters wide, or half, or a quarter, when that is still under four lines."""
        natural = self._grid.totalSizeHint().width()
        width = self.fontMetrics().averageCharWidth() * 80
        lines = 4 * self.fontMetrics().lineSpacing()
        height = self.heightForWidth(width)
        for share in (2, 4):
            if height < lines and min(natural, width) > width // share:
                width //= share
                height = self.heightForWidth(width)
        return QSize(min(natural, width), height + self._table_spacing())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As the label's: every row on one line (a shorter dock squeezes the payload first)."""
        shown = sum(1 for name, _ in self._rows if name in self.names)
        if not shown:
            return QSize(0, 8)
        line = self.fontMetrics().height()
        return QSize(0, shown * line + self._table_spacing() + 8)

    def _table_spacing(self) -> int:
        """The 2 px the HTML table kept above and below its rows: counted in the hints, so the
        splitter shares the inspector as before."""
        return 4

    def _place(self) -> None:
        width = self.width()
        names = self._names_width(width)
        for key in self.names.values():
            if key.maximumWidth() != names:
                key.setMaximumWidth(names)
        self.grid_widget.setGeometry(0, 0, self._grid_width(width), self.heightForWidth(width))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def event(self, event) -> bool:
        if event.type() == QEvent.LayoutRequest:  # the grid's texts changed: maybe its height
            self._place()
            self.updateGeometry()
            return True
        return super().event(event)


class PermissionBox(QFrame):
    """Allow/deny, principal, action, resource and the statement or reason that decided."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("permission")
        self.setFrameShape(QFrame.StyledPanel)
        self.verdict = QLabel()
        self.verdict.setObjectName("permissionVerdict")
        self.verdict.setAccessibleName("Permission decision")
        font = self.verdict.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.verdict.setFont(font)
        self.details = DecisionTable()  # long ARNs never widen the dock (nor resize the diagram)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)

    def set_decision(self, decision: Any | None) -> None:
        self.setVisible(decision is not None)
        if decision is None or decision is getattr(self, "_shown", None):
            return
        self._shown = decision
        denied = decision.decision == "deny"
        restyle = self.property("decision") != decision.decision
        self.verdict.setText("⊘  DENIED" if denied else "✔  ALLOWED")
        rows = [("principal", decision.principal), ("action", decision.action),
                ("resource", decision.resource), ("policy", decision.policy),
                ("matched statement", decision.matched), ("reason", decision.reason)]
        rows = [(name, str(value)) for name, value in rows if value]
        self.details.set_rows(rows)
        self.details.setToolTip("\n".join(f"{name}: {value}" for name, value in rows))
        if restyle:  # re-polishing re-reads the whole style sheet: only when allow/deny flips
            self.setProperty("decision", decision.decision)
            self.style().unpolish(self)
            self.style().polish(self)


class NodeBox(QGroupBox):
    """The node's group box; a new title repaints the title's strip alone.

    QGroupBox.setTitle repaints the whole box, and with it the tab widget and the state tree
    under it (~2–3 ms), and the node changes at most steps. Qt keeps a one-space title (so the
    box keeps its title row and frame); the node's name is drawn over it here, in the same font,
    colour and place (docs/decisions/0016-step-latency.md)."""

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(" ", parent)
        self._title = ""
        self.setTitle(title)

    def title(self) -> str:  # noqa: D102 (QGroupBox's)
        return self._title

    def setTitle(self, title: str) -> None:  # noqa: N802 (Qt name)
        if title == self._title:
            return
        self._title = title
        self.setAccessibleName(title)
        self.update(self._title_strip())

    def _title_rect(self) -> QRect:
        option = QStyleOptionGroupBox()
        self.initStyleOption(option)
        return self.style().subControlRect(QStyle.CC_GroupBox, option, QStyle.SC_GroupBoxLabel, self)

    def _title_strip(self) -> QRect:
        label = self._title_rect()
        return QRect(label.left(), label.top(), self.width() - label.left(), label.height())

    def paintEvent(self, event) -> None:  # noqa: N802
        strip = self._title_strip()
        if not strip.contains(event.rect()):  # the frame too (the title's strip alone: the
            super().paintEvent(event)          # box under it draws nothing there, ~1 ms saved)
        if not event.rect().intersects(strip):
            return
        painter = QPainter(self)
        label = self._title_rect()
        text = QRect(label.left(), label.top(), self.width() - label.left(), label.height())
        self.style().drawItemText(painter, text, Qt.AlignLeft | Qt.AlignVCenter, self.palette(),
                                  self.isEnabled(), self._title, QPalette.WindowText)
        painter.end()
