"""A quiz answer button whose text wraps, left-aligned, within the lines the quiz bar reserves.

A QPushButton draws its text on one centred line: a long answer ("AWS Lambda → price-order
(reserved concurrency 5)") at caption size was cut off at both ends on a projector, so the
class lost the answer's number ("WS Lambda → …"). This button draws the number first, at the
left, and wraps the rest; the quiz bar gives every button the same height (a number of lines of
its font, for the whole run, so a new question never resizes the diagram) and shrinks the font
of a text that still needs more lines (app.ui.text_fit.fitting_point_size).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QStylePainter

from app.ui.text_fit import SMALLEST_SHARE, fitting_point_size, wrapped_height

PAD_X = 14  # px between the button's edge and its text: the border (3 px) and padding (8 px)
PAD_Y = 7
TEXT_FLAGS = int(Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap)


def button_height(font: QFont, lines: int) -> int:
    """Pixels a button needs to show `lines` lines of `font` with its border and padding."""
    return QFontMetrics(font).lineSpacing() * lines + 2 * PAD_Y + 2


def size_buttons(buttons, points: int | None, lines: int) -> None:
    """Give every button the height of `lines` lines of its bold font at `points` (None: the
    button's own size)."""
    font = QFont(buttons[0].font())
    font.setBold(True)
    if points:
        font.setPointSize(points)
    height = button_height(font, lines)
    for button in buttons:
        if button.height() != height or button.minimumHeight() != height:
            button.setFixedHeight(height)


def fit_buttons(buttons, points: int, grid_width: int, share: float = SMALLEST_SHARE) -> bool:
    """Set each shown button's "fit_pt" property to the point size (from `points` down to
    `share` of it) at which its text fits its lines, None when it fits at `points`; bold for a
    marked ("verdict") answer. A one-line button on a projector passes 0.5: two lines at half
    size fit where one was. A button not laid out yet counts as half of `grid_width` (two columns). False, and
    nothing set, when the grid is not laid out at all."""
    if grid_width < 100:
        return False
    for button in buttons:
        button.setProperty("fit_pt", None)
        if button.isHidden():
            continue
        font = QFont(button.font())
        font.setBold(bool(button.property("verdict")))
        width = (button.text_rect().width() if button.width() > 100
                 else grid_width // 2 - 2 * PAD_X - 6)
        fitted = fitting_point_size(font, points, width, button.height() - 2 * PAD_Y, button.text(), share)
        if fitted != points:
            button.setProperty("fit_pt", fitted)
    return True


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
        return wrapped_height(self.font(), rect.width(), self.text()) <= rect.height()

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

