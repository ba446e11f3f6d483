"""What the timeline repaints when the current step moves (scrubbing, stepping): counts, never
times (docs/decisions/0016-step-latency.md, scrubbing)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from load_scenarios import load_of
from window_fixtures import make_window

import app.ui.timeline as timeline_module
from app.playback import Playback
from app.ui.timeline import Timeline


@pytest.fixture(scope="module")
def long_trace():
    from app.engine import run

    return run(load_of(200), seed=1, max_steps=1000)


class Paints(QObject):
    """Counts paint events and the rectangles painted, per watched widget."""

    def __init__(self, *widgets):
        super().__init__()
        self.count, self.rects = Counter(), {w: [] for w in widgets}
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        if event.type() == QEvent.Paint and obj in self.rects:
            self.count[obj] += 1
            self.rects[obj].append(event.rect())
        return False


def settle():
    for _ in range(5):
        QApplication.processEvents()


@pytest.fixture
def timeline(qtbot, long_trace):
    widget = Timeline(Playback(long_trace))
    qtbot.addWidget(widget)
    widget.resize(420, 600)
    widget.show()
    qtbot.waitExposed(widget)
    settle()
    return widget


def test_a_new_current_row_leaves_the_header_alone(timeline):
    """The header looks the same whichever row is selected, so seeking far, stepping and
    stepping back never repaint it (it repainted at every step: it shared the table's
    selection and drew the selected columns, all of them, in bold)."""
    header = timeline.view.horizontalHeader()
    paints = Paints(header.viewport(), timeline.view.viewport())
    for index in (700, 701, 700, 12, 999):
        timeline.playback.seek(index)
        settle()
        assert timeline.selected_step_index() == index
    assert paints.count[timeline.view.viewport()] == 5
    assert paints.count[header.viewport()] == 0


def test_a_repaint_makes_each_rows_texts_once(timeline, monkeypatch):
    """A row's texts (its flags above all) are made when it first shows and kept: repainting
    the same rows again asks nothing of the step (it made every cell's text at every paint)."""
    made = Counter()
    flags = timeline_module.step_flags
    monkeypatch.setattr(timeline_module, "step_flags", lambda step: (made.update([step.index]), flags(step))[1])
    timeline.playback.seek(640)
    settle()
    first = Counter(made)
    assert 640 in first and max(first.values()) <= 2  # the flags column, and the narrow summary
    for _ in range(2):
        timeline.view.viewport().repaint()
    assert made == first
    row = timeline.model.row_of(640)
    texts = [timeline.model.index(row, c).data() for c in range(7)]
    assert texts[0] == "641" and texts[6].endswith(timeline.playback.trace[640].summary)


def test_stepping_with_the_lab_installed_repaints_two_rows(qtbot, tmp_path, long_trace):
    """One step on: the timeline repaints the row left and the row selected, not every row
    (the what-if mark's listener repainted the whole list at every step, mark or not)."""
    from app.ui.document import build_document

    window = make_window(qtbot, tmp_path)
    window.install_lab()
    window.set_document(build_document(Path("load.yaml"), load_of(200), long_trace))
    settle()
    window.timeline_dock.show()
    window.timeline_dock.raise_()  # its tab in front (it shares a tab group with the inspector)
    settle()
    window.playback.seek(300)
    settle()
    view = window.timeline.view
    assert view.isVisible()
    paints = Paints(view.viewport())
    window.playback.step_forward()
    settle()
    row_height = view.rowHeight(window.timeline.model.row_of(301))
    painted = paints.rects[view.viewport()]
    assert painted and max(r.height() for r in painted) <= 2 * row_height + 2
