"""The permission decision in the inspector: ALLOWED or DENIED over the rows that decided it.

Drawn so that a new decision is one layout and one paint (docs/decisions/0016-step-latency.md),
and so that a narrow dock (a 1024x600 window) shows every word of it, wrapped, never cut.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

_BREAKS = re.compile(r"(?<=[-/ ])|(?<=:)(?!:)")  # where a line may break in an ARN or a sentence
# aws:SourceArn: the calling resource a resource-based policy weighed (S3 bucket, SNS topic …)
DECISION_ROWS = ("principal", "aws:SourceArn", "action", "resource", "policy", "matched statement",
                 "reason")


class DecisionTable(QWidget):
    """The decision's rows, each name in bold beside its value (or above it in a narrow dock),
    drawn by this one widget.

    It was a grid of a dozen labels (before that, an HTML table in a rich-text label): a new
    decision showed, hid, moved and repainted each label and asked each for its height, 1–3 ms
    of the steps that carry one (docs/decisions/0016-step-latency.md). Here a new decision is
    one text layout per width (kept until the rows change) and one paint.

    Nothing is cut: a value wraps after a ``-``, ``/``, ``:`` or space, and a piece still wider
    than the column wraps between characters (a long ARN in a 1024-px-wide window), so a class
    reading a projected laptop sees every value whole. The names take the width of their widest
    word (wider when NAME_SHARE of the width holds every name on one line); when that is
    taller, or leaves a value fewer than MIN_VALUE_CHARS characters, each name goes on its own
    line above its value. The widget's minimum height is its height at its width, so a short
    dock scrolls (the inspector sits in a scroll area) rather than cut rows. The tooltip holds every row;
    the context menu copies a row or the whole decision.
    """

    NAME_SHARE = 0.4
    MIN_VALUE_CHARS = 12
    MARGIN = 4  # the document margin the HTML table had
    INDENT = 8  # a value under its name, in a narrow dock

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []
        self._lines: dict[int, tuple[int, list]] = {}  # width → (height, [(x, y, bold, text, row)])
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
        self.setContextMenuPolicy(Qt.DefaultContextMenu)
        self.setAccessibleName("Permission decision details")  # its description: every row

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        """`rows`: (name from DECISION_ROWS, value text), shown in DECISION_ROWS' order."""
        rows = _ordered(rows)
        if rows == self._rows:
            return
        self._rows = rows
        self._lines = {}
        self.setAccessibleDescription(self.text())  # a screen reader's rows, not the tooltip's
        self.updateGeometry()  # the layouts keep heights per width: they must ask again
        self.update()

    def text(self) -> str:
        """Every shown row as 'name: value', one a line."""
        return "\n".join(f"{name}: {value}" for name, value in self._rows)

    def value(self, name: str) -> str:
        """The value shown for row `name` ('' when the row is not shown)."""
        return dict(self._rows).get(name, "")

    def shown_lines(self, width: int | None = None) -> list[str]:
        """The lines drawn at `width` (default: the widget's), top to bottom (tests)."""
        return [line[3] for line in self._layout(self.width() if width is None else width)[1]]

    # ---- layout: wrapped lines per width, kept until the rows change
    def _layout(self, width: int) -> tuple[int, list]:
        if width not in self._lines:
            if len(self._lines) > 8:
                self._lines = {}
            self._lines[width] = self._lay_out(width)
        return self._lines[width]

    def _height(self, width: int) -> int:
        return self._layout(width)[0] if self._rows else 0

    def _lay_out(self, width: int, rows: list[tuple[str, str]] | None = None) -> tuple[int, list]:
        """Names beside values, or (when that is taller) each name above its value. Kept per
        font, rows and width (a trace repeats a few decisions many times: a Python layout is
        ~1 ms, a look-up nothing)."""
        rows = self._rows if rows is None else rows
        key = (self.font().key(), tuple(rows), width)
        found = _LAYOUTS.get(key)
        if found is None:
            beside = self._lay_out_as(width, False, rows)
            if beside[0] > self.MARGIN * 2 + 4 + len(rows) * self._line():  # something wrapped
                above = self._lay_out_as(width, True, rows)
                beside = above if above[0] < beside[0] else beside
            if len(_LAYOUTS) >= 512:
                _LAYOUTS.clear()
            found = _LAYOUTS[key] = beside
        return found

    def _line(self) -> int:
        return max(self.fontMetrics().lineSpacing(), QFontMetrics(self._bold).lineSpacing())

    def height_for(self, rows: list[tuple[str, str]], width: int) -> int:
        """The height `rows` (as set_rows takes them) would take at `width` px, in px."""
        return self._lay_out(width, _ordered(rows))[0] if rows else 0

    def _lay_out_as(self, width: int, stacked: bool, rows: list[tuple[str, str]]) -> tuple[int, list]:
        plain, bold = _Measure(self.font()), _Measure(self._bold)
        line = self._line()
        inner = max(1, width - 2 * self.MARGIN)
        gap = plain("  ") + 2
        names = [name for name, _ in rows]
        widest_name = max((bold(n) for n in names), default=0)
        widest_word = max((bold(w) for n in names for w in n.split()), default=0)
        name_width = widest_name if width * self.NAME_SHARE >= widest_name else widest_word
        if not stacked and inner - name_width - gap < plain.metrics.averageCharWidth() * self.MIN_VALUE_CHARS:
            return 1 << 20, []  # no room for values beside the names
        lines: list = []
        y = self.MARGIN + 2  # the 2 px the HTML table kept above its rows
        for row, (name, text) in enumerate(rows):
            if stacked:
                key_parts = _wrap(name, inner, bold)
                lines += [(self.MARGIN, y + i * line, True, part, row) for i, part in enumerate(key_parts)]
                y += line * len(key_parts)
                parts = _wrap(text, inner - self.INDENT, plain)
                lines += [(self.MARGIN + self.INDENT, y + i * line, False, part, row)
                          for i, part in enumerate(parts)]
                y += line * len(parts)
            else:
                key_parts = _wrap(name, name_width, bold)
                parts = _wrap(text, inner - name_width - gap, plain)
                lines += [(self.MARGIN, y + i * line, True, part, row) for i, part in enumerate(key_parts)]
                x = self.MARGIN + name_width + gap
                lines += [(x, y + i * line, False, part, row) for i, part in enumerate(parts)]
                y += line * max(len(key_parts), len(parts))
        return y + 2 + self.MARGIN, lines

    # ---- sizes: as tall as every row needs at the width given
    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._height(width)

    def sizeHint(self) -> QSize:  # noqa: N802
        """80 average characters wide (as a wrapped label), as tall as the rows are there."""
        width = self.fontMetrics().averageCharWidth() * 80
        return QSize(width, self._height(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """No width of its own (the dock decides); the height every row needs at the width it has."""
        return QSize(0, self._height(max(self.width(), 1)))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._rows and event.size().width() != event.oldSize().width():
            self.updateGeometry()  # its minimum height is the rows' at its width

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self._rows:
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.WindowText))
        ascent = max(self.fontMetrics().ascent(), QFontMetrics(self._bold).ascent())
        clip = event.rect()
        line = self.fontMetrics().lineSpacing()
        font = None
        for x, y, bold, text, _ in self._layout(self.width())[1]:
            if y > clip.bottom() or y + line < clip.top():
                continue
            if font is not bold:
                painter.setFont(self._bold if bold else self.font())
                font = bold
            painter.drawText(x, y + ascent, text)
        painter.end()

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        self.context_menu(event.pos()).exec(event.globalPos())

    def context_menu(self, pos: QPoint) -> QMenu:
        """The menu at `pos` (widget px): copy the row under the pointer, or the whole decision."""
        menu = QMenu(self)
        row = self._row_at(pos.y())
        if row is not None:
            name, value = row
            menu.addAction(f"Copy {name}", lambda: QApplication.clipboard().setText(value))
        menu.addAction("Copy the decision", lambda: QApplication.clipboard().setText(self.text()))
        return menu

    def _row_at(self, y: int) -> tuple[str, str] | None:
        line = self.fontMetrics().lineSpacing()
        for _, top, _, _, row in self._layout(self.width())[1]:
            if top <= y < top + line:
                return self._rows[row]
        return None


