"""The timeline's "so far" note: shown over the list while it holds only a re-run's first steps
(a what-if preview, docs/decisions/0020-whatif-big.md), as the player's count, the narration
and the Metrics panel say it, so a class does not read the preview's end as the run's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def partial_note(trace: Any) -> str | None:
    """The note for `trace` when its summary says `partial` (app.lab.session.Preview), else None."""
    summary = getattr(trace, "summary", None) or {}
    if not summary.get("partial"):
        return None
    return f"The re-run's first {len(trace):,} steps so far: the rest is still running."


def partial_note_label() -> QLabel:
    """A hidden, wrapped, bold plain-text label (it wraps in a 150 px column)."""
    note = QLabel()
    note.setObjectName("timelineNote")
    note.setWordWrap(True)
    note.setTextFormat(Qt.PlainText)
    note.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
    font = note.font()
    font.setBold(True)
    note.setFont(font)
    note.hide()
    return note


def show_partial_note(note: QLabel, view: QWidget, trace: Any) -> None:
    """Show `note` for a partial trace (and tell screen readers through the list's
    description), hide it otherwise."""
    text = partial_note(trace)
    note.setText(text or "")
    note.setVisible(text is not None)
    view.setAccessibleDescription(text or "")
