"""A what-if on a long run (issue 12 item 5): its first steps are shown while the rest runs, the
progress bar moves, nothing is claimed before it is seen, and Cancel goes back to the run before.

The preview's size is lowered (PREVIEW_STEPS) so a ~2,000-step load
stands for the 200,000-step one; what is checked is the same."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from load_scenarios import load_of
from window_fixtures import make_window

import app.ui.lab.controller as lab_controller
import app.ui.lab.rerun_job as rerun_job
from app.engine import run
from app.lab.compare import first_difference
from app.ui.document import build_document
from app.ui.lab import install_lab
from app.ui.lab.compare_view import STILL_RUNNING

MEMORY = "knob:work:memory"


@pytest.fixture
def long_lab(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(rerun_job, "PREVIEW_STEPS", 300)
    scenario = load_of(400)
    window = make_window(qtbot, tmp_path)
    lab = install_lab(window)
    window.set_document(build_document(__import__("pathlib").Path("load.yaml"), scenario, run(scenario)))
    return window, lab


def test_first_steps_shown_before_the_whole_run_then_the_whole_run(qtbot, long_lab):
    window, lab = long_lab
    controller = lab.controller
    original = window.playback.trace
    window.playback.seek(120)
    seen = []

    def at_preview(preview):
        seen.append((preview, len(window.playback.trace), window.playback.index,
                     controller.changed_index, controller.comparison,
                     lab.compare.summary.text(), window.progress.isVisible()))

    controller.preview_shown.connect(at_preview)
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(controller.settled, timeout=60_000):
        controller.set_value(MEMORY, switch.what_if)
    assert len(seen) == 1
    preview, shown_len, index, changed, comparison, summary, busy = seen[0]
    # the player showed the first 300 steps, still running, without a comparison
    assert shown_len == len(preview.trace) == 300 and preview.trace.summary["partial"]
    assert not preview.trace.summary["truncated"] and busy
    assert comparison is None and summary == STILL_RUNNING
    # they are the whole run's first steps, field for field
    whole = window.playback.trace
    assert len(whole) > 300 and whole is not preview.trace
    assert [s.to_json() for s in preview.trace] == [s.to_json() for s in whole[:300]]
    # the ◆ only where a step seen differs; the player where the whole run puts it
    first = first_difference(original, whole)
    assert changed == (first if first is not None and first < 300 else None)
    assert index == (120 if first is None or first > 120 else first)
    assert window.playback.index == (120 if first is None or first > 120 else first)
    assert controller.comparison is not None and controller.changed_index == first
    assert not window.progress.isVisible() and controller.preview is None


def test_progress_bar_counts_the_steps_recorded(qtbot, long_lab, monkeypatch):
    import app.lab.session as session_module

    monkeypatch.setattr(session_module, "PROGRESS_EVERY", 256)
    window, lab = long_lab
    values = []
    window.runs.progressed.connect(lambda done, expected: values.append((done, expected)))
    switch = next(s for s in lab.controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(lab.controller.settled, timeout=60_000):
        lab.controller.set_value(MEMORY, switch.what_if)
    expected = len(lab.controller.session.original_trace)
    assert values and all(e == expected for _d, e in values)
    assert [d for d, _e in values] == sorted(d for d, _e in values) and values[-1][0] >= 1024
    assert window.progress.bar.maximum() == expected


def test_cancel_while_the_first_steps_show_goes_back_to_the_run_before(qtbot, long_lab):
    window, lab = long_lab
    controller = lab.controller
    before, shown = window.playback.trace, []
    window.playback.seek(42)
    controller.preview_shown.connect(
        lambda preview: preview is not None and (shown.append(len(window.playback.trace)),
                                                 window.runs.cancel()))
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(controller.settled, timeout=60_000):
        controller.set_value(MEMORY, switch.what_if)
    assert shown == [300]  # the preview was shown, then Cancel
    assert window.playback.trace is before and window.playback.index == 42
    assert controller.preview is None and controller.changed_index is None
    assert controller.session.values == {} and not window.progress.isVisible()
    assert STILL_RUNNING not in lab.compare.summary.text()


def test_metrics_of_a_rerun_are_worked_out_off_the_gui_thread(qtbot, long_lab, monkeypatch):
    """With the Metrics panel in front, a what-if's metric series (every step read: ~1 s at
    200,000 steps) are computed on the worker, for the preview and the whole run; the panel on
    the GUI thread only draws them."""
    import threading

    import app.metrics.series as series

    window, lab = long_lab
    window.metrics_dock.show()
    window.metrics_dock.raise_()
    qtbot.waitUntil(lambda: window.metrics_panel.seen(), timeout=5_000)
    window.metrics_panel.refresh()
    computed = []
    real = series._compute_metrics
    monkeypatch.setattr(series, "_compute_metrics", lambda trace: computed.append(
        (len(trace), threading.current_thread() is threading.main_thread())) or real(trace))
    switch = next(s for s in lab.controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(lab.controller.settled, timeout=60_000):
        lab.controller.set_value(MEMORY, switch.what_if)
    qtbot.waitUntil(lambda: window.metrics_panel._built_for is window.playback.trace, timeout=5_000)
    whole = len(window.playback.trace)
    assert sorted(computed) == [(300, False), (whole, False)]


def test_a_flip_while_the_first_steps_show_carries_both_switches(qtbot, long_lab):
    """A second switch flipped while the first one's preview shows: the first re-run is dropped,
    the newest carries both flips, and the player ends on the whole run of both (not a preview)."""
    window, lab = long_lab
    controller = lab.controller
    flipped = []

    def flip_again(preview):
        if preview is not None and not flipped:
            flipped.append(len(window.playback.trace))
            controller.set_value("fail-first:work", 1)

    controller.preview_shown.connect(flip_again)
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    controller.set_value(MEMORY, switch.what_if)
    qtbot.waitUntil(lambda: controller.session.values == {MEMORY: switch.what_if, "fail-first:work": 1}
                    and not controller.running, timeout=60_000)
    assert flipped == [300]
    whole = window.playback.trace
    assert not whole.summary.get("partial") and len(whole) > 300 and controller.preview is None
    assert controller.comparison is not None
    assert controller.changed_index == controller.comparison.first_difference


def test_progress_past_the_expected_steps_is_a_count_with_the_busy_bar(qtbot, long_lab):
    """The expected count is a guess (the run shown before): a re-run that goes past it says
    how many steps so far and the cap, never "150,000 of ~300", and the bar goes back to busy."""
    window, _lab = long_lab
    indicator = window.progress
    indicator._started("Re-running the what-if…")
    indicator._progressed(100, 300)
    assert indicator.bar.maximum() == 300 and indicator.bar.value() == 100
    assert indicator.text.text() == "Re-running the what-if… 100 of ~300 steps"
    indicator._progressed(150_000, 300)
    assert indicator.bar.maximum() == 0
    assert indicator.text.text() == "Re-running the what-if… 150,000 steps so far (at most 200,000)"


def test_a_second_flip_during_a_preview_never_shows_the_first_flips_steps(qtbot, long_lab,
                                                                         monkeypatch):
    """Between a second flip and its own preview the player must not show the first flip's
    preview (its steps and narration are not what the switches now say); the second flip gets
    a preview of both switches, and its progress counts toward the whole run's length, not
    the preview's 300 steps."""
    import app.lab.session as session_module

    monkeypatch.setattr(session_module, "PROGRESS_EVERY", 256)
    window, lab = long_lab
    controller = lab.controller
    original = window.playback.trace
    previews, between, progress = [], [], []
    window.runs.progressed.connect(lambda done, expected: progress.append((done, expected)))

    def on_preview(preview):
        if preview is None:
            return
        previews.append(preview)
        if len(previews) == 1:
            controller.set_value("fail-first:work", 1)
            shown = window.playback.trace
            between.append((shown, shown.summary.get("partial"), window.statusBar().currentMessage(),
                            lab.panel.status.text() if hasattr(lab, "panel") else ""))

    controller.preview_shown.connect(on_preview)
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    controller.set_value(MEMORY, switch.what_if)
    both = {MEMORY: switch.what_if, "fail-first:work": 1}
    qtbot.waitUntil(lambda: controller.session.values == both and not controller.running,
                    timeout=60_000)
    assert len(between) == 1
    shown, partial, status, panel = between[0]
    assert shown is not previews[0].trace and not partial  # the run before, not flip 1's steps
    assert shown is original
    assert "Showing" not in status and "Showing" not in panel and "Re-running" in panel
    # the second flip has its own preview, of both switches
    assert len(previews) == 2 and previews[1].values == both
    assert previews[1].trace.summary["partial"]
    # and its progress is counted toward the whole run's length
    assert progress and progress[-1][1] == len(original)


