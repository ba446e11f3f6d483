"""The Metrics panel: CloudWatch-style charts of the run (issue 11, "Charts").

It only draws what `app.metrics` computed from the trace. pyqtgraph is imported the first time the
panel is shown (or rendered for `export --metrics`), so starting the window does not pay for it.
A vertical playhead follows the current step; a click on a chart seeks to the step under it.
The x axis is the step number (the Timeline's) or the simulated time (app.metrics.time_axis).
"""

from __future__ import annotations

from html import escape
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDockWidget, QHBoxLayout, QLabel, QScrollArea,
                               QVBoxLayout, QWidget)

from app.ui.metrics_lines import DASHES, GLYPHS, line_styles

CHART_MIN_HEIGHT = 200  # px: the title and its key, axis labels and a readable line
CHART_MIN_WIDTH = 360
AXES = (("step", "Step number"), ("time", "Simulated time"))


class MetricsPanel(QWidget):
    """Charts for `playback`'s trace. `colours()` returns the theme's palette (themes.py keys)."""

    def __init__(self, playback, colours: Callable[[], dict[str, str]], parent=None):
        super().__init__(parent)
        self.playback = playback
        self._colours = colours
        self._built_for: Any = None  # the trace the charts show
        self._plots: list[Any] = []  # pyqtgraph PlotItems
        self._lines: list[Any] = []  # their playheads
        self._layout_widget = None
        self._quit_hooked = False
        self.charts: list = []  # app.metrics.Chart, as drawn
        self.axis = "step"  # the x axis: AXES
        self._times: list[float] = []  # each step's time in ms (time axis)
        self._unit = "s"
        self._head = 0  # the step index the playheads stand on
        self._built_columns, self._built_room = 0, 0  # the room the charts were drawn for
        self._resize_timer: QTimer | None = None
        self._per_unit = 1_000.0  # ms per x unit (time axis)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 0)
        label = QLabel("X axis:")
        self.axis_choice = QComboBox()
        self.axis_choice.setAccessibleName("Metrics x axis")
        self.axis_choice.setToolTip("Chart the metrics against the step number, as the Timeline "
                                    "counts, or against the simulated clock")
        for key, words in AXES:
            self.axis_choice.addItem(words, key)
        label.setBuddy(self.axis_choice)
        self.axis_choice.currentIndexChanged.connect(
            lambda _i: self.set_axis(self.axis_choice.currentData()))
        row.addWidget(label)
        row.addWidget(self.axis_choice)
        row.addStretch(1)
        outer.addLayout(row)
        # Over the charts while they show only a re-run's first steps (the preview): "so far"
        self.note = QLabel()
        self.note.setObjectName("metricsNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.PlainText)
        self.note.setContentsMargins(6, 4, 6, 2)
        font = self.note.font()
        font.setBold(True)
        self.note.setFont(font)
        self.note.hide()
        outer.addWidget(self.note)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.NoFrame)
        # Charts fit the width (a wide key once pushed the right-hand chart off the panel).
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        outer.addWidget(self._scroll)
        self._empty = QLabel("Open a scenario to see its metrics.")
        self._empty.setAlignment(Qt.AlignCenter)
        self._scroll.setWidget(self._empty)
        playback.index_listeners.append(self._index_changed)
        playback.trace_listeners.append(self._trace_changed)

    # ---- building (on first show, and again for a new trace while shown)
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self, self.refresh_if_seen)  # cancelled if self is deleted

    def seen(self) -> bool:
        """On screen: shown and not a tab behind another (Qt calls such a tab visible)."""
        if not self.isVisible():
            return False
        # The panel itself is covered by its children, so ask the dock around it (its title
        # bar), or the top-level window when the panel stands alone (export --metrics).
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, QDockWidget):
            holder = holder.parentWidget()
        return holder is None or not holder.visibleRegion().isEmpty()

    def refresh_if_seen(self) -> None:
        if self.seen():
            self.refresh()

    def refresh(self) -> None:
        """Build the charts for the current trace if they are not built yet."""
        trace = self.playback.trace
        if trace is not self._built_for:
            self._build(trace)
        self._index_changed()

    def changeEvent(self, event) -> None:  # noqa: N802
        """A new theme (the application palette changed): redraw in its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange and self._layout_widget is not None:
            # Later, not now: Qt is still sending this change to the charts being replaced
            # (rebuilding here deleted them mid-delivery and crashed the monkey test).
            self._built_for = None
            QTimer.singleShot(0, self, self.refresh_if_seen)  # cancelled if self is deleted

    def _trace_changed(self) -> None:
        self.refresh_if_seen()

    def resizeEvent(self, event) -> None:  # noqa: N802
        """A dock made wider or narrower: draw again for the new room (columns, wrapped titles)
        once the drag has paused, if the room changed by more than a few characters."""
        super().resizeEvent(event)
        if self._layout_widget is None or not self._plots:
            return
        if (self._columns() != self._built_columns
                or abs(self._column_room() - self._built_room) > 40):
            if self._resize_timer is None:
                self._resize_timer = QTimer(self)
                self._resize_timer.setSingleShot(True)
                self._resize_timer.setInterval(200)
                self._resize_timer.timeout.connect(self._redraw_for_room)
            self._resize_timer.start()

    def _redraw_for_room(self) -> None:
        self._built_for = None
        self.refresh_if_seen()

    def set_axis(self, axis: str) -> None:
        """Chart against "step" (step numbers) or "time" (the simulated clock); redraws."""
        if axis not in dict(AXES) or axis == self.axis:
            return
        self.axis = axis
        self.axis_choice.setCurrentIndex([key for key, _ in AXES].index(axis))
        self._built_for = None
        self.refresh_if_seen()

    def _build(self, trace, heading: str | None = None) -> None:
        # app.metrics imports the engine (pydantic, the scenario models): not on the way to
        # the window's first paint (docs/decisions/0016-step-latency.md, "Start").
        from app.metrics import charts_of, compute_metrics

        self._built_for = trace
        self._plots, self._lines = [], []
        self._times = []
        partial = partial_note(trace)
        self.note.setText(partial or "")
        self.note.setVisible(bool(partial))
        self.charts = charts_of(compute_metrics(trace)) if trace is not None and len(trace) else []
        if not self.charts:
            self._empty = QLabel("Open a scenario to see its metrics." if not trace else
                                 "This run has no Lambda functions or queues to chart.")
            self._empty.setAlignment(Qt.AlignCenter)
            self._show(self._empty)
            self._layout_widget = None
            return
        import pyqtgraph as pg  # lazy: see the module docstring

        if self.axis == "time":
            from app.metrics.time_axis import step_times_ms, time_unit

            self._times = step_times_ms(trace)  # kept by compute_metrics above: no re-read
            self._per_unit, self._unit = time_unit(self._times[-1] - self._times[0])
        colours = self._colours()
        widget = pg.GraphicsLayoutWidget()
        widget.setBackground(colours["background"])
        widget.ci.setSpacing(6)
        self._layout_widget = widget
        columns = self._columns()
        self._built_columns, self._built_room = columns, self._column_room()
        last = len(trace) - 1
        top = 0
        if heading:
            widget.addLabel(heading, row=0, col=0, colspan=columns, color=colours["text"], size="13pt")
            top = 1
        for n, chart in enumerate(self.charts):
            plot = widget.addPlot(row=top + n // columns, col=n % columns)
            self._draw(pg, plot, chart, colours, last)
        for col in range(columns):  # equal widths, whatever the titles' lengths
            widget.ci.layout.setColumnStretchFactor(col, 1)
            widget.ci.layout.setColumnPreferredWidth(col, 1)
        rows = (len(self.charts) + columns - 1) // columns
        widget.setMinimumHeight(rows * CHART_MIN_HEIGHT)
        widget.scene().sigMouseClicked.connect(self._clicked)
        app = QCoreApplication.instance()
        if app is not None and not self._quit_hooked:
            self._quit_hooked = True
            app.aboutToQuit.connect(self.release)
        self._show(widget)

    def release(self) -> None:
        """Delete the charts now (the application is quitting). pyqtgraph scenes left for the
        interpreter's exit crashed the process about one run in six (exit code 139)."""
        widget, self._layout_widget = self._layout_widget, None
        self._plots, self._lines, self._built_for = [], [], None
        if widget is None:
            return
        self._scroll.takeWidget()
        widget.hide()
        widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)

    def _show(self, widget) -> None:
        """Put `widget` in the scroll area; the old one goes later (QScrollArea.setWidget would
        delete it at once, perhaps while an event for it is still being delivered)."""
        old = self._scroll.takeWidget()
        self._scroll.setWidget(widget)
        if old is not None and old is not widget:
            old.hide()
            old.deleteLater()

    def _column_room(self) -> int:
        """The width in px a chart's title may take: the panel's width over the columns, less
        the left axis and margins."""
        width = self._scroll.viewport().width() if self.width() > 100 else 1280
        return max(120, width // self._columns() - 56)

    def _columns(self) -> int:
        width = self.width() if self.width() > 100 else 1280
        return max(1, min(3, width // CHART_MIN_WIDTH, len(self.charts)))

    def _draw(self, pg, plot, chart, colours: dict[str, str], last: int) -> None:
        from app.metrics import step_line  # see _build
        from app.metrics.time_axis import time_line

        timed = bool(self._times)
        text = QColor(colours["text"])
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.showGrid(x=False, y=True, alpha=0.25)
        for axis in ("left", "bottom"):
            ax = plot.getAxis(axis)
            ax.setPen(pg.mkPen(colours["muted"]))
            ax.setTextPen(pg.mkPen(text))
        plot.setLabel("bottom", f"simulated time ({self._unit})" if timed else "step",
                      color=colours["muted"])
        plot.setLabel("left", chart.y_label, color=colours["muted"])
        top = 1.0
        names = []
        # one colour and dash per metric (metrics_lines.py); the limit line is danger, dashed
        taken = [("danger", "dash")] if chart.limit is not None else []
        looks = line_styles([s.metric for s in chart.series], colours, taken)
        for series, (colour, dash) in zip(chart.series, looks):
            xs, ys = (time_line(series.points, last, self._times, self._per_unit) if timed
                      else step_line(series.points, last))
            name = series.metric
            if not series.cloudwatch:
                name += " (not in CloudWatch)"
            plot.plot(xs, ys, pen=pg.mkPen(colour, width=2.5, style=DASHES[dash]))
            names.append((f'<span style="color:{colour}">{GLYPHS[dash]} {escape(name)}</span>',
                          f"{GLYPHS[dash]} {name}"))
            top = max(top, series.maximum())
        # The key is in the title, coloured like its line: a legend box hid the data in a short dock.
        limit = chart.limit
        if limit is not None and limit[0] <= max(top * 4, 20):  # an account limit of 1000 would flatten it
            value, label = limit
            line = pg.InfiniteLine(pos=value, angle=0, movable=False,
                                   pen=pg.mkPen(colours["danger"], width=2, style=Qt.DashLine),
                                   label=f"{label} {value:g}",
                                   labelOpts={"position": 0.02, "color": colours["danger"],
                                              "anchors": [(0, 0), (0, 0)]})
            plot.addItem(line)
            top = max(top, value)
        marks = chart.mark_steps()
        if marks:  # throttles on the concurrency chart, at the height of the limit
            y = limit[0] if limit is not None and limit[0] <= max(top * 4, 20) else top
            plot.plot([self._x(i) for i in marks], [y] * len(marks), pen=None, symbol="x",
                      symbolSize=14, symbolPen=pg.mkPen(colours["warning"], width=3),
                      symbolBrush=pg.mkBrush(colours["warning"]))
            names.append((f'<span style="color:{colours["warning"]}">✕ Throttles (429)</span>',
                          "Throttles (429)"))
        room = self._column_room()
        key = _key_lines(names, max(16, min(44, room // 7)))
        plot.setTitle(f'<span style="color:{colours["text"]}"><b>{escape(chart.title)}</b></span>'
                      f'<br>{key}', size="10pt")
        title = plot.titleLabel
        if title.item.boundingRect().width() > room:  # a narrow dock: wrap to the column
            title.item.setTextWidth(room)
            title.updateMin()
        # pyqtgraph keeps a title one line (30 px) high: give it the lines it wraps to
        height = max(18 * (key.count("<br>") + 2), int(title.item.boundingRect().height())) + 4
        title.setMaximumHeight(height)
        plot.layout.setRowFixedHeight(0, height)
        if all(series.unit == "Count" for series in chart.series):  # no half invocations
            ticks = max(1, round(top / 5))
            plot.getAxis("left").setTickSpacing(ticks, ticks)
        plot.setXRange(self._x(0), self._x(last), padding=0.01)
        plot.setYRange(0, top * 1.15 if top else 1, padding=0)
        head = pg.InfiniteLine(pos=self._x(0), angle=90, movable=False,
                               pen=pg.mkPen(colours["text"], width=1.5))
        plot.addItem(head)
        self._plots.append(plot)
        self._lines.append(head)

    # ---- following the playback
    def _index_changed(self) -> None:
        if self._built_for is None or self._built_for is not self.playback.trace:
            return
        self._head = self.playback.index
        x = self._x(self.playback.index)
        for line in self._lines:
            line.setValue(x)

    def _x(self, index: int) -> float:
        """Where step `index` (0-based) stands on the x axis: its number, or its time."""
        if self._times:
            return self._times[index] / self._per_unit
        return index + 1

    def _clicked(self, event) -> None:
        for plot in self._plots:
            if plot.sceneBoundingRect().contains(event.scenePos()):
                x = plot.vb.mapSceneToView(event.scenePos()).x()
                if self._times:
                    from app.metrics.time_axis import step_at_time

                    self.playback.seek(step_at_time(self._times, x * self._per_unit))
                else:
                    self.playback.seek(int(round(x)) - 1)
                return

    def playhead_step(self) -> int | None:
        """The step number (from 1) the playheads stand on, or None before the charts exist."""
        if not self._lines:
            return None
        return self._head + 1 if self._times else int(round(self._lines[0].value()))


def partial_note(trace) -> str | None:
    """The note over the charts when `trace` is only the first steps of a re-run still running
    (its summary says `partial`, app.lab.session.LabSession.preview), else None: the series end
    where the steps in so far end, not where the run does."""
    summary = getattr(trace, "summary", None) or {}
    if not summary.get("partial"):
        return None
    return (f"The re-run's first {len(trace):,} steps so far: it is still running, and these "
            "charts are drawn again from the whole run when it is done.")


def _key_lines(names: list[tuple[str, str]], width: int = 44) -> str:
    """The coloured key under a chart's title, `(html, plain text)` entries wrapped at about
    `width` characters a line, so a long key never makes the chart wider than its column."""
    lines: list[list[str]] = [[]]
    used = 0
    for html, plain in names:
        if lines[-1] and used + len(plain) + 3 > width:
            lines.append([])
            used = 0
        lines[-1].append(html)
        used += len(plain) + 3
    return "<br>".join("&nbsp;&nbsp; ".join(line) for line in lines)


def render_metrics_png(trace, index: int, path, size: tuple[int, int], colours: dict[str, str],
                       heading: str | None = None, axis: str = "step"):
    """`export --metrics`: every chart of `trace` with the playhead on step `index` (0-based),
    as a PNG of exactly `size` pixels at `path`; `axis`: "step" or "time" (AXES). Raises
    FileWriteError (an OSError naming the path) when it cannot be written. Needs a
    QApplication."""
    from app.playback import Playback
    from app.ui.file_writes import check_target
    from app.ui.render import write_png

    check_target(path)
    playback = Playback(trace, index)
    panel = MetricsPanel(playback, lambda: colours)
    panel.axis = axis if axis in dict(AXES) else "step"
    widget = None
    try:
        panel.resize(*size)
        panel._build(trace, heading)
        panel._index_changed()
        widget = panel._layout_widget or panel._empty
        widget.setMinimumHeight(0)
        widget.setParent(None)
        widget.setFixedSize(*size)
        widget.setAttribute(Qt.WA_DontShowOnScreen)
        widget.show()  # lays the charts out at `size`
        QCoreApplication.processEvents()
        write_png(path, widget.grab().toImage())
    finally:
        # Gone before the QApplication is: a pyqtgraph scene left for exit crashed the process.
        for item in (widget, panel):
            if item is not None:
                item.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    return path
