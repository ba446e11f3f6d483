"""Runs compared: the unmodified run and the what-if run side by side, aligned step by step.

Rows come from app.lab.compare (equal, replace, delete, insert); the first differing row is
tinted and carries "◆ first difference", every other difference a glyph and a word (≠ changed,
− only before, + only now), never colour alone. Above the table, what changed in numbers:
invocations, errors, retries, throttles, records delivered, and where each event ended.
Clicking a row moves the player to that step of the what-if run.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from app.engine.wording import step_label
from app.truncation import comparison_cut_note
from app.ui.lab.fitted_label import FittedLabel
from app.ui.viewports import python_viewport

COLUMNS = ("#", "unmodified run", "", "#", "with the what-if")
NARROW_COLUMNS = ("#", "before", "", "#", "what-if")  # headers that fit a narrow panel
TAGS = {"equal": ("=", "same"), "replace": ("≠", "changed"), "delete": ("−", "only before"),
        "insert": ("+", "only now")}
FIRST_TINT = QColor(255, 183, 0, 110)
DIFF_TINT = QColor(255, 183, 0, 40)


def step_text(step) -> str:
    status = f" {step.status}" if step.status is not None else ""
    return f"{step.kind}{status}  {step.source} → {step.target}  {step.summary}"


class CompareModel(QAbstractTableModel):
    """One row per aligned pair; lazy, so a 100,000-step comparison costs nothing until seen."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.old, self.new, self.rows, self.first_row = (), (), (), None
        self.narrow = False  # the marks column shows glyphs only, its words in the tooltip

    def set_narrow(self, narrow: bool) -> None:
        """`narrow` True: the marks column shows its glyphs only (words in the tooltip) and the
        headers their short names; False: words and full headers. Repaints only on a change."""
        if narrow != self.narrow:
            self.narrow = narrow
            self.headerDataChanged.emit(Qt.Horizontal, 0, len(COLUMNS) - 1)
            if self.rows:
                self.dataChanged.emit(self.index(0, 2), self.index(len(self.rows) - 1, 2))

    def set_runs(self, old, new, comparison) -> None:
        self.beginResetModel()
        self.old, self.new = old, new
        self.rows = comparison.rows if comparison is not None else ()
        first_not_equal = getattr(self.rows, "first_not_equal", None)  # app.lab.compare.Rows
        self.first_row = (first_not_equal() if first_not_equal is not None
                          else next((i for i, r in enumerate(self.rows) if r.tag != "equal"), None))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return (NARROW_COLUMNS if self.narrow else COLUMNS)[section]
        if role == Qt.ToolTipRole and orientation == Qt.Horizontal:
            return COLUMNS[section] or None
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        first = index.row() == self.first_row
        if role == Qt.DisplayRole:
            return self._text(row, index.column(), first)
        if role == Qt.BackgroundRole and row.tag != "equal":
            return QBrush(FIRST_TINT if first else DIFF_TINT)
        if role == Qt.ToolTipRole:
            if index.column() == 2:
                return self._text(row, 2, first, words=True)
            step = self.new[row.new] if row.new is not None else self.old[row.old]
            return step.narration
        if role == Qt.UserRole:
            return row
        return None

    def _text(self, row, column: int, first: bool, words: bool | None = None) -> str:
        if column == 2:
            glyph, word = TAGS[row.tag]
            if not (self.narrow is False if words is None else words):  # a narrow panel: glyphs
                return "◆" if first else glyph
            return f"◆ first difference · {glyph} {word}" if first else (
                glyph if row.tag == "equal" else f"{glyph} {word}")
        trace, at = (self.old, row.old) if column < 2 else (self.new, row.new)
        if at is None:
            return ""
        return str(at + 1) if column in (0, 3) else step_text(trace[at])


WIDE_RUN_COLUMN = 120  # px each run's column needs before the marks column spells its words

STILL_RUNNING = ("The what-if is still running: the runs are compared when it is done (the "
                 "player already shows its first steps).")


