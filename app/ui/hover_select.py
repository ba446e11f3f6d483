"""Labels whose text can be selected (and copied) while the pointer is over them, and only then.

A selectable QLabel keeps its text in a QTextDocument and lays every new text out there, which
costs a step more layout and two more repaints than a plain label does; the narration and the
inspector change their texts at every step (docs/decisions/0016-step-latency.md). Selecting
still works: the label turns selectable when the pointer enters it, and stops being so when the
pointer leaves with nothing selected.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel


class _HoverSelect(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if isinstance(watched, QLabel):
            if event.type() == QEvent.Enter:
                watched.setTextInteractionFlags(Qt.TextSelectableByMouse)
            elif event.type() == QEvent.Leave and not watched.hasSelectedText():
                watched.setTextInteractionFlags(Qt.NoTextInteraction)
        return False


def selectable_on_hover(label: QLabel) -> QLabel:
    """Make `label` selectable by mouse only while the pointer is over it; returns the label.
    The filter is the label's child, so it goes with the label."""
    label.setTextInteractionFlags(Qt.NoTextInteraction)
    label.installEventFilter(_HoverSelect(label))
    return label