_LAYOUTS: dict[tuple, tuple[int, list]] = {}  # (font key, rows, width) → DecisionTable layout


def _ordered(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The rows with a value, in DECISION_ROWS' order."""
    order = {name: i for i, name in enumerate(DECISION_ROWS)}
    return sorted(((name, text) for name, text in rows if text), key=lambda r: order.get(r[0], 99))


class _Measure:
    """A font's text widths, each asked of Qt once (~10 µs a call through PySide; a layout
    asks for the same pieces at every width)."""

    _known: dict[str, dict[str, int]] = {}

    def __init__(self, font: QFont):
        self.metrics = QFontMetrics(font)
        self.widths = self._known.setdefault(font.key(), {})
        if len(self.widths) > 4096:
            self.widths.clear()

    def __call__(self, text: str) -> int:
        width = self.widths.get(text)
        if width is None:
            width = self.widths[text] = self.metrics.horizontalAdvance(text)
        return width


def _wrap(text: str, width: int, advance: _Measure) -> list[str]:
    """`text` in lines no wider than `width` px: broken after - / : or a space where it can be,
    between characters where a piece alone is wider than the line. A line's width is the sum
    of its pieces' (kerning across a break point is under a pixel)."""
    width = max(width, advance.metrics.averageCharWidth())
    if advance(text) <= width:
        return [text]
    lines: list[str] = []
    current, used = "", 0
    for piece in _BREAKS.split(text):
        if not piece:
            continue
        size = advance(piece)
        if used + size <= width:
            current, used = current + piece, used + size
            continue
        if current:
            lines.append(current.rstrip(" ") or current)
        if size > width:  # between characters
            while (cut := _fits(piece, width, advance)) < len(piece):  # the rest is still too wide
                cut = max(1, cut)
                lines.append(piece[:cut])
                piece = piece[cut:]
            size = advance(piece)
        current, used = piece, size
    if current:
        lines.append(current.rstrip(" ") or current)
    return lines


def _fits(text: str, width: int, advance: _Measure) -> int:
    """How many leading characters of `text` fit in `width` px.

    Searched from the start (1, 2, 4, … characters, then halving between the last that fit and
    the first that did not), so a narrow column asks for a few short prefixes, which repeat and
    are measured once (`advance`), instead of halving from the whole piece: Qt sizes the
    permission box at its narrowest width (its sizeHint), where every ARN wraps at each
    character, ~600 uncached measures a new decision (~1.4 ms; 0016 round 6). The same answer
    as a binary search over the whole piece: a longer prefix is never narrower."""
    if not text or advance(text[:1]) > width:
        return 0
    low, high = 1, 2  # low fits; high is the next length to try
    while high <= len(text) and advance(text[:high]) <= width:
        low, high = high, high * 2
    high = min(high, len(text) + 1)  # high does not fit (or is past the end)
    while high - low > 1:
        middle = (low + high) // 2
        if advance(text[:middle]) <= width:
            low = middle
        else:
            high = middle
    return low


class VerdictLabel(QLabel):
    """ALLOWED or DENIED, in a large bold font that steps down to the dock's own bold size
    when the dock is too narrow for it (a 1024x600 window cut it to "ALLOWE"); never cut."""

    BIGGER = 5  # points above the dock's font, when there is room

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self._base = self.font().pointSizeF()
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        if text != self.text():
            super().setText(text)
            self._fit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As wide as the text at the dock's own size (bold), as tall as at the large size."""
        font = QFont(self.font())
        font.setPointSizeF(self._base)
        return QSize(QFontMetrics(font).horizontalAdvance(self.text()) + 2,
                     self._height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(QFontMetrics(self.font()).horizontalAdvance(self.text()) + 2, self._height())

    def _height(self) -> int:
        font = QFont(self.font())
        font.setPointSizeF(self._base + self.BIGGER)
        return QFontMetrics(font).height()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        """The largest size from base + BIGGER down to base at which the text fits the width."""
        font = QFont(self.font())
        font.setBold(True)
        size = self._base + self.BIGGER
        while size > self._base:
            font.setPointSizeF(size)
            if QFontMetrics(font).horizontalAdvance(self.text()) + 2 <= self.width():
                break
            size -= 1
        font.setPointSizeF(max(size, self._base))
        if font != self.font():
            self.setFont(font)


class PermissionBox(QFrame):
    """Allow/deny, principal, action, resource and the statement or reason that decided."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("permission")
        self.setFrameShape(QFrame.StyledPanel)
        self.verdict = VerdictLabel()
        self.verdict.setObjectName("permissionVerdict")
        self.verdict.setAccessibleName("Permission decision")
        self.details = DecisionTable()  # long ARNs never widen the dock (nor resize the diagram)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)  # a narrow dock keeps its width for the values
        layout.setSpacing(0)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)

    @staticmethod
    def rows_of(decision: Any) -> list[tuple[str, str]]:
        """The decision's (row name, value) pairs that have a value, in DECISION_ROWS' order;
        "aws:SourceArn" only for a decision that weighed one (a resource-based policy's)."""
        rows = [("principal", decision.principal),
                ("aws:SourceArn", getattr(decision, "source_arn", None)), ("action", decision.action),
                ("resource", decision.resource), ("policy", decision.policy),
                ("matched statement", decision.matched), ("reason", decision.reason)]
        return [(name, str(value)) for name, value in rows if value]

    def height_for(self, rows: list[tuple[str, str]], width: int) -> int:
        """The box's height, in px, at `width` px when it shows `rows` (rows_of's shape)."""
        frame, margins = self.frameWidth(), self.layout().contentsMargins()
        inner = width - 2 * frame - margins.left() - margins.right()
        return (2 * frame + margins.top() + margins.bottom() + self.verdict.sizeHint().height()
                + self.layout().spacing() + self.details.height_for(rows, inner))

    def set_decision(self, decision: Any | None) -> None:
        hidden = self.isHidden()
        self.setVisible(decision is not None)
        if decision is None or decision is getattr(self, "_shown", None):
            return
        self._shown = decision
        denied = decision.decision == "deny"
        restyle = self.property("decision") != decision.decision
        self.verdict.setText("⊘  DENIED" if denied else "✔  ALLOWED")
        rows = self.rows_of(decision)
        width = self.details.width()
        height = self.details.heightForWidth(width)
        self.details.set_rows(rows)
        if hidden or self.details.heightForWidth(width) != height:
            # The step box's layout keeps this box's height per width until the box itself
            # says it changed; told only by the table inside, it laid the step out with the old
            # height, painted, and only then (this box's own layout having run) again: two
            # layouts and two paints of the step box at each decision of another height.
            self.updateGeometry()
        self.details.setToolTip("\n".join(f"{name}: {value}" for name, value in rows))
        if restyle:  # re-polishing re-reads the whole style sheet: only when allow/deny flips
            self.setProperty("decision", decision.decision)
            self.style().unpolish(self)
            self.style().polish(self)
