"""What an AWS engineer wants to check at each step: the permission decision, the exact payload,
and the configuration and state of one node (by default the step's target, or the node clicked).

The permission decision sits on top because "why was this allowed?" is the lesson of most steps;
a denial carries a stop glyph and the word DENIED, not only a colour.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QSizePolicy, QSplitter, QStyle, QStyleOptionGroupBox,
                               QTabWidget, QVBoxLayout, QWidget)

from app.playback import Playback
from app.ui.hover_select import selectable_on_hover
from app.ui.json_tree import JsonTree

SERVICE_NODES = {
    "lambda": "The AWS Lambda service itself: it queues asynchronous events, runs the pollers of "
              "event source mappings, assumes execution roles and creates, reuses and shuts down "
              "execution environments.",
    "sts": "AWS Security Token Service: in Cognito's classic (basic) flow the app calls "
           "AssumeRoleWithWebIdentity here itself to get temporary credentials.",
}
PREVIEW_SIZE = 128
MAX_PREVIEWS = 6


def _is_image(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n"


def find_images(value: Any, blobs: dict | None = None, path: str = "",
                found: list | None = None) -> list[tuple[str, bytes]]:
    """(key path, bytes) of the JPEG/PNG images in a state value, at most MAX_PREVIEWS.

    Images are either bytes in the state itself or a `body_ref` into `trace.blobs` (S3 objects).
    """
    found = [] if found is None else found
    if len(found) >= MAX_PREVIEWS:
        return found
    if isinstance(value, (bytes, bytearray)):
        if _is_image(value):
            found.append((path, bytes(value)))
    elif isinstance(value, dict):
        body = (blobs or {}).get(value.get("body_ref")) if isinstance(value.get("body_ref"), str) else None
        if body is not None and _is_image(body):
            found.append((path, body))
            return found
        for key, child in value.items():
            find_images(child, blobs, f"{path}/{key}" if path else str(key), found)
    elif isinstance(value, (list, tuple)):
        for i, child in enumerate(value):
            find_images(child, blobs, f"{path}[{i}]", found)
    return found


def resource_config(scenario: Any, node: str) -> Any:
    """The node's configuration as a plain document (service nodes: a description)."""
    if node in SERVICE_NODES:
        return {"service": node, "what it does": SERVICE_NODES[node]}
    resource = getattr(scenario, "resources", {}).get(node) if scenario is not None else None
    if resource is None:
        return None
    return resource.model_dump(mode="json", exclude_none=True)


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


