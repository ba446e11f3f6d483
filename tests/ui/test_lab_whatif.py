"""The "What if…" panel: switches per scenario, re-runs, where the player lands, the changed mark."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lab_fixtures import READ_PERMISSION, S3_PERMISSION, first_difference, flip, lab_window, reset_lab, settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QStyleOptionViewItem
from window_fixtures import SCENARIOS

from app.lab import switches_for
from app.ui.document import load_document
from app.ui.lab.marks import CHANGED_GLYPH, SUMMARY_COLUMN
from app.ui.lab.whatif_panel import NumberControl
from app.ui.timeline import TimelineModel


def _summary_text(window, index: int) -> str:
    """The summary cell of step `index` as the timeline paints it (through the lab's delegate)."""
    view = window.timeline.view
    model = view.model()  # whatever model the timeline filters with, rows carry their step
    cell = next(model.index(row, SUMMARY_COLUMN) for row in range(model.rowCount())
                if model.index(row, 0).data(TimelineModel.StepRole).index == index)
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, cell)
    return option.text


def test_panel_builds_a_row_for_every_switch_of_every_builtin(qtbot, tmp_path):
    """Each built-in scenario gets its own switches, each shown with its prediction."""
    window, lab = lab_window(qtbot, tmp_path)
    controls = {"toggle": QCheckBox, "choice": QComboBox, "number": NumberControl}
    for path in sorted(SCENARIOS.glob("*.yaml")):
        document = load_document(path)
        window.set_document(document)
        expected = switches_for(document.scenario)
        assert list(lab.panel.rows) == [s.id for s in expected], path.name
        for switch in expected:
            row = lab.panel.rows[switch.id]
            assert isinstance(row.control, controls[switch.kind])
            assert row.prediction.text() == f"→ {switch.prediction}"
            assert row.value() == switch.current or (switch.current is None and row.value() is None)


def test_removing_a_role_permission_reruns_and_lands_on_the_denied_step(qtbot, tmp_path):
    """Flipping "remove s3:GetObject" re-runs: the code's GetObject is denied, the player on
    that step, marked."""
    window, lab = lab_window(qtbot, tmp_path)
    original = window.playback.trace
    window.playback.seek(len(original) - 1)  # past the point where the runs will part
    settle(qtbot, lab, lab.panel.rows[READ_PERMISSION].control.click)
    trace = window.playback.trace
    assert trace is not original
    denied = [s for s in trace if s.permission is not None and s.permission.decision == "deny"]
    assert denied and denied[0].kind == "sdk-call" and denied[0].source == "make-thumbnail"
    first = first_difference(original, trace)
    assert window.playback.index == first == lab.controller.changed_index == denied[0].index
    assert _summary_text(window, first).startswith(f"{CHANGED_GLYPH} changed")
    assert not _summary_text(window, first - 1).startswith(CHANGED_GLYPH)
    assert window.narration.position.text().startswith(f"{CHANGED_GLYPH} changed by the what-if")
    assert lab.panel.reset_button.isEnabled()


def test_the_player_keeps_its_step_when_the_runs_agree_up_to_it(qtbot, tmp_path):
    """Before the first difference the player stays put; the difference is still marked."""
    window, lab = lab_window(qtbot, tmp_path)
    original = window.playback.trace
    window.playback.seek(1)
    flip(qtbot, lab, READ_PERMISSION, True)
    first = first_difference(original, window.playback.trace)
    assert first > 1
    assert window.playback.index == 1
    assert lab.controller.changed_index == first
    assert not window.narration.position.text().startswith(CHANGED_GLYPH)
    window.playback.seek(first)
    assert window.narration.position.text().startswith(CHANGED_GLYPH)


def test_reset_restores_the_original_trace_and_the_switches(qtbot, tmp_path):
    """Reset brings back the unmodified run, unticks the switch and drops the mark."""
    window, lab = lab_window(qtbot, tmp_path)
    original = window.playback.trace
    flip(qtbot, lab, S3_PERMISSION, True)
    assert window.playback.trace is not original
    settle(qtbot, lab, lambda: qtbot.mouseClick(lab.panel.reset_button, Qt.LeftButton))
    assert window.playback.trace is original
    assert lab.controller.changed_index is None
    assert not lab.panel.rows[S3_PERMISSION].control.isChecked()
    assert not lab.panel.reset_button.isEnabled()
    assert not _summary_text(window, 4).startswith(CHANGED_GLYPH)


