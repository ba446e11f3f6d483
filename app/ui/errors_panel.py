"""Why a file did not open, in the loader's own words (`file:line:col: key.path: message`).

Shown above the canvas rather than as a modal dialog: the scenario that was open stays open and
usable underneath, and the teacher can fix the file and press Reload.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QListWidget,
                               QPushButton, QVBoxLayout, QWidget)

MAX_VISIBLE_ROWS = 8


class ErrorsPanel(QFrame):
    """A dismissable list of problems with the file that failed to open."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorsPanel")
        self.setAccessibleName("Problems with the scenario file")
        self.title = QLabel()
        self.title.setObjectName("errorsTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.PlainText)
        self.list = QListWidget()
        self.list.setAccessibleName("Problems")
        self.list.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.list.setWordWrap(True)
        self.details: str = ""
        self.shown_path: str | None = None  # the file whose problems are listed
        self.again = False  # the last show_problems was of the file already shown (a reload)
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the problems to the clipboard")
        copy.setAccessibleName("Copy problems")
        copy.clicked.connect(self.copy)
        close = QPushButton("Close")
        close.setToolTip("Hide this panel; the open scenario is unchanged")
        close.setAccessibleName("Close problems")
        close.clicked.connect(self.dismiss)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(copy)
        header.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self.hide()

    @property
    def problems(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def show_problems(self, path: str, problems: list[str], kept: str | None, details: str = "") -> None:
        """List the problems; `kept` names the scenario that stays open (None if there was none).
        When the panel already showed this file's problems (a reload that failed again), the
        title says the file was read again, when, and how the count changed: the same banner
        twice looked as if Ctrl+R had done nothing."""
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        stays = f" — “{kept}” stays open." if kept else "."
        self.again = not self.isHidden() and self.shown_path == path
        if self.again:
            when = datetime.now().strftime("%H:%M:%S")
            change = _change(self.list.count(), count)
            still = "still" if self.list.count() == count else "now"  # "still" only when unchanged
            self.title.setText(f"Read {path} again at {when}: {still} {count} {noun}{change}{stays} "
                               f"Fix the file, then Reload (Ctrl+R).")
        else:
            self.title.setText(f"Could not open {path}: {count} {noun}{stays} Fix the file, then "
                               f"Reload (Ctrl+R).")
        self.shown_path = path
        self.list.clear()
        self.list.addItems(problems)
        self.details = details
        rows = min(max(count, 1), MAX_VISIBLE_ROWS)
        self.list.setFixedHeight(rows * (self.list.fontMetrics().height() + 6) + 8)
        self.show()

    def copy(self) -> None:
        text = "\n".join(self.problems)
        QApplication.clipboard().setText(text + (f"\n\n{self.details}" if self.details else ""))

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()


def _change(before: int, now: int) -> str:
    """`, as before` / ` (2 fewer than before)` / ` (1 more than before)`."""
    if now == before:
        return ", as before"
    return f" ({abs(now - before)} {'fewer' if now < before else 'more'} than before)"
