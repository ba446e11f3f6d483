"""The "changed" mark of a what-if re-run: on the timeline row and in the narration header.

The timeline and the narration belong to the window; the mark is added from outside, through a
delegate on the timeline's view and a playback listener that runs after the narration's own, so
neither widget needs to know about the lab. The mark is a glyph and a word, never colour alone.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QStyledItemDelegate

from app.ui.timeline import COLUMNS, TimelineModel

CHANGED_GLYPH = "◆"
CHANGED_WORD = "changed"
CHANGED_TINT = QColor(255, 183, 0, 90)  # amber, see-through so it reads on every theme
SUMMARY_COLUMN = COLUMNS.index("summary")


def changed_header(position_text: str) -> str:
    """The narration's position line when the step shown is the one the what-if changed."""
    return f"{CHANGED_GLYPH} changed by the what-if  ·  {position_text}"


class ChangedRowDelegate(QStyledItemDelegate):
    """Tints the changed step's row and puts "◆ changed" in front of its summary."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt name)
        super().initStyleOption(option, index)
        changed = self.controller.changed_index
        if changed is None:
            return
        step = index.data(TimelineModel.StepRole)
        if step is None or step.index != changed:
            return
        option.backgroundBrush = QBrush(CHANGED_TINT)
        if index.column() == SUMMARY_COLUMN:
            option.text = f"{CHANGED_GLYPH} {CHANGED_WORD} · {option.text}"


class ChangedMarks:
    """Keeps the timeline and narration marks in step with the controller."""

    def __init__(self, window, controller):
        self.window = window
        self.controller = controller
        self.delegate = ChangedRowDelegate(controller, window.timeline.view)
        window.timeline.view.setItemDelegate(self.delegate)
        # Appended after the narration's own listeners, so this runs once its text is set.
        window.playback.index_listeners.append(self.refresh)
        controller.rerun_applied.connect(lambda _rerun: self.refresh())
        self._tinted: object = None  # the changed step the timeline was last repainted for

    def refresh(self) -> None:
        window = self.window
        if self.controller.changed_index != self._tinted:  # the tint moved: repaint the rows;
            self._tinted = self.controller.changed_index   # a step alone changes no row's tint
            window.timeline.view.viewport().update()
        label = window.narration.position
        step = window.playback.step
        marked = step is not None and step.index == self.controller.changed_index
        text = label.text()
        if marked and not text.startswith(CHANGED_GLYPH):
            label.setText(changed_header(text))
        label.setProperty("changed", marked)
        label.setToolTip("This is the first step where the what-if run differs from the run "
                         "shown before it." if marked else "")
