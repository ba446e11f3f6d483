"""The sentence the class reads aloud: the current step's narration, large, with where we are.

A step that shows one of the chapter's numbered steps is prefixed with that number ("3. …") so
the class can follow the chapter's list; a documented behaviour the step does not simulate is
said right under it, never hidden.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.playback import Playback
from app.ui.timeline import format_time, step_flags

NARRATION_POINT_SIZE = 17
COMPACT_POINT_SIZE = 13  # a short window (a 600 px screen): the diagram keeps more room
CAPTION_POINT_SIZE = 30
RESERVED_LINES = 3  # the text keeps this height whatever the step, so the diagram above is not
                    # resized (and refitted and fully repainted) at every step
SMALLEST_SHARE = 0.5  # a long narration shrinks its font down to this share of the size to fit


# "(lambda-behaviour.md §7, S3N/S3M)", "(§6 RBP)": source keys for engineers, noise on a
# projected caption. The tooltip and `play` keep them.
_SOURCE = re.compile(r"\s*\([^()]*§[^()]*\)")


def without_sources(text: str) -> str:
    """The sentence as a class reads it: reference citations in parentheses left out."""
    return _SOURCE.sub("", text)


def narration_text(step: Any) -> str:
    """The narration, with the chapter step number in front where the step shows one."""
    text = without_sources(step.narration)
    if step.chapter_step is not None:
        return f"{step.chapter_step}. {text}"
    return text


def position_text(step: Any, total: int) -> str:
    """'Step 5 of 42 · 0.350 s · push' (plus the flags in words)."""
    parts = [f"Step {step.index + 1} of {total}", format_time(step.time_ms), step.model,
             f"{step.source} → {step.target}"]
    parts += [f"{glyph} {word}" for glyph, word in step_flags(step)]
    return "  ·  ".join(parts)


class NarrationPanel(QWidget):
    """Position line, narration, and the not-simulated caveat, bound to a Playback."""

    def __init__(self, playback: Playback, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("narration")
        self.playback = playback
        self.position = QLabel()
        self.position.setObjectName("narrationPosition")
        self.position.setAccessibleName("Step position")
        self.text = QLabel()
        self.text.setObjectName("narrationText")
        self.text.setAccessibleName("Narration")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.text.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.caveat = QLabel()
        self.caveat.setObjectName("narrationCaveat")
        self.caveat.setAccessibleName("Not simulated")
        self.caveat.setWordWrap(True)
        for label in (self.position, self.text, self.caveat):
            label.setTextFormat(Qt.PlainText)
            label.setSizePolicy(QSizePolicy.Ignored, label.sizePolicy().verticalPolicy())
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setSpacing(4)
        layout.addWidget(self.position)
        layout.addWidget(self.text)
        layout.addWidget(self.caveat)
        self._compact = self._caption = False
        self.set_caption_mode(False)
        playback.index_listeners.append(self.refresh)
        self.refresh()

    def set_caption_mode(self, on: bool) -> None:
        """Presentation mode: a caption large enough for the back row."""
        self._caption = on
        self._point_size = (CAPTION_POINT_SIZE if on else
                            COMPACT_POINT_SIZE if self._compact else NARRATION_POINT_SIZE)
        self._layout.setContentsMargins(*((48, 12, 48, 16) if on else (12, 8, 12, 8)))
        font = self.text.font()
        font.setPointSize(self._point_size)
        self.text.setFont(font)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * RESERVED_LINES + 4)
        self._small_size = 16 if on else 10
        small = self.position.font()
        small.setPointSize(self._small_size)
        self.position.setFont(small)
        self.caveat.setFont(small)
        self.caveat.setFixedHeight(self.caveat.fontMetrics().lineSpacing() * 2)
        self._fit_text()

    def set_compact(self, on: bool) -> None:
        """A short window: the narration at COMPACT_POINT_SIZE (presentation mode keeps its caption)."""
        if on != self._compact:
            self._compact = on
            if not self._caption:
                self.set_caption_mode(False)

    def refresh(self) -> None:
        step = self.playback.step
        if step is None:
            self.position.setText("No steps")
            self.text.setText("Open a scenario to see how AWS Lambda handles it, step by step.")
            self.caveat.setText("")
            return
        self.position.setText(position_text(step, len(self.playback)))
        self.text.setText(narration_text(step))
        # The caveat line keeps its place when empty, for the same reason as RESERVED_LINES.
        self.caveat.setText(f"⚑ Not simulated: {without_sources(step.caveat)}" if step.caveat else "")
        self.caveat.setToolTip(step.caveat or "")
        self._fit_text()

    def _fit_text(self) -> None:
        """Shrink the font of a narration too long for the reserved lines, never below a floor;
        the caveat likewise, within its two lines (it was cut off mid-sentence on a projector)."""
        self._fit(self.text, self._point_size)
        self._fit(self.caveat, self._small_size)

    @staticmethod
    def _fit(label: QLabel, point_size: int) -> None:
        width, height = label.width(), label.height()
        if width < 50:
            return
        font = label.font()
        size = point_size
        floor = max(8, int(point_size * SMALLEST_SHARE))
        while True:
            font.setPointSize(size)
            needed = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), Qt.TextWordWrap,
                                                     label.text()).height()
            if needed <= height or size <= floor:
                break
            size -= 1
        if font.pointSize() != label.font().pointSize():
            label.setFont(font)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_text()
