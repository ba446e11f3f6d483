"""A short run whose what-if re-run turns out long (docs/decisions/0020-whatif-big.md, "A short
run that grows"): a teacher's 71-step lesson (tests/cases/api-queue.yaml) where "process-orders
fails: always" gives 102,411 steps. The re-run's first steps show at once whatever the length
of the run on screen, the progress says steps so far and the cap (no guess from 71 steps),
every step count the window shows has thousands separators, and Play at the preview's last
step waits for the rest instead of starting again at step 1.

Scaled down, as test_lab_whatif_long.py does: the preview is 300 steps and the step cap 3,000
(the re-run stops there, with a `not-simulated` step: 3,001 steps), so the test runs in a second; what is checked is the same.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from lab_fixtures import flip_watching_previews
from window_fixtures import make_window

import app.lab.session as session_module
import app.ui.lab.rerun_job as rerun_job
from app.ui.document import load_document
from app.ui.lab import install_lab

LESSON = Path(__file__).resolve().parents[1] / "cases" / "api-queue.yaml"
FAIL = "fail:process-orders"
SHOWN = 300  # PREVIEW_STEPS here
CAP = 3_000  # the engine's step cap here


@pytest.fixture
def lesson(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(rerun_job, "PREVIEW_STEPS", SHOWN)
    monkeypatch.setattr(importlib.import_module("app.engine.run"), "DEFAULT_MAX_STEPS", CAP)
    monkeypatch.setattr(session_module, "PROGRESS_EVERY", 256)
    window = make_window(qtbot, tmp_path)
    lab = install_lab(window)
    window.set_document(load_document(LESSON))
    assert len(window.playback.trace) == 71
    return window, lab


def flip_fail_always(qtbot, lab, at_preview=lambda preview: None) -> list:
    """Flip "process-orders fails: always"; `at_preview(preview)` runs once when the first steps
    show. Returns the previews shown (the run is whole and shown when this returns)."""
    return flip_watching_previews(qtbot, lab, FAIL, "always", at_preview)


def test_a_short_run_whose_rerun_grows_long_shows_its_first_steps(qtbot, lesson):
    """71 steps on screen, the re-run 3,000 (102,411 uncapped): the first 300 show while the
    rest runs (before: "Step 1 of 71" and the old run until the whole re-run landed)."""
    window, lab = lesson
    seen = {}

    def at_preview(preview):
        seen["player"] = window.player_bar.position.text()
        seen["caption"] = window.narration.position.text()
        seen["status"] = window.statusBar().currentMessage()
        seen["steps"] = len(window.playback.trace)

    previews = flip_fail_always(qtbot, lab, at_preview)
    assert len(previews) == 1, "the re-run that grew long was not previewed"
    assert seen["steps"] == SHOWN
    assert seen["player"].startswith(f"Step 1 of {SHOWN} so far")
    assert seen["caption"].startswith(f"Step 1 of {SHOWN} so far")
    assert seen["status"].startswith(f"Showing the re-run's first {SHOWN} steps while the rest "
                                     "runs; first changed step: 61 (◆).")
    assert len(window.playback.trace) == CAP + 1  # then the whole run (the cap's last step added)


def test_every_step_count_shown_has_thousands_separators(qtbot, lesson):
    """Player, caption, status bar and Runs compared write 3,001, never 3001 (before: "Step 1
    of 102411")."""
    window, lab = lesson
    flip_fail_always(qtbot, lab)
    trace = window.playback.trace
    assert len(trace) == CAP + 1 and not trace.summary.get("partial")
    window.playback.seek(1233)
    assert window.player_bar.position.text().startswith("Step 1,234 of 3,001  ·")
    assert window.narration.position.text().startswith("Step 1,234 of 3,001  ·")
    status = lab.controller.describe(lab.controller.last_rerun)
    assert ": 3,001 steps, first changed step: 61 (◆). The player is at step 1,234." in status
    header = lab.compare.summary.text()
    assert "Steps: 71 → 3,001." in header
    # no count of four digits or more without its separator (the cut note's times aside)
    assert re.search(r"\d{4}", re.sub(r"[\d,]+\.\d+ s", "", header)) is None, header


def test_progress_of_a_grown_rerun_says_steps_so_far_and_the_cap(qtbot, lesson):
    """The run on screen (71 steps) says nothing of how long the re-run will be: the status bar
    counts the steps so far and names the cap, with the busy bar; never "256 of ~71"."""
    window, lab = lesson
    indicator, texts = window.progress, []
    window.runs.progressed.connect(
        lambda done, expected: texts.append((indicator.text.text(), indicator.bar.maximum())))
    flip_fail_always(qtbot, lab)
    assert texts, "no progress was reported"
    # the first part (the capped run of the 300-step preview) reports every 64 steps
    assert texts[0] == ("Re-running the what-if… 64 steps so far (at most 3,000)", 0)
    assert all("so far (at most 3,000)" in text and "~" not in text for text, _ in texts)


def test_a_short_rerun_is_run_once_and_is_the_whole_run(qtbot, lesson, monkeypatch):
    """A re-run that ends within the preview's cap is the re-run: one engine run, the same
    trace, summary and endings as a run without a cap (a short flip costs what it did)."""
    from app.engine import run
    from app.lab.compare import compare
    from app.lab.edits import apply_edits

    window, lab = lesson
    runs = []
    real = session_module.run
    monkeypatch.setattr(session_module, "run", lambda *a, **k: runs.append(k.get("max_steps"))
                        or real(*a, **k))
    with qtbot.waitSignal(lab.controller.settled, timeout=60_000):
        lab.controller.set_value("fail:accept-order", "always")  # API Gateway answers 502
    assert runs == [SHOWN + 1]  # the capped run, which ended under its cap, and nothing else
    shown, session = window.playback.trace, lab.controller.session
    alone = run(apply_edits(session.original, session.edits))
    assert len(shown) < SHOWN and not shown.summary.get("partial")
    assert [s.to_json() for s in shown] == [s.to_json() for s in alone]
    assert shown.summary == alone.summary
    expected = compare(session.original_trace, alone)  # endings read from the steps
    assert lab.controller.comparison.endings == expected.endings
    assert lab.controller.comparison.deltas == expected.deltas