def test_the_preview_says_it_is_partial_where_people_look(qtbot, long_lab, monkeypatch):
    """While only the first steps show: the player's count and the narration's position line
    (the one a class sees in presentation mode, the status bar hidden) say "so far", and the
    status bar's "still running" message stays until the whole run replaces it (no 8 s
    timeout). Once the whole run shows, the count is the plain one again."""
    window, lab = long_lab
    controller = lab.controller
    messages = []
    bar = window.statusBar()
    real = bar.showMessage
    monkeypatch.setattr(bar, "showMessage",
                        lambda text, timeout=0: (messages.append((text, timeout)), real(text, timeout)))
    seen = []
    controller.preview_shown.connect(lambda preview: preview is not None and seen.append(
        (window.player_bar.position.text(), window.narration.position.text(), bar.currentMessage())))
    window.presentation.enter()
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(controller.settled, timeout=60_000):
        controller.set_value(MEMORY, switch.what_if)
    window.presentation.exit()
    assert len(seen) == 1
    player, narration, status = seen[0]
    assert " of 300 so far" in player and " of 300 so far" in narration
    shown = [(text, timeout) for text, timeout in messages if text.startswith("Showing")]
    assert shown and all(timeout == 0 for _text, timeout in shown)
    assert status == shown[-1][0]
    whole = len(window.playback.trace)
    assert "so far" not in window.player_bar.position.text()
    assert f" of {whole:,}" in window.player_bar.position.text()
    assert not bar.currentMessage().startswith("Showing")


