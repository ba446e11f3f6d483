"""A quiz answer button whose text wraps, left-aligned, within the lines the quiz bar reserves.

A QPushButton draws its text on one centred line: a long answer ("AWS Lambda → price-order
(reserved concurrency 5)") at caption size was cut off at both ends on a projector, so the
class lost the answer's number ("WS Lambda → …"). This button draws the number first, at the
left, and wraps the rest; the quiz bar gives every button the same height (a number of lines of
its font, for the whole run, so a new question never resizes the diagram) and shrinks the font
of a text that still needs more lines (`fitting_point_size`).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QStylePainter

PAD_X = 14  # px between the button's edge and its text: the border (3 px) and padding (8 px)
PAD_Y = 7
TEXT_FLAGS = int(Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap)
SMALLEST_SHARE = 0.6  # a text that needs more than the reserved lines shrinks to this share


def button_height(font: QFont, lines: int) -> int:
    """Pixels a button needs to show `lines` lines of `font` with its border and padding."""
    return QFontMetrics(font).lineSpacing() * lines + 2 * PAD_Y + 2


def text_height(font: QFont, width: int, text: str) -> int:
    """Pixels `text` takes wrapped at `width` px in `font`."""
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 100_000), TEXT_FLAGS, text).height()


def fitting_point_size(font: QFont, points: int, width: int, height: int, text: str,
                       share: float = SMALLEST_SHARE) -> int:
    """The largest point size from `points` down to `share` of it (at least 8) at which
    `text` wrapped at `width` px fits `height` px; the floor when none does."""
    font = QFont(font)
    floor = max(8, int(points * share))
    size = points
    while size > floor:
        font.setPointSize(size)
        if text_height(font, width, text) <= height:
            break
        size -= 1
    return size


class ChoiceButton(QPushButton):
    """A push button whose text (`text()`, as any button's) is wrapped and left-aligned."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("wraps", True)  # tests and the quiz bar measure it as wrapped text

    def text_rect(self) -> QRect:
        """Where the text is drawn, inside the border and padding."""
        return self.rect().adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)

    def text_fits(self) -> bool:
        """Whether every line of the text is inside the button as drawn now."""
        rect = self.text_rect()
        return text_height(self.font(), rect.width(), self.text()) <= rect.height()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        option.icon = QIcon()
        painter = QStylePainter(self)
        painter.drawControl(QStyle.CE_PushButton, option)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ButtonText))
        painter.drawText(self.text_rect(), TEXT_FLAGS, self.text())


def fit_label(label, points: int, lines: int, share: float = SMALLEST_SHARE) -> None:
    """Give a wrapped label the height of `lines` lines at `points` (fixed: its text changes
    with every question, the diagram above must not move) and the largest font, from `points`
    down to `share` of it, at which its text fits that height."""
    font = QFont(label.font())
    font.setPointSize(points)
    height = QFontMetrics(font).lineSpacing() * lines + 2
    if label.height() != height or label.minimumHeight() != height:
        label.setFixedHeight(height)
    width = label.width() if label.width() > 50 else 0
    text = label.text()
    size = fitting_point_size(font, points, width, height, text, share) if width and text else points
    if label.font().pointSize() != size:
        font.setPointSize(size)
        label.setFont(font)
