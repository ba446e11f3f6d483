"""The built-in scenarios as cards: title, the model each teaches, summary and learning goals.

Read straight from the YAML metadata (no validation, no engine run) so the page appears at once;
opening a card goes through the normal loader, which reports any problem with the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

# The metadata is read by Qt-free code that `lambdascope scenarios` shares.
from app.bundled import MODEL_WORDS, SCENARIOS_DIR, ScenarioInfo, builtin_scenarios


class ScenarioCard(QFrame):
    def __init__(self, info: ScenarioInfo, on_open, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scenarioCard")
        self.info = info
        title = QLabel(info.title)
        title.setObjectName("scenarioCardTitle")
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        models = QLabel("  ".join(f"[{MODEL_WORDS.get(m, m)}]" for m in info.teaches))
        summary = QLabel(info.summary)
        summary.setWordWrap(True)
        goals = QLabel("".join(f"• {goal}\n" for goal in info.learning_goals).rstrip())
        goals.setWordWrap(True)
        for label in (title, models, summary, goals):
            label.setTextFormat(Qt.PlainText)
        self.open_button = QPushButton(f"Open “{info.title}”")
        self.open_button.setAccessibleName(f"Open {info.title}")
        self.open_button.setToolTip(str(info.path))
        self.open_button.clicked.connect(lambda: on_open(info.path))
        layout = QVBoxLayout(self)
        for widget in (title, models, summary):
            layout.addWidget(widget)
        if info.learning_goals:
            layout.addWidget(QLabel("You will see:"))
            layout.addWidget(goals)
        layout.addStretch(1)
        layout.addWidget(self.open_button, 0, Qt.AlignRight)


class StartPage(QScrollArea):
    """Cards for the built-in scenarios, plus Open file… and Back."""

    open_requested = Signal(object)  # Path
    open_file_requested = Signal()
    back_requested = Signal()

    def __init__(self, folder: Path = SCENARIOS_DIR, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Built-in scenarios")
        self.folder = folder
        self.cards: list[ScenarioCard] = []
        body = QWidget()
        self._layout = QVBoxLayout(body)
        heading = QLabel("Choose a scenario")
        font = heading.font()
        font.setPointSize(font.pointSize() + 10)
        font.setBold(True)
        heading.setFont(font)
        self.back_button = QPushButton("Back to the open scenario")
        self.back_button.setAccessibleName("Back to the open scenario")
        self.back_button.clicked.connect(self.back_requested)
        open_file = QPushButton("Open a file… (Ctrl+O)")
        open_file.setAccessibleName("Open a scenario file")
        open_file.clicked.connect(self.open_file_requested)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(open_file)
        top.addWidget(self.back_button)
        self._layout.addLayout(top)
        self._grid = QGridLayout()
        self._layout.addLayout(self._grid)
        self._layout.addStretch(1)
        self.setWidget(body)

    def populate(self) -> None:
        """(Re)read the folder; called when the page is shown, not at start-up. The cards of
        files that did not change are kept (read_info remembers them), so showing the page again
        costs a stat per file rather than a parse and new widgets for each."""
        infos = builtin_scenarios(self.folder)
        if infos == [card.info for card in self.cards]:
            return
        for card in self.cards:
            card.deleteLater()
        self.cards = [ScenarioCard(info, self.open_requested.emit) for info in infos]
        for i, card in enumerate(self.cards):
            self._grid.addWidget(card, i // 2, i % 2)