def test_no_gif_or_pdf_of_a_preview(qtbot, long_lab, monkeypatch, tmp_path):
    """Lab → Export GIF/PDF while only the first steps of a re-run show: nothing is written as
    if they were the whole run; the reader is told why and what to do."""
    window, lab = long_lab
    controller = lab.controller
    told, results = [], []
    monkeypatch.setattr("app.ui.lab.install.QMessageBox.information",
                        lambda _parent, title, text, *a: told.append((title, text)))

    def export_now(preview):
        if preview is not None:
            for kind in ("gif", "pdf"):
                path = tmp_path / f"preview.{kind}"
                results.append((lab.export(kind, str(path), 0, 3), path.exists()))

    controller.preview_shown.connect(export_now)
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(controller.settled, timeout=60_000):
        controller.set_value(MEMORY, switch.what_if)
    assert results == [(0, False), (0, False)]
    assert len(told) == 2 and all("still running" in text for _title, text in told)
    # once the whole run shows, the export works
    path = tmp_path / "whole.pdf"
    assert lab.export("pdf", str(path), 0, 1) == 2 and path.exists()


def test_opening_another_file_stops_warming_the_one_before(qtbot, long_lab, monkeypatch):
    """The comparison facts of a long run are worked out at open on a worker; when another
    file opens, nobody will compare that run any more, so its warming is told to stop."""
    import pathlib

    window, _lab = long_lab
    warmed = []
    monkeypatch.setattr(lab_controller, "warm", lambda trace, cancel=None: warmed.append((trace, cancel)))
    monkeypatch.setattr(lab_controller, "WARM_AFTER", 100)
    first, second = load_of(100), load_of(120)
    window.set_document(build_document(pathlib.Path("a.yaml"), first, run(first)))
    qtbot.waitUntil(lambda: len(warmed) == 1, timeout=10_000)
    window.set_document(build_document(pathlib.Path("b.yaml"), second, run(second)))
    qtbot.waitUntil(lambda: len(warmed) == 2, timeout=10_000)
    (trace_a, cancel_a), (trace_b, cancel_b) = warmed
    assert trace_a is not trace_b
    assert cancel_a is not None and cancel_a() and not cancel_b()


