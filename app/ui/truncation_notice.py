"""The notice above the diagram when the run shown was cut at the engine's step cap.

The words come from app.truncation.truncation_note, the same sentence `play` and the
exports print. Added from outside (`install_truncation_notice(window)`), between the errors
panel and the diagram, and refreshed whenever the player is given another trace (open, reload,
what-if), so a run that stopped early can never look like the whole story.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.truncation import truncation_note


class TruncationNotice(QLabel):
    """"⚠ Cut short: …" on an amber strip; hidden while the trace shown is complete."""

    def __init__(self, playback, parent=None):
        super().__init__(parent)
        self.playback = playback
        self.setObjectName("truncationNotice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.PlainText)
        self.setAccessibleName("Run cut short")
        self.setStyleSheet("QLabel#truncationNotice { background: rgba(255, 183, 0, 90); "
                           "padding: 4px 8px; }")
        playback.trace_listeners.append(self.refresh)

    def refresh(self) -> None:
        note = truncation_note(self.playback.trace)
        self.setText(f"⚠ {note}" if note else "")
        self.setVisible(note is not None)


def install_truncation_notice(window) -> TruncationNotice:
    """Put the notice under the window's errors panel (above the diagram); returns it."""
    notice = TruncationNotice(window.playback)
    layout = window.centralWidget().layout()
    layout.insertWidget(layout.indexOf(window.errors) + 1, notice)
    notice.refresh()  # only once it has a parent: a parentless shown label is its own window
    return notice
