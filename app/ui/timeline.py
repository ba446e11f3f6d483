"""The list of every step: time, who called whom, kind and summary, filterable by model and kind.

Flags (denied, refused, throttled, function error, error, retry, cold start, not simulated) are a
glyph *and* a word, so nothing is told by colour alone. The first five come from
`app.engine.outcomes.step_outcome`, the rule `play --summary` counts with, so they always agree. Clicking a row seeks; the current step stays selected and in view.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu,
                               QSizePolicy, QTableView, QToolButton, QVBoxLayout, QWidget)

from app.engine.outcomes import MARKS, marks_retry, step_outcome
from app.engine.trace import step_column
from app.playback import Playback
from app.ui.timeline_note import partial_note_label, show_partial_note

MODELS = ("push", "pull", "on-demand", "internal")
COLUMNS = ("#", "flags", "time", "from", "to", "kind", "summary")
COLUMN_CHARS = (4, 13, 7, 12, 12, 14)
TIME_COLUMN = 2
SUMMARY_COLUMN = 6
COMPACT_HIDDEN = (3, 4, 5)  # from, to, kind: a narrow timeline (a tab beside the inspector) keeps
                            # the step, its flags, its time and what happens
SUMMARY_ROOM = 160  # px the summary should keep before the timeline turns compact
NARROW_HIDDEN = (0, 1)  # narrower still (a 180 px panel on a 1024x600 screen): the # and flags
                        # columns hide too; the flags lead the summary
WIDEST_TIME = "88 min 88.888 s"  # the time column fits this (it cut off "10 min 05.990 s")
ALL_KINDS = "All kinds"


def step_flags(step: Any) -> list[tuple[str, str]]:
    """(glyph, word) for what a student should notice about a step."""
    tags = set(step.tags or ())
    outcome = step_outcome(step)
    flags = [MARKS[outcome]] if outcome else []
    if marks_retry(step):
        flags.append(("↻", "retry"))
    if "cold-start" in tags:
        flags.append(("❄", "cold start"))
    if step.kind == "not-simulated" or step.caveat:
        flags.append(("⚑", "not simulated"))
    return flags


def format_time(ms: float) -> str:
    """Simulated time as a student reads it: 0.350 s, 1 min 0.000 s."""
    if ms < 60_000:
        return f"{ms / 1000:.3f} s"
    minutes, rest = divmod(ms, 60_000)
    return f"{int(minutes)} min {rest / 1000:06.3f} s"


def short_time(ms: float) -> str:
    """Simulated time in seconds only, for a narrow timeline: 605.990 s (not 10 min 05.990 s)."""
    return f"{ms / 1000:.3f} s"


class TimelineModel(QAbstractTableModel):
    """The visible steps of the trace, one per row.

    Filtering lives here rather than in a QSortFilterProxyModel: a proxy asks Python once per
    row, which takes a second on a 100,000-step trace; a list comprehension takes milliseconds.
    """

    StepRole = Qt.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._steps: Sequence[Any] = ()
        self._rows: Sequence[int] = range(0)  # step index of each visible row, ascending
        self.models: set[str] = set(MODELS)
        self.kind: str | None = None
        self.compact = False  # from/to/kind hidden (they lead the tooltip); times in seconds
        self.narrow = False  # #/flags hidden too: the flags lead the summary

    def set_compact(self, on: bool, narrow: bool = False) -> None:
        """Compact: times in seconds only; narrow: the summary starts with the flags."""
        if (on, narrow) != (self.compact, self.narrow):
            self.compact, self.narrow = on, narrow
            if self._rows:
                self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, SUMMARY_COLUMN))

    def set_steps(self, steps: Sequence[Any]) -> None:
        self._steps = steps
        self._refilter()

    def set_filter(self, models: set[str] | None = None, kind: str | None = ...) -> None:
        if models is not None:
            self.models = set(models)
        if kind is not ...:
            self.kind = kind
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        steps, models, kind = self._steps, self.models, self.kind
        if models >= set(MODELS) and kind is None:
            self._rows = range(len(steps))
        else:
            # columns, not steps: a packed 200,000-step trace is not unpacked on the GUI thread
            self._rows = [i for i, (m, k) in enumerate(zip(step_column(steps, "model"), step_column(steps, "kind")))
                          if m in models and (kind is None or k == kind)]
        self.endResetModel()

    def row_of(self, step_index: int) -> int | None:
        """The row showing a step, or None when it is filtered out."""
        row = bisect_left(self._rows, step_index)
        return row if row < len(self._rows) and self._rows[row] == step_index else None

    def step_at(self, row: int) -> Any:
        return self._steps[self._rows[row]]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        step = self.step_at(index.row())
        if role == self.StepRole:
            return step
        if role == Qt.DisplayRole:
            return self._display(step, index.column())
        if role == Qt.ToolTipRole:
            if index.column() == 1:
                return ", ".join(word for _, word in step_flags(step)) or None
            # the summary whole (a narrow column elides it), then the narration
            if self.compact:  # the hidden columns' facts lead
                flags = ", ".join(word for _, word in step_flags(step))
                return (f"Step {step.index + 1:,} · {format_time(step.time_ms)} · {step.source} → "
                        f"{step.target} · {step.kind}"
                        f"{' · ' + flags if flags else ''}\n{step.summary}\n{step.narration}")
            return f"{step.summary}\n{step.narration}"
        if role == Qt.TextAlignmentRole and index.column() in (0, 2):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def _display(self, step: Any, column: int) -> str:
        if column == 0:
            return str(step.index + 1)
        if column == 1:
            return "  ".join(f"{glyph} {word}" for glyph, word in step_flags(step))
        if column == SUMMARY_COLUMN and self.narrow:  # the flags column is hidden: they lead
            flags = "  ".join(f"{glyph} {word}" for glyph, word in step_flags(step))
            return f"{flags} · {step.summary}" if flags else step.summary
        if column == 2:
            return short_time(step.time_ms) if self.compact else format_time(step.time_ms)
        return (step.source, step.target, step.kind, step.summary)[column - 3]


class Timeline(QWidget):
    """The event list, bound to a Playback."""

    def __init__(self, playback: Playback, parent: QWidget | None = None):
        super().__init__(parent)
        self.playback = playback
        self._syncing = False
        self.model = TimelineModel(self)
        self.view = self._make_view()
        self.model_buttons = {name: self._model_button(name) for name in MODELS}
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Filter by kind")
        self.kind_box.setToolTip("Show only the steps of one kind")
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        # a narrow dock (a tab beside the inspector on a small screen) may clip the filters;
        # the kind box shrinks first, so the table, not this row, sets the dock's width
        self.kind_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.kind_box.setMinimumContentsLength(8)
        filter_row = QWidget()
        filter_row.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        filters = QHBoxLayout(filter_row)
        filters.setContentsMargins(0, 0, 0, 0)
        self.show_label = QLabel("Show:")
        filters.addWidget(self.show_label)
        for button in self.model_buttons.values():
            filters.addWidget(button)
        self.models_menu_button = self._models_menu()
        filters.addWidget(self.models_menu_button)
        filters.addWidget(self.kind_box)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(filter_row)
        self.note = partial_note_label()  # "so far" while the steps are a re-run's first ones
        layout.addWidget(self.note)
        layout.addWidget(self.view)
        playback.trace_listeners.append(self._trace_changed)
        playback.index_listeners.append(self.select_current)
        self._trace_changed()

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setAccessibleName("Timeline of steps")
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)
        view.verticalHeader().hide()
        view.setCornerButtonEnabled(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        # a narrow panel: the summary shrinks into view rather than scrolling sideways
        header.setMinimumSectionSize(view.fontMetrics().horizontalAdvance("MMM"))
        # Fixed widths in character units: ResizeToContents would measure every row of a
        # 100,000-step trace on each layout.
        char = view.fontMetrics().horizontalAdvance("M")
        for column, chars in enumerate(COLUMN_CHARS):
            header.resizeSection(column, chars * char)
        header.resizeSection(TIME_COLUMN, view.fontMetrics().horizontalAdvance(WIDEST_TIME) + 2 * char)
        self._compact = False
        view.clicked.connect(self._row_clicked)
        view.activated.connect(self._row_clicked)
        view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        return view

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_columns()
        self._fit_filters()

    def _models_menu(self) -> QToolButton:
        """'Show ▾': the model buttons as a menu, for a timeline too narrow for the buttons
        (at 1024x600 they read '…'). Its entries and the buttons stay in step."""
        button = QToolButton()
        button.setText("Show")
        button.setToolTip("Show or hide the push, pull, on-demand and internal steps")
        button.setAccessibleName("Show steps of these models")
        button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(button)
        for name, model_button in self.model_buttons.items():
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(model_button.isChecked())
            action.toggled.connect(model_button.setChecked)
            model_button.toggled.connect(action.setChecked)
        button.setMenu(menu)
        button.hide()
        return button

    def _fit_filters(self) -> None:
        """The model buttons when the row has room for them, else the 'Show' menu."""
        room = self.width() - 8  # the layout's margins
        needed = (self.show_label.sizeHint().width() + self.kind_box.minimumSizeHint().width()
                  + sum(b.sizeHint().width() for b in self.model_buttons.values()) + 6 * 6)
        narrow = room < needed
        self.show_label.setVisible(not narrow)
        for button in self.model_buttons.values():
            button.setVisible(not narrow)
        self.models_menu_button.setVisible(narrow)

    def _fit_columns(self) -> None:
        """Wide: every column. Compact (less than the fixed columns plus SUMMARY_ROOM): the
        from/to/kind columns hide and the #/time columns shrink to this run's widest value;
        narrow (too little room for # and flags too): those hide and the flags, glyph and word,
        lead the summary. The time and what happens stay in view."""
        view, header = self.view, self.view.horizontalHeader()
        metrics = view.fontMetrics()
        char = pad = metrics.horizontalAdvance("M")
        full = sum(c * char for c in COLUMN_CHARS) + header.sectionSize(TIME_COLUMN) - COLUMN_CHARS[TIME_COLUMN] * char
        compact = self.width() < full + SUMMARY_ROOM
        trace = self.playback.trace
        last = trace[len(trace) - 1] if len(trace) else None
        widest_time = short_time(last.time_ms) if last is not None else "0.000 s"
        time_width = max(metrics.horizontalAdvance(widest_time), metrics.horizontalAdvance("time")) + char
        flags_width = metrics.horizontalAdvance("❄ cold start") + pad
        narrow = compact and self.width() < time_width + 3 * char + metrics.horizontalAdvance(
            "88888") + flags_width + SUMMARY_ROOM
        self.model.set_compact(compact, narrow)
        for column in COMPACT_HIDDEN:
            header.setSectionHidden(column, compact)
        for column in NARROW_HIDDEN:
            header.setSectionHidden(column, narrow)
        if compact:
            digits = str(len(trace) or 1)
            header.resizeSection(0, max(metrics.horizontalAdvance("#"), metrics.horizontalAdvance(digits)) + pad)
            header.resizeSection(1, flags_width)  # "❄ cold start" fits
            header.resizeSection(TIME_COLUMN, time_width)
        else:
            for column in (0, 1):
                header.resizeSection(column, COLUMN_CHARS[column] * char)
            header.resizeSection(TIME_COLUMN, metrics.horizontalAdvance(WIDEST_TIME) + 2 * char)
        self._compact = compact
        # the stretched summary never shrinks below its size when stretching began: restart it
        header.setStretchLastSection(False)
        header.resizeSection(SUMMARY_COLUMN, header.minimumSectionSize())
        header.setStretchLastSection(True)

    def _model_button(self, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(name)
        button.setCheckable(True)
        button.setChecked(True)
        button.setAccessibleName(f"Show {name} steps")
        button.setToolTip(f"Show or hide the {name} steps")
        button.toggled.connect(self._models_changed)
        return button

    def _trace_changed(self) -> None:
        trace = self.playback.trace
        self._syncing = True
        self.model.set_steps(trace)
        self._syncing = False
        kinds = sorted(set(step_column(trace, "kind")))
        current = self.kind_box.currentText()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItems([ALL_KINDS, *kinds])
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findText(current)))
        self.kind_box.blockSignals(False)
        self._kind_changed()
        self._fit_columns()  # the # and time columns follow this run's widest values
        show_partial_note(self.note, self.view, trace)

    def _models_changed(self) -> None:
        self._syncing = True
        self.model.set_filter(models={n for n, b in self.model_buttons.items() if b.isChecked()})
        self._syncing = False
        self.select_current()

    def _kind_changed(self) -> None:
        text = self.kind_box.currentText()
        self._syncing = True
        self.model.set_filter(kind=None if text in ("", ALL_KINDS) else text)
        self._syncing = False
        self.select_current()

    def _row_clicked(self, index: QModelIndex) -> None:
        step = index.data(TimelineModel.StepRole)
        if step is not None:
            self.playback.seek(step.index)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Arrow keys in the list move the playback too; filtering and our own selection do not."""
        if not self._syncing and current.isValid():
            self._row_clicked(current)

    def select_current(self) -> None:
        """Select the current step's row and scroll to it (nothing when it is filtered out)."""
        index = self.playback.index
        found = self.model.row_of(index) if index >= 0 else None
        row = self.model.index(found, 0) if found is not None else QModelIndex()
        if not row.isValid():
            self._syncing = True
            self.view.clearSelection()
            self._syncing = False
            return
        self._syncing = True
        if self.view.currentIndex().row() != row.row():
            self.view.setCurrentIndex(row)
        self.view.selectRow(row.row())
        self._syncing = False
        self.view.scrollTo(row, QAbstractItemView.EnsureVisible)

    def cell(self, step_index: int, column: int) -> QModelIndex:
        """The view's index showing one column of a step (invalid when filtered out)."""
        row = self.model.row_of(step_index)
        return self.model.index(row, column) if row is not None else QModelIndex()

    def selected_step_index(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(TimelineModel.StepRole).index
