"""The status bar's message is readable beside the busy bar on a small screen: at 1024x600,
"Step 301 is not in yet: …" (said while a what-if preview shows) was cut by the progress text
("… not in yet: the player goes there when the re-run is done. ¦Re-running the what-if… 256
of ~2,012 steps"). Now the message keeps the whole sentences that fit (the step asked for
comes first), the whole text is the status bar's tooltip (the What if… panel shows it whole
too), and the busy bar's text is the count alone when the window is narrow."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from lab_fixtures import flip_watching_previews
from load_scenarios import load_of
from window_fixtures import make_window

import app.ui.lab.rerun_job as rerun_job
from app.engine import run
from app.ui.document import build_document
from app.ui.lab import install_lab

MEMORY = "knob:work:memory"
SHOWN = 300  # PREVIEW_STEPS here (test_lab_whatif_long.py)


def lay_out(rounds: int = 5) -> None:
    """Deliver the posted layout requests, and those they post in turn: the busy bar's label
    asks its RunIndicator, which asks the status bar, which only then widens the indicator.
    One round (as before) left the label at its previous text's width whenever the first
    preview came before any progress had been laid out (under load: 10 failures in 30 runs).
    Layout requests only: processing other events could let the whole run land first."""
    for _ in range(rounds):  # deeper than the status bar's nesting (3 levels)
        QApplication.sendPostedEvents(None, QEvent.LayoutRequest)


def message_room(window) -> int:
    """The pixels QStatusBar draws its message in: from 6 px to 2 px before the first shown
    permanent widget (the busy bar), as QStatusBarPrivate::messageRect has it."""
    bar = window.statusBar()
    right = window.progress.x() - 2 if window.progress.isVisible() else bar.width() - 12
    return right - 6


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_not_in_yet_is_readable_beside_the_busy_bar(qtbot, tmp_path, monkeypatch, size):
    monkeypatch.setattr(rerun_job, "PREVIEW_STEPS", SHOWN)
    scenario = load_of(400)
    window = make_window(qtbot, tmp_path)
    lab = install_lab(window)
    window.set_document(build_document(Path("load.yaml"), scenario, run(scenario)))
    window.resize(*size)
    QApplication.processEvents()  # the resize and the layouts it posts (before: a 20 ms wait)
    lay_out()
    seen = {}

    def at_preview(_preview):
        window.playback.seek(SHOWN - 1)
        window.playback_actions.forward.trigger()  # step 301: not in yet
        window.progress._progressed(256, len(lab.controller.session.original_trace))
        lay_out()  # the status bar lays its widgets out
        bar = window.statusBar()
        seen.update(message=bar.currentMessage(), tip=bar.toolTip(), room=message_room(window),
                    width=bar.fontMetrics().horizontalAdvance(bar.currentMessage()),
                    whole=lab.controller.preview_text(), progress=window.progress.text,
                    progress_tip=window.progress.toolTip())

    switch = next(s for s in lab.controller.session.switches if s.id == MEMORY)
    assert flip_watching_previews(qtbot, lab, MEMORY, switch.what_if, at_preview)
    assert window.width() == size[0]
    assert seen["message"].startswith(f"Step {SHOWN + 1:,} is not in yet: the player goes there "
                                      "when the re-run is done.")
    assert seen["width"] <= seen["room"], (seen["message"], seen["width"], seen["room"])
    assert seen["whole"].startswith(seen["message"])
    if seen["message"] != seen["whole"]:  # what did not fit is in the tooltip
        assert seen["tip"] == seen["whole"]
    label = seen["progress"]  # the busy bar's own text is not cut either
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    assert "256 of ~" in label.text() and "256 of ~" in seen["progress_tip"]
    # when the whole run lands its own message replaces the note, and the tooltip goes
    assert not window.statusBar().currentMessage().startswith("Step")
    assert window.statusBar().toolTip() in ("", window.statusBar().currentMessage())
