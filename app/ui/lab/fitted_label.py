"""A wrapped label that keeps the height its text needs (the lab's status lines)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class FittedLabel(QLabel):
    """A wrapped label shown from its first line down and never squeezed below the height its
    text needs at its width: the What if… status (a long "Re-ran … Cut short …" in a short
    panel was centred in too little height, its first lines cut off) and the Runs compared
    summary (its "still running" note was cut after "(the player" in a narrow dock). What
    shares the panel with it (a list that scrolls) gives up the room instead."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.width() <= 0:
            return
        kept = self.minimumHeight()
        self.setMinimumHeight(0)  # QLabel's heightForWidth never answers below its minimum
        need = self.heightForWidth(self.width())
        self.setMinimumHeight(need if need > 0 else kept)