def summary_html(comparison, old_len: int, new_len: int, cut: str | None = None) -> str:
    """What changed, for the header above the table. `cut`: app.truncation.comparison_cut_note
    when either run was cut at the step cap; it heads the header (the totals below are read
    in its light)."""
    if comparison is None:
        return "Flip a switch in the What if… panel to compare its run with the unmodified one."
    caveat = f"<b>⚠ Cut short.</b> {escape(cut)}<br>" if cut else ""
    if comparison.identical:
        return (f"{caveat}The two runs are step for step the same ({new_len:,} steps), in every "
                "total and in how every event ended: this what-if changes nothing in this "
                "scenario.")
    totals = [f"{escape(d.name)} <b>{d.before:,} → {d.after:,}</b>" for d in comparison.deltas
              if d.changed]
    endings = [f"{escape(d.name)} <b>{d.before:,} → {d.after:,}</b>" for d in comparison.endings
               if d.changed]
    if comparison.steps_align:
        parts = [f"<b>The steps line up one for one</b> ({new_len:,} steps), but what they carried "
                 f"differs."]
    else:
        first = comparison.first_difference
        where = (f"{step_label(first)} of the what-if run" if first is not None
                 else f"the what-if run stops before {step_label(comparison.first_difference_old)}")
        parts = [f"<b>◆ First difference:</b> {where}. Steps: {old_len:,} → {new_len:,}."]
    parts.append("<b>What changed:</b> " + (" · ".join(totals) or "the totals are the same"))
    if endings:
        parts.append("<b>Where the events ended:</b> " + " · ".join(endings))
    return caveat + "<br>".join(parts)


class CompareView(QWidget):
    """The header and the aligned table; follows the controller's last re-run."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("compareView")
        self.controller = controller
        self.summary = FittedLabel()
        self.summary.setObjectName("compareSummary")
        self.summary.setTextFormat(Qt.RichText)
        self.summary.setAccessibleName("What changed")
        self.model = CompareModel(self)
        self.view = QTableView()
        viewport = python_viewport(self.view)  # made here, so asking for it costs nothing
        self.view.setModel(self.model)
        self.view.setAccessibleName("The two runs side by side")
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(8)
        header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)  # cut at the end, not both ends
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.Fixed)
        self.view.clicked.connect(self._clicked)
        viewport.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        controller.session_changed.connect(self.refresh)
        controller.rerun_applied.connect(lambda _rerun: self.refresh())
        controller.preview_shown.connect(lambda _preview: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        c = self.controller
        rerun = c.last_rerun
        if getattr(c, "preview", None) is not None:  # a long re-run shown in part: nothing to claim yet
            old = c.session.original_trace
            self.model.set_runs(old, old, None)
            self.summary.setText(STILL_RUNNING)
            return
        if c.session is None or rerun is None:
            old = c.session.original_trace if c.session is not None else ()
            self.model.set_runs(old, old, None)
            self.summary.setText(summary_html(None, 0, 0))
            return
        old = c.session.original_trace
        self.model.set_runs(old, rerun.trace, rerun.comparison)
        self.summary.setText(summary_html(rerun.comparison, len(old), len(rerun.trace),
                                          comparison_cut_note(old, rerun.trace)))
        self.scroll_to_first()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Both runs always in view: the step numbers as wide as their digits, the marks column
        its words ("◆ first difference · ≠ changed") where the panel has room for them and its
        glyphs where it does not (~190 px beside the What if… panel at 1280x720, where fixed
        columns pushed the what-if run behind a horizontal scroll bar); the two runs share the
        rest equally."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        pad = 2 * metrics.horizontalAdvance(" ") + 6
        digits = len(str(max(len(self.model.old), len(self.model.new), 1)))
        number = metrics.horizontalAdvance("9" * max(2, digits)) + pad
        width = self.view.viewport().width()
        words = metrics.horizontalAdvance("◆ first difference · ≠ changed") + pad
        narrow = width - 2 * number - words < 2 * WIDE_RUN_COLUMN
        self.model.set_narrow(narrow)
        marks = metrics.horizontalAdvance("◆≠") + pad if narrow else words
        run = max(8, (width - 2 * number - marks) // 2)
        for column, size in enumerate((number, run, marks, number, width - 2 * number - marks - run)):
            if header.sectionSize(column) != max(8, size):
                header.resizeSection(column, max(8, size))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Resize:  # the table's viewport: its width is what columns share
            self._fit_columns()
        return False

    def scroll_to_first(self) -> None:
        """Scrolled to, not selected: the selection colour would hide the tint."""
        if self.model.first_row is not None:
            self.view.scrollTo(self.model.index(self.model.first_row, 0),
                               QAbstractItemView.PositionAtCenter)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)  # a hidden table cannot scroll: do it again once it has a size
        QTimer.singleShot(0, self.scroll_to_first)

    @property
    def first_row(self) -> int | None:
        return self.model.first_row

    def _clicked(self, index: QModelIndex) -> None:
        row = index.data(Qt.UserRole)
        if row is not None and row.new is not None:
            self.controller.playback.seek(row.new)
