"""Status bar messages that stay readable beside the busy bar on a small screen.

QStatusBar draws its message on one line and cuts it where the first permanent widget (the
RunIndicator: text, busy bar, Cancel) begins. At 1024x600 that cut "Step 2,001 is not in yet:
…" (said while a what-if preview shows, docs/decisions/0020-whatif-big.md) in the middle.
`show_fitted` shows the leading whole sentences that fit (the important one comes first) and
puts the whole text in the status bar's tooltip; the What if… panel shows it whole as well.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMainWindow, QStatusBar

# room kept for the busy bar's text to grow while the message shows (more digits in its count)
GROWTH_PX = 40
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z⚠])")


def leading_sentences(text: str, metrics: QFontMetrics, room: int) -> str:
    """The first whole sentences of `text` whose width in `metrics` is at most `room` px; the
    first sentence elided with '…' when even it does not fit. In: plain text, px. Out: text."""
    if metrics.horizontalAdvance(text) <= room:
        return text
    sentences = _SENTENCE_END.split(text)
    kept = sentences[0]
    for sentence in sentences[1:]:
        longer = f"{kept} {sentence}"
        if metrics.horizontalAdvance(longer) > room:
            break
        kept = longer
    if metrics.horizontalAdvance(kept) > room:
        kept = metrics.elidedText(kept, Qt.ElideRight, max(room, 0))
    return kept


def message_room(window: QMainWindow) -> int:
    """Pixels the status bar has for its message: its width less Qt's margins (6 px left,
    12 px right) and, while it shows, the busy bar's width (app.ui.run_controller.RunIndicator)
    with GROWTH_PX to spare."""
    bar = window.statusBar()
    room = bar.width() - 18
    progress = getattr(window, "progress", None)
    if progress is not None and progress.isVisibleTo(window):
        room -= max(progress.width(), progress.sizeHint().width()) + GROWTH_PX
    return room


def show_fitted(window: QMainWindow, text: str, timeout_ms: int = 0) -> str:
    """`statusBar().showMessage` of the leading sentences of `text` that fit beside the busy
    bar; the whole text is the status bar's tooltip when something was left out (cleared when
    another message replaces this one). Returns what is shown."""
    bar = window.statusBar()
    shown = leading_sentences(text, bar.fontMetrics(), message_room(window))
    _watch(bar)
    bar.setProperty("fittedFrom", text if shown != text else "")
    bar.showMessage(shown, timeout_ms)
    bar.setToolTip(text if shown != text else "")
    return shown


def full_message(bar: QStatusBar) -> str:
    """The whole text of the message shown now (the shown text when nothing was left out)."""
    return bar.toolTip() or bar.currentMessage()


def _watch(bar: QStatusBar) -> None:
    """Once per status bar: another message (or none) takes the whole-text tooltip away."""
    if bar.property("fitWatched"):
        return
    bar.setProperty("fitWatched", True)

    def changed(message: str) -> None:
        whole = bar.property("fittedFrom") or ""
        if whole and not whole.startswith(message.rstrip("…")) or not message:
            bar.setProperty("fittedFrom", "")
            bar.setToolTip("")

    bar.messageChanged.connect(changed)
