"""The "What if…" panel: the open scenario's switches, each with the documented prediction.

The switches come from app.lab (generated from the scenario, never written per file); this
widget only shows them as a check box, a drop-down or a spin box and hands every change to the
`LabController`, which re-runs the engine. A refused edit is said in the panel and the control
goes back to the value the session holds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel,
                               QMenu, QPushButton, QScrollArea, QSpinBox, QToolButton, QVBoxLayout,
                               QWidget)

from app.lab.switch import GROUPS
from app.ui.lab.fitted_label import FittedLabel

GROUP_TITLES = {"permissions": "Remove a permission", "failures": "Make a function fail",
                "knobs": "Change a setting", "hazards": "Hazards"}
SPIN_MAX = 1_000_000


def none_label(switch) -> str:
    """What `None` means for a number switch: no reservation, or no failing record."""
    return "unreserved" if switch.id.endswith(":reserved") else "off"


def format_option(switch, value: Any) -> str:
    if value is None:
        return none_label(switch)
    return f"{value:g}" if isinstance(value, float) else str(value)


class NumberControl(QWidget):
    """A spin box (its lowest position stands for `None` where the switch allows it) and presets."""

    def __init__(self, switch, parent=None):
        super().__init__(parent)
        self.switch = switch
        is_float = any(isinstance(v, float) for v in (switch.current, *switch.options))
        self.allows_none = switch.current is None or None in switch.options
        low = switch.minimum if switch.minimum is not None else 0
        high = switch.maximum if switch.maximum is not None else SPIN_MAX
        self.box = QDoubleSpinBox() if is_float else QSpinBox()
        if is_float:
            self.box.setDecimals(1)
            self.box.setSingleStep(0.5)
        step_below = (0.1 if is_float else 1) if self.allows_none else 0
        self.box.setRange(low - step_below, high)
        if self.allows_none:
            self.box.setSpecialValueText(none_label(switch))
        self.box.setKeyboardTracking(False)  # one re-run per value, not per key typed
        self.box.setAccessibleName(switch.label)
        self.presets = QToolButton()
        self.presets.setText("▾")
        self.presets.setToolTip("Documented values worth trying")
        self.presets.setAccessibleName(f"Presets for {switch.label}")
        self.presets.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(self.presets)
        for option in switch.options:
            menu.addAction(format_option(switch, option),
                           lambda o=option: self.set_value(o, emit=True))
        self.presets.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 1)
        layout.addWidget(self.presets)
        # Only after it has a parent: showing a parentless widget opens a window of its own.
        self.presets.setVisible(bool(switch.options))
        self.on_change = None

        self.box.valueChanged.connect(lambda _v: self.on_change and self.on_change(self.value()))

    def value(self) -> Any:
        raw = self.box.value()
        if self.allows_none and raw <= self.box.minimum():
            return None
        return float(raw) if isinstance(self.box, QDoubleSpinBox) else int(raw)

    def set_value(self, value: Any, emit: bool = False) -> None:
        self.box.blockSignals(not emit)
        self.box.setValue(self.box.minimum() if value is None else value)
        self.box.blockSignals(False)


class ClickableLabel(QLabel):
    """A toggle's wrapped text; clicking it flips the check box, as a check box's text would."""

    def __init__(self, text: str, on_click, parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.PlainText)
        self.on_click = on_click

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.button() == Qt.LeftButton:
            self.on_click()
        super().mouseReleaseEvent(event)


class SwitchRow(QWidget):
    """One switch: its control, and its prediction in one wrapped line under it."""

    def __init__(self, switch, value: Any, on_change, parent=None):
        super().__init__(parent)
        self.switch = switch
        self.setObjectName("whatIfSwitch")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 6)
        layout.setSpacing(2)
        self.title = None
        if switch.kind == "toggle":
            # A check box's own text does not wrap; a wrapped label beside it does.
            self.control = QCheckBox()
            self.control.toggled.connect(lambda on: on_change(switch.id, bool(on)))
            self.title = ClickableLabel(switch.label, self.control.click)
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.control, 0, Qt.AlignTop)
            line.addWidget(self.title, 1)
            layout.addLayout(line)
        else:
            self.title = QLabel(switch.label)
            self.title.setWordWrap(True)
            layout.addWidget(self.title)
            if switch.kind == "choice":
                self.control = QComboBox()
                for option in switch.options:
                    self.control.addItem(format_option(switch, option), option)
                self.control.currentIndexChanged.connect(
                    lambda i: on_change(switch.id, self.control.itemData(i)))
            else:
                self.control = NumberControl(switch)
                self.control.on_change = lambda v: on_change(switch.id, v)
            layout.addWidget(self.control)
        self.control.setAccessibleName(switch.label)
        self.control.setToolTip(switch.prediction)
        self.prediction = QLabel(f"→ {switch.prediction}")
        self.prediction.setObjectName("whatIfPrediction")
        self.prediction.setWordWrap(True)
        self.prediction.setTextFormat(Qt.PlainText)
        font = self.prediction.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.prediction.setFont(font)
        self.prediction.setEnabled(False)  # the palette's muted text: it reads as a note
        layout.addWidget(self.prediction)
        self.show_value(value)

    def show_value(self, value: Any) -> None:
        """Show `value` without re-running, and mark the row when it differs from the file."""
        control = self.control
        control.blockSignals(True)
        if self.switch.kind == "toggle":
            control.setChecked(bool(value))
        elif self.switch.kind == "choice":
            control.setCurrentIndex(max(0, self.switch.options.index(value))
                                    if value in self.switch.options else 0)
        else:
            control.set_value(value)
        control.blockSignals(False)
        edited = not (value == self.switch.current and type(value) is type(self.switch.current))
        label = self.title or control
        if label.font().bold() != edited:  # a font change re-lays out the whole panel: only when needed
            font = label.font()
            font.setBold(edited)
            label.setFont(font)

    def value(self) -> Any:
        if self.switch.kind == "toggle":
            return self.control.isChecked()
        if self.switch.kind == "choice":
            return self.control.currentData()
        return self.control.value()


class WhatIfPanel(QWidget):
    """Switches grouped by what they break, a Reset button and a line saying what the last run did."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("whatIfPanel")
        self.controller = controller
        self.rows: dict[str, SwitchRow] = {}
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Every switch back to the file's value: the unmodified run")
        self.reset_button.clicked.connect(controller.reset)
        self.compare_button = QPushButton("Compare runs")
        self.compare_button.setToolTip("The unmodified run and this one, side by side")
        self.status = FittedLabel()
        self.status.setObjectName("whatIfStatus")
        self.status.setTextFormat(Qt.PlainText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        controller.session_changed.connect(self.rebuild)
        controller.rerun_applied.connect(self._rerun_applied)
        controller.failed.connect(self._failed)
        controller.busy_changed.connect(self._busy)
        controller.preview_shown.connect(self._preview_shown)
        controller.preview_note.connect(self.status.setText)  # the status bar's words too
        controller.described_again.connect(self._described_again)
        self.rebuild()

    def rebuild(self) -> None:
        """New document: one row per switch, grouped, in the order app.lab gives them."""
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = {}
        session = self.controller.session
        switches = session.switches if session is not None else []
        document = self.controller.document
        if session is None and getattr(document, "cached", False):  # the last start's picture
            self.heading.setText(f"The switches appear once {document.path.name} is checked…")
        elif session is None:
            self.heading.setText("Open a scenario to try what-ifs on it.")
        else:
            self.heading.setText(f"Flip a switch: the run is redone at once. "
                                 f"{len(switches)} switches for this scenario.")
        for group in GROUPS:
            members = [s for s in switches if s.group == group]
            if not members:
                continue
            box = QGroupBox(GROUP_TITLES.get(group, group.title()))
            box_layout = QVBoxLayout(box)
            for switch in members:
                row = SwitchRow(switch, session.value(switch.id), self.controller.set_value)
                self.rows[switch.id] = row
                box_layout.addWidget(row)
            self.body_layout.addWidget(box)
        self.body_layout.addStretch(1)
        self.status.setText("")
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        self.reset_button.setEnabled(self.controller.edited)
        self.compare_button.setEnabled(self.controller.session is not None)

    def refresh_values(self) -> None:
        session = self.controller.session
        for switch_id, row in self.rows.items():
            row.show_value(session.value(switch_id))
        self._enable_buttons()

    def _rerun_applied(self, rerun) -> None:
        self.refresh_values()
        if not rerun.edits:
            self.status.setText("The unmodified run, as the file describes it.")
            return
        self.status.setText(self.controller.describe(rerun))  # the status bar's words too

    def _described_again(self, said: str, now: str) -> None:
        """The reader moved off the step the re-run line named: the line without it."""
        if self.status.text() == said:
            self.status.setText(now)

    def _preview_shown(self, preview) -> None:
        if preview is not None:
            self.status.setText(self.controller.preview_text())
        elif self.controller.running:  # a newer flip dropped the preview shown
            self.status.setText("Re-running… (Cancel in the status bar stops it)")

    def _failed(self, switch_id: str, message: str) -> None:
        self.refresh_values()
        self.status.setText(f"⚠ Not applied: {message}")

    def _busy(self, busy: bool) -> None:
        if busy:
            self.status.setText("Re-running… (Cancel in the status bar stops it)")