LONG_STATUS = ("Re-ran with 2 switches changed in 2669 ms: 200001 steps, first changed step: 2 (◆). "
               "The player is at step 2. Cut short: this run reached the 200,000-step cap "
               "(max_steps). What happens after the last step shown was not simulated, so the "
               "totals and endings are incomplete.")


def test_a_long_status_in_a_short_what_if_panel_is_not_clipped(qtbot, long_lab):
    """The What if… panel's status keeps the height its text needs at its width, from its first
    line: a short panel shrinks the list of switches (it scrolls), not the status."""
    _window, lab = long_lab
    panel = lab.panel
    panel.setParent(None)
    qtbot.addWidget(panel)
    panel.show()
    panel.status.setText(LONG_STATUS)
    for width, height in ((240, 200), (200, 220), (320, 180)):
        panel.resize(width, height)
        qtbot.waitUntil(lambda: panel.width() >= width, timeout=2_000)
        qtbot.wait(50)  # the layout settles (the label's minimum follows its width)
        status = panel.status
        assert status.height() >= status.heightForWidth(status.width())
        assert status.alignment() & Qt.AlignTop
    narrow = panel.status.height()
    panel.resize(700, 400)
    qtbot.waitUntil(lambda: panel.status.height() < narrow, timeout=2_000)  # and gives it back


def test_the_still_running_note_in_a_narrow_runs_compared_dock_is_whole(qtbot, long_lab):
    """The Runs compared header keeps its text's height in a narrow, short dock (its "still
    running" note was cut after "(the player"); the table of rows gives up the room."""
    _window, lab = long_lab
    view = lab.compare
    view.setParent(None)
    qtbot.addWidget(view)
    view.show()
    view.summary.setText(STILL_RUNNING)
    for width, height in ((160, 150), (220, 120)):
        view.resize(width, height)
        qtbot.waitUntil(lambda: view.width() >= width, timeout=2_000)
        qtbot.wait(50)
        summary = view.summary
        assert summary.height() >= summary.heightForWidth(summary.width())


def test_the_first_capped_run_moves_the_progress_bar(qtbot, long_lab):
    """The re-run's first part (the capped run that makes the preview) reports its steps too:
    when the preview shows, the bar already stands at the preview's steps of the expected
    length, and the counts never go back when the whole run starts counting again. Before,
    the bar stayed busy, with no count, until the whole run had recorded PROGRESS_EVERY
    (4,096) steps: the first part of a long re-run showed no progress at all."""
    window, lab = long_lab
    controller = lab.controller
    progress, at_preview = [], []
    window.runs.progressed.connect(lambda done, expected: progress.append((done, expected)))
    controller.preview_shown.connect(lambda preview: preview is not None and at_preview.append(
        (list(progress), window.progress.bar.maximum(), window.progress.bar.value(),
         window.progress.text.text())))
    switch = next(s for s in controller.session.switches if s.id == MEMORY)
    with qtbot.waitSignal(controller.settled, timeout=60_000):
        controller.set_value(MEMORY, switch.what_if)
    expected = len(controller.session.original_trace)
    assert len(at_preview) == 1
    before, maximum, value, text = at_preview[0]
    assert before, "no progress was reported before the first steps showed"
    assert before[-1] == (300, expected) and (maximum, value) == (expected, 300)
    assert text == f"Re-running the what-if… 300 of ~{expected:,} steps"
    assert len(before) > 1  # also while the first part ran, not only at its end
    done = [d for d, _e in progress]
    assert done == sorted(done) and len(done) == len(set(done))
