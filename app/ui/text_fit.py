"""Fitting wrapped text into a fixed room: the caption, the quiz's texts and answers.

A text that changes at every step (or question) keeps a fixed room, so nothing around it is
relaid out (docs/decisions/0016-step-latency.md); inside the room its font shrinks, down to a
floor, until it fits (docs/decisions/0021-present-fit.md). Measuring only: no widget here.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics

SMALLEST_SHARE = 0.6  # a text that needs more than its room shrinks to this share, by default


def wrapped_height(font: QFont, width: int, text: str) -> int:
    """Pixels `text` takes wrapped at `width` px in `font` (0 for no text)."""
    if not text:
        return 0
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 100_000), Qt.TextWordWrap,
                                           text).height()


def fitting_point_size(font: QFont, points: int, width: int, height: int, text: str,
                       share: float = SMALLEST_SHARE, floor: int | None = None) -> int:
    """The largest point size from `points` down to `share` of it (at least 8; or down to
    `floor`, when given) at which `text` wrapped at `width` px fits `height` px; the floor when
    none does."""
    font = QFont(font)
    floor = max(8, int(points * share)) if floor is None else min(floor, points)
    size = points
    while size > floor:
        font.setPointSize(size)
        if wrapped_height(font, width, text) <= height:
            break
        size -= 1
    return size


CUT_END = " …"  # ends a text cut to fit its room (the whole is in the tooltip)


def full_text(label) -> str:
    """The whole text of a label `fit_label(..., cut=True)` may have cut: what was set last."""
    shown = label.text()
    return label.property("fullText") if shown and shown == label.property("shownText") else shown


def fit_label(label, points: int, lines: int, share: float = SMALLEST_SHARE,
              cut: bool = False) -> None:
    """Give a wrapped label the height of `lines` lines at `points` (fixed: its text changes
    with every question, the diagram above must not move) and the largest font, from `points`
    down to `share` of it, at which its text fits that height. `cut`: a text that does not fit
    even at the floor shows what fits, ending in CUT_END, and the whole in the tooltip (it was
    clipped through its first and last lines); `full_text(label)` gives the whole back."""
    font = QFont(label.font())
    font.setPointSize(points)
    height = QFontMetrics(font).lineSpacing() * lines + 2
    if label.height() != height or label.minimumHeight() != height:
        label.setFixedHeight(height)
    width = label.width() if label.width() > 50 else 0
    text = full_text(label) if cut else label.text()
    size = fitting_point_size(font, points, width, height, text, share) if width and text else points
    if label.font().pointSize() != size:
        font.setPointSize(size)
        label.setFont(font)
    if not cut:
        return
    font.setPointSize(size)
    shown = (cut_to_height(font, width, height, text, CUT_END) or text) \
        if width and text and wrapped_height(font, width, text) > height else text
    label.setProperty("fullText", text)
    label.setProperty("shownText", shown)
    if label.text() != shown:
        label.setText(shown)
    tip = text if shown != text else ""
    if label.toolTip() != tip:
        label.setToolTip(tip)


def shrink_together(fonts: tuple[QFont, QFont], points: tuple[int, int], texts: tuple[str, str],
                    width: int, room: int, gap: int, step: float, floor: float) -> tuple[int, int]:
    """Two texts stacked in `room` px (`gap` px between them when the second is not empty):
    set both `fonts` to `points` times a share, from 1 down by `step` to `floor`, the first
    share at which both fit (the floor if none). Returns their heights (px) at that share."""
    share = 1.0
    while True:
        for font, base in zip(fonts, points):
            font.setPointSize(max(8, round(base * share)))
        first = wrapped_height(fonts[0], width, texts[0])
        second = wrapped_height(fonts[1], width, texts[1]) + gap if texts[1] else 0
        if first + second <= room or share <= floor:
            return first, second
        share = max(floor, share - step)


def cut_to_height(font: QFont, width: int, height: int, full: str, suffix: str) -> str:
    """The longest start of `full` that, ending in `suffix`, fits `height` px at `font`
    ('' when not even the suffix does)."""
    low, high = 0, len(full)
    while low < high:
        mid = (low + high + 1) // 2
        if wrapped_height(font, width, full[:mid].rstrip() + suffix) <= height:
            low = mid
        else:
            high = mid - 1
    return full[:low].rstrip() + suffix if low else ""


def steady_point_size(font: QFont, points: int, width: int, height: int, texts: list[str],
                      floor: int, share: float) -> int:
    """One point size for texts shown one at a time in the same room (a run's narrations): the
    largest from `points` down to `floor` at which at least `share` (0..1) of `texts` fit
    `width` x `height` px wrapped; `points` for no texts. The rest need more room at that size
    (the caller scrolls them): the size no longer changes from one text to the next."""
    measured = {text: fitting_point_size(font, points, width, height, text, floor=floor)
                for text in set(texts)}  # (a text repeated is measured once, counted each time)
    sizes = sorted(measured[text] for text in texts)
    if not sizes:
        return points
    return sizes[min(len(sizes) - 1, int(len(sizes) * (1 - share)))]