class ImageStrip(QWidget):
    """Previews of the images a node holds (the uploaded photo, the thumbnail written)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._cache: dict[int, QPixmap] = {}
        self.labels: list[QLabel] = []
        self._cells: list[QWidget] = []

    def set_images(self, images: list[tuple[str, bytes]]) -> None:
        if images == getattr(self, "_shown", None):
            return  # the same pictures as the step before: keep the labels
        if not images:  # hidden (with its scroll area): the labels wait for the node's return
            self._shown, self.labels = [], []
            self.setVisible(False)
            return
        if images == getattr(self, "_built", None):  # back to the pictures last built: no new
            self._shown, self.labels = list(images), list(self._built_labels)  # labels to polish
            self.setVisible(True)
            return
        self._shown = self._built = list(images)
        for cell in self._cells:  # out of the layout now: deleteLater waits for an event loop
            self._layout.removeWidget(cell)
            cell.hide()
            cell.deleteLater()
        self.labels, self._cells = [], []
        for path, data in images:
            pixmap = self._pixmap(data)
            label = QLabel()
            label.setAlignment(Qt.AlignCenter)
            label.setPixmap(pixmap)
            name = path.rsplit("/", 1)[-1]
            label.setToolTip(f"{path}: {len(data):,} bytes, shown at {pixmap.width()}×{pixmap.height()}")
            label.setAccessibleName(f"Image {name}")
            caption = QLabel(f"{name}\n{len(data):,} bytes")
            caption.setAlignment(Qt.AlignCenter)
            caption.setTextFormat(Qt.PlainText)
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(2, 2, 2, 2)
            column.addWidget(label)
            column.addWidget(caption)
            column.addStretch(1)
            self._layout.addWidget(cell)
            self.labels.append(label)
            self._cells.append(cell)
        self._built_labels = list(self.labels)
        self.setVisible(bool(images))

    def _pixmap(self, data: bytes) -> QPixmap:
        key = hash(data)
        if key not in self._cache:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            if pixmap.width() > PREVIEW_SIZE or pixmap.height() > PREVIEW_SIZE:
                pixmap = pixmap.scaled(PREVIEW_SIZE, PREVIEW_SIZE, Qt.KeepAspectRatio,
                                       Qt.SmoothTransformation)
            self._cache[key] = pixmap
        return self._cache[key]


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


class Inspector(QWidget):
    """The step (permission, status, headers, payload) above the node (state, configuration)."""

    node_changed = Signal(str)

    def __init__(self, playback: Playback, parent: QWidget | None = None):
        super().__init__(parent)
        self.playback = playback
        self.scenario: Any = None
        self._configs: dict[str, Any] = {}  # node → resource_config, for self.scenario
        self.pinned_node: str | None = None
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self._build_step_box())
        splitter.addWidget(self._build_node_box())
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        playback.index_listeners.append(self.refresh)
        self.refresh()

    def _build_step_box(self) -> QWidget:
        box = QGroupBox("This step")
        self.step_title = QLabel()
        self.step_title.setWordWrap(True)
        self.step_title.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.step_title.setTextFormat(Qt.PlainText)
        self.permission = PermissionBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.status.setTextFormat(Qt.PlainText)
        selectable_on_hover(self.status)
        self.status.setAccessibleName("Status and headers")
        self.payload = JsonTree("Payload")
        layout = QVBoxLayout(box)
        for widget in (self.step_title, self.permission, self.status, self.payload):
            layout.addWidget(widget)
        return box

    def _build_node_box(self) -> QWidget:
        self.node_box = NodeBox("Node")
        self.follow_button = QPushButton("Follow the current step")
        self.follow_button.setAccessibleName("Follow the current step")
        self.follow_button.setToolTip("Show the node each step goes to again, instead of the one you clicked")
        self.follow_button.clicked.connect(lambda: self.select_node(None))
        self.images = ImageStrip()
        scroll = QScrollArea()
        scroll.setWidget(self.images)
        scroll.setWidgetResizable(True)
        scroll.setFixedHeight(PREVIEW_SIZE + 64)
        self.image_scroll = scroll
        self.state = JsonTree("State after this step")
        self.config = JsonTree("Configuration")
        self.node_tabs = QTabWidget()
        self.node_tabs.addTab(self.state, "State")
        self.node_tabs.addTab(self.config, "Configuration")
        layout = QGridLayout(self.node_box)
        layout.addWidget(self.follow_button, 0, 0)
        layout.addWidget(scroll, 1, 0)
        layout.addWidget(self.node_tabs, 2, 0)
        return self.node_box

    # ---- inputs
    def set_scenario(self, scenario: Any) -> None:
        self.scenario = scenario
        self._configs = {}
        if self.pinned_node and scenario is not None and self.pinned_node not in scenario.resources \
                and self.pinned_node not in SERVICE_NODES:
            self.pinned_node = None
        self.refresh()

    def select_node(self, node: str | None) -> None:
        """Pin a node (a canvas click); None goes back to following each step's target."""
        self.pinned_node = node
        self.refresh()

    @property
    def node(self) -> str | None:
        step = self.playback.step
        return self.pinned_node or (step.target if step is not None else None)

    # ---- rendering
    def refresh(self) -> None:
        step = self.playback.step
        self._show_step(step)
        self._show_node(self.node)

    def _show_step(self, step: Any | None) -> None:
        if step is None:
            self.step_title.setText("No step")
            self.permission.set_decision(None)
            self.status.hide()
            self.payload.set_data(None)
            return
        self.step_title.setText(f"{step.kind}: {step.source} → {step.target}\n{step.summary}")
        self.permission.set_decision(step.permission)
        lines = []
        if step.status is not None:
            lines.append(f"Status {step.status}")
        lines += [f"{name}: {value}" for name, value in (step.headers or {}).items()]
        self.status.setText("\n".join(lines))
        self.status.setVisible(bool(lines))
        self.payload.set_data(step.payload)

    def _show_node(self, node: str | None) -> None:
        self.follow_button.setVisible(self.pinned_node is not None)
        if node is None:
            self.node_box.setTitle("Node")
            self.state.set_data(None)
            self.config.set_data(None)
            self.images.set_images([])
            self.image_scroll.hide()
            return
        kind = "AWS service" if node in SERVICE_NODES else self._type_of(node)
        self.node_box.setTitle(f"{node}  ({kind})" if kind else node)
        trace = self.playback.trace
        state = trace.node_state_at(self.playback.index, node) if hasattr(trace, "state_at") \
            and self.playback.index >= 0 else {}
        self.state.set_data(state)
        if node not in self._configs:  # a dump of the scenario's model: the same at every step
            self._configs[node] = resource_config(self.scenario, node)
        self.config.set_data(self._configs[node])
        images = find_images(state, getattr(trace, "blobs", None))
        self.images.set_images(images)
        self.image_scroll.setVisible(bool(images))
        self.node_changed.emit(node)

    def _type_of(self, node: str) -> str | None:
        resource = getattr(self.scenario, "resources", {}).get(node) if self.scenario else None
        return getattr(resource, "type", None)
