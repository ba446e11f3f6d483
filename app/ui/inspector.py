"""What an AWS engineer wants to check at each step: the permission decision, the exact payload,
and the configuration and state of one node (by default the step's target, or the node clicked).

The permission decision sits on top because "why was this allowed?" is the lesson of most steps;
a denial carries a stop glyph and the word DENIED, not only a colour.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QDockWidget, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QSizePolicy, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from app.playback import Playback
from app.ui.hover_select import selectable_on_hover
from app.ui.inspector_boxes import NodeBox, StepBox
from app.ui.permission_box import PermissionBox
from app.ui.json_tree import JsonTree
from app.ui.layout_firewall import LayoutFirewall

SERVICE_NODES = {
    "lambda": "The AWS Lambda service itself: it queues asynchronous events, runs the pollers of "
              "event source mappings, assumes execution roles and creates, reuses and shuts down "
              "execution environments.",
    "sts": "AWS Security Token Service: in Cognito's classic (basic) flow the app calls "
           "AssumeRoleWithWebIdentity here itself to get temporary credentials.",
}
PREVIEW_SIZE = 128
MAX_PREVIEWS = 6
_BREAKABLE = re.compile(r"([-/:_.])(?=\w)")  # a zero-width space after these lets a narrow dock wrap
ROOM_STEPS = 500  # steps read when a trace comes, for the room the step box keeps (_room_for)


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


class Inspector(QWidget):
    """The step (permission, status, headers, payload) above the node (state, configuration)."""

    node_changed = Signal(str)

    def __init__(self, playback: Playback, parent: QWidget | None = None, behind: bool = False):
        """`behind=True`: made for a dock that is hidden (MainWindow builds it late, 0018 pass
        5): it shows the playback's step once the dock is shown, as after being behind a tab."""
        super().__init__(parent)
        self.playback = playback
        self.scenario: Any = None
        self._configs: dict[str, Any] = {}  # node → resource_config, for self.scenario
        self.pinned_node: str | None = None
        self._room_trace: Any = None  # the trace _decisions and _status_lines were read from
        self._decisions: list[list[tuple[str, str]]] = []
        self._status_lines = 0
        self._room: dict[int, int] = {}  # step box width → its room (_room_for)
        self._dock: QDockWidget | None = None  # the dock holding this, once watched (_watch_dock)
        self._behind = behind  # its dock is closed or behind another tab: nothing to see
        self._stale = behind  # steps went by while behind: refresh when its dock comes back
        splitter = QSplitter(Qt.Vertical)
        # Each box's text changes relay out that box only: the splitter, the other box and the
        # scroll area hear of it when a box's limits change (docs/decisions/0016-step-latency.md).
        splitter.addWidget(LayoutFirewall(self._build_step_box()))
        splitter.addWidget(LayoutFirewall(self._build_node_box()))
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.step_box.room_for = self._room_for
        playback.index_listeners.append(self.refresh)
        self.refresh()

    def _build_step_box(self) -> QWidget:
        box = self.step_box = StepBox("This step")
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
        self.node_tabs.setElideMode(Qt.ElideRight)  # a narrow dock cuts a tab's name, not the dock
        self.node_tabs.setUsesScrollButtons(False)
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
        self.step_box.forget_heights()
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

    # ---- behind another tab
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._watch_dock()
        super().showEvent(event)

    def _watch_dock(self) -> None:
        """Follow the dock holding this (when it is in one): Qt keeps a dock that is behind
        another tab "visible", moved off the window, so every step laid out and painted into
        nothing (the timeline's tab in front at 1600x1000: ~3–4 ms of a seek, up to 6 ms when
        the status line came or went; docs/decisions/0016-step-latency.md, round 5)."""
        # Not by walking up parentWidget(): the scroll area's viewport between here and the dock
        # is Qt's, and handing it to Python makes PySide build the classes of every QWidget
        # subclass on the first paint (app/ui/viewports.py). The window's docks are Python's.
        top = self.window()
        parent = top if isinstance(top, QDockWidget) else next(
            (value for value in vars(top).values()
             if isinstance(value, QDockWidget) and value.isAncestorOf(self)), None)
        if parent is not None and parent is not self._dock:
            if self._dock is not None:
                self._dock.visibilityChanged.disconnect(self._dock_shown)
            self._dock = parent
            parent.visibilityChanged.connect(self._dock_shown)

    def _dock_shown(self, shown: bool) -> None:
        """The dock's tab came to the front (or the dock opened): show the current step."""
        self._behind = not shown
        if shown and self._stale:
            self._stale = False
            self.refresh()

    # ---- rendering
    def refresh(self) -> None:
        """Show the playback's current step and node; deferred while the dock is behind
        another tab or closed (the reader sees it when the dock is shown again)."""
        if self._behind:
            self._stale = True
            return
        if self.playback.trace is not self._room_trace:
            self._learn_room(self.playback.trace)
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
        title = f"{step.kind}: {step.source} → {step.target}\n{step.summary}"
        self.step_title.setText(_BREAKABLE.sub("\\1\u200b", title))  # long ids wrap, not cut
        self.step_title.setAccessibleName(title)
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
            self.state.set_data_later(None)
            self.config.set_data_later(None)
            self.images.set_images([])
            self.image_scroll.hide()
            return
        kind = "AWS service" if node in SERVICE_NODES else self._type_of(node)
        self.node_box.setTitle(f"{node}  ({kind})" if kind else node)
        trace = self.playback.trace
        state = trace.node_state_at(self.playback.index, node) if hasattr(trace, "state_at") \
            and self.playback.index >= 0 else {}
        self.state.set_data_later(state)  # a tab behind the other is built when shown
        if node not in self._configs:  # a dump of the scenario's model: the same at every step
            self._configs[node] = resource_config(self.scenario, node)
        self.config.set_data_later(self._configs[node])
        images = find_images(state, getattr(trace, "blobs", None))
        self.images.set_images(images)
        self.image_scroll.setVisible(bool(images))
        self.node_changed.emit(node)

    # ---- the step box's room, kept from the first step so that stepping never resizes it
    def _learn_room(self, trace: Any) -> None:
        """Read the decisions and status lines of the trace's first ROOM_STEPS steps.

        The step box grows when a step needs more room than it has, and the splitter then
        relays out and repaints the node box under it too (~30 more paints, 5–15 ms, a few
        times a scenario, and so the slowest steps). Keeping from the start the room the
        tallest decision needs makes those steps ordinary (docs/decisions/0016-step-latency.md)."""
        self._room_trace, self._room = trace, {}
        decisions: dict[tuple, list[tuple[str, str]]] = {}
        status = 0
        for index in range(min(len(trace or ()), ROOM_STEPS)):
            step = trace[index]
            if step.permission is not None:
                rows = PermissionBox.rows_of(step.permission)
                decisions[tuple(rows)] = rows
            status = max(status, (step.status is not None) + len(step.headers or {}))
        self._decisions, self._status_lines = list(decisions.values()), status
        self.step_box.forget_heights()
        # The image strip's room, kept from the start when the run holds a picture (S3 objects'
        # bytes are in the trace's blobs), else from its first showing: in a short dock its
        # coming and going moved the inspector's scroll bar and relaid it all out (round 6).
        blobs = getattr(trace, "blobs", None) or {}
        self.node_box.keep_room(self.image_scroll, ahead=any(
            isinstance(body, (bytes, bytearray)) and _is_image(body) for body in blobs.values()))

    def _room_for(self, width: int) -> int:
        """The step box's height, in px, at `width` px for three title lines, the tallest
        decision and status of the first ROOM_STEPS steps, and the payload (which a wrapping
        layout never gives less than its height for the width)."""
        if width not in self._room:
            box = self.step_box
            layout = box.layout()
            contents, margins = box.contentsRect(), layout.contentsMargins()
            inner = width - (box.width() - contents.width()) - margins.left() - margins.right()
            line, spacing = self.status.fontMetrics().lineSpacing(), layout.spacing()
            decision = max((self.permission.height_for(rows, inner) for rows in self._decisions), default=0)
            self._room[width] = (box.height() - contents.height() + margins.top() + margins.bottom()
                                 + 3 * line + (spacing + decision if decision else 0)
                                 + (spacing + self._status_lines * line if self._status_lines else 0)
                                 + spacing + self.payload.heightForWidth(inner))
        return self._room[width]

    def _type_of(self, node: str) -> str | None:
        resource = getattr(self.scenario, "resources", {}).get(node) if self.scenario else None
        return getattr(resource, "type", None)