def test_reserved_concurrency_zero_from_the_spin_box_throttles(qtbot, tmp_path):
    """The reserved-concurrency box starts at "unreserved"; 0 re-runs with throttles and no execute."""
    window, lab = lab_window(qtbot, tmp_path)
    control = lab.panel.rows["knob:make-thumbnail:reserved"].control
    assert control.box.text() == "unreserved" and control.value() is None
    settle(qtbot, lab, lambda: control.box.setValue(0))
    trace = window.playback.trace
    assert any(s.kind == "throttle" for s in trace)  # lambda-behaviour.md §11 (CON)
    assert not any(s.kind == "execute" for s in trace)
    assert lab.panel.rows["knob:make-thumbnail:reserved"].title.font().bold()


def test_a_refused_edit_is_said_and_changes_nothing(qtbot, tmp_path):
    """A value the scenario format refuses leaves the run as it was and says why in the panel."""
    window, lab = lab_window(qtbot, tmp_path)
    before = window.playback.trace
    flip(qtbot, lab, "knob:make-thumbnail:memory", 5)  # below the documented 128 MB
    assert window.playback.trace is before
    assert lab.panel.status.text().startswith("⚠ Not applied:")
    assert lab.panel.rows["knob:make-thumbnail:memory"].value() == 512


def test_write_back_shows_the_loop_and_where_it_is_cut(qtbot, tmp_path):
    """Writing thumbnails back into photos loops (many more runs) until Lambda's recursive-loop
    detection stops it (lambda-behaviour.md §13 A2)."""
    window, lab = lab_window(qtbot, tmp_path)
    runs_before = sum(s.kind == "execute" for s in window.playback.trace)
    flip(qtbot, lab, "write-back:make-thumbnail:photos", True)
    trace = window.playback.trace
    assert sum(s.kind == "execute" for s in trace) > 2 * runs_before  # lambda-behaviour.md §7 (WS3)
    assert any(s.kind == "detect" and "stopped" in s.tags for s in trace)  # §13 A2 (REC)
    assert lab.controller.scenario.resources["make-thumbnail"].options["target_bucket"] == "photos"
    assert window.inspector.scenario is lab.controller.scenario


def test_every_rerun_goes_to_a_worker_and_a_newer_flip_keeps_the_older_one(qtbot, tmp_path):
    """Even a fast re-run leaves the GUI thread; two quick flips show one result with both."""
    window, lab = lab_window(qtbot, tmp_path)
    controller = lab.controller
    original = window.playback.trace
    shown = []
    controller.rerun_applied.connect(shown.append)
    with qtbot.waitSignal(controller.settled, timeout=60_000):
        controller.set_value(S3_PERMISSION, True)
        assert window.playback.trace is original and controller.running  # nothing ran here
        controller.set_value("fail:make-thumbnail", "always")
    assert len(shown) == 1
    assert set(shown[0].values) == {S3_PERMISSION, "fail:make-thumbnail"}
    assert shown[0].edits == tuple(controller.session.edits)
    assert window.playback.trace is shown[0].trace


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_player_keeps_or_jumps_as_the_runs_agree(qtbot, tmp_path, data):
    """Any switch, any value, any starting step: stay before the first difference, else jump to it."""
    window, lab = _shared_window(qtbot, tmp_path)
    reset_lab(qtbot, lab)
    switches = lab.controller.session.switches
    switch = data.draw(st.sampled_from(switches), label="switch")
    values = [True, False] if switch.kind == "toggle" else list(switch.options)
    value = data.draw(st.sampled_from(values), label="value")
    original = window.playback.trace
    start = data.draw(st.integers(0, len(original) - 1), label="start")
    window.playback.seek(start)
    flip(qtbot, lab, switch.id, value)
    first = first_difference(original, window.playback.trace)
    if first is None:
        assert window.playback.index == start and lab.controller.changed_index is None
    elif start < first:
        assert window.playback.index == start and lab.controller.changed_index == first
    else:
        assert window.playback.index == first == lab.controller.changed_index


_WINDOWS: dict = {}


def _shared_window(qtbot, tmp_path):
    """One window for all hypothesis examples of a test (a window per example would take minutes)."""
    if _WINDOWS.get("qtbot") is not qtbot:
        _WINDOWS.update(qtbot=qtbot, window=lab_window(qtbot, tmp_path))
    return _WINDOWS["window"]
