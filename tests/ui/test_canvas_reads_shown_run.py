"""The diagram's "N running" chip and "429 · x/y busy" badge read the run the player shows
(reviewer's report): after a what-if re-run the canvas still read the file's own run, so on
traffic-spike with price-order's reserved concurrency at 2 (a 96-step re-run vs the file's
119) step 37 showed no chip with two copies running and step 40 showed two with none."""

from __future__ import annotations

from pathlib import Path

from lab_fixtures import flip, lab_window, reset_lab

from app.ui.canvas.running_count import RunningCopies, running_counts

SWITCH = "knob:price-order:reserved"


def _chips(canvas) -> dict[str, int]:
    """Node → the count its "N running" chip shows at the step drawn."""
    out = {}
    for name, node in canvas.item_for_node.items():
        for item in node.childItems():
            if isinstance(item, RunningCopies):
                out[name] = item.count
    return out


def _busy_words(canvas) -> dict[str, str]:
    """Node → the throttle badge's words ("429 · 2/2 busy") at the step drawn."""
    return {name: node.badges["throttle"].word for name, node in canvas.item_for_node.items()
            if "throttle" in node.badges}


def _mismatches(window) -> list[int]:
    """Steps of the shown run whose drawn chips differ from that run's own state."""
    playback, canvas = window.playback, window.canvas
    wrong = []
    for i in range(len(playback.trace)):
        playback.seek(i)
        if _chips(canvas) != {n: c for n, c in running_counts(playback.trace.state_at(i)).items()
                              if getattr(canvas.item_for_node.get(n), "kind", None) == "function"}:
            wrong.append(i)
    return wrong


def test_running_chips_follow_the_rerun_and_the_reset(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path, "traffic-spike")
    window.canvas.set_animation_ms(0)
    original = window.playback.trace
    flip(qtbot, lab, SWITCH, 2)
    rerun = window.playback.trace
    assert rerun is not original and len(rerun) != len(original)
    assert _mismatches(window) == []
    reset_lab(qtbot, lab)
    assert window.playback.trace is not rerun
    assert window.canvas.trace is window.playback.trace
    assert _mismatches(window) == []


def test_throttle_badge_says_how_busy_the_rerun_is(qtbot, tmp_path):
    from app.ui.canvas.step_marks import busy_at_limit

    window, lab = lab_window(qtbot, tmp_path, "traffic-spike")
    window.canvas.set_animation_ms(0)
    flip(qtbot, lab, SWITCH, 2)
    playback = window.playback
    wrong, badged = [], 0
    for i in range(len(playback.trace)):
        playback.seek(i)
        drawn = _busy_words(window.canvas)
        if not drawn:
            continue
        badged += 1
        busy = busy_at_limit(playback.trace.state_at(i))
        if any(word != (f"429 · {busy[n]}" if n in busy else "429 throttled")
               for n, word in drawn.items()):
            wrong.append(i)
    assert badged and wrong == []


def test_a_long_reruns_first_steps_are_what_the_canvas_reads(qtbot, tmp_path, monkeypatch):
    """While a long re-run's first steps show (a preview), the chips come from them."""
    from pathlib import Path

    from load_scenarios import load_of
    from window_fixtures import make_window

    import app.ui.lab.rerun_job as rerun_job
    from app.engine import run
    from app.ui.document import build_document
    from app.ui.lab import install_lab
    from lab_fixtures import flip_watching_previews

    monkeypatch.setattr(rerun_job, "PREVIEW_STEPS", 300)
    scenario = load_of(400)
    window = make_window(qtbot, tmp_path)
    lab = install_lab(window)
    window.set_document(build_document(Path("load.yaml"), scenario, run(scenario)))
    window.canvas.set_animation_ms(0)
    window.playback.seek(120)
    seen = []

    def at_preview(preview):
        playback = window.playback
        seen.append((playback.trace is preview.trace, window.canvas.trace is preview.trace,
                     _chips(window.canvas) == running_counts(preview.trace.state_at(playback.index))))

    switch = next(s for s in lab.controller.session.switches if s.id == "knob:work:memory")
    flip_watching_previews(qtbot, lab, switch.id, switch.what_if, at_preview)
    assert seen == [(True, True, True)]
    assert window.canvas.trace is window.playback.trace and _mismatches(window) == []


def test_gif_and_pdf_frames_show_the_running_chips_of_the_run_exported(qtbot, tmp_path, monkeypatch):
    """A GIF or PDF of a run (Lab → Export, `lambdascope export --gif/--pdf`) draws its steps
    on a canvas of its own: that canvas read no run at all, so no frame showed "4 running"
    (traffic-spike's step 44) nor "429 · 5/5 busy"."""
    import app.ui.slides as slides
    from app.commands.play import load
    from app.engine.run import run

    scenario, _ = load(str(Path(__file__).resolve().parents[2] / "scenarios" / "traffic-spike.yaml"))
    trace = run(scenario)
    drawn: dict[int, dict[str, int]] = {}
    made = slides.slide_view

    def watched_view(*args, **kwargs):
        view = made(*args, **kwargs)
        show = view.show_step

        def show_and_look(step):
            show(step)
            if step is not None:
                drawn[step.index] = _chips(view)
        view.show_step = show_and_look
        return view

    monkeypatch.setattr(slides, "slide_view", watched_view)
    for kind in ("gif", "pdf"):
        drawn.clear()
        slides.export_run(kind, scenario, trace, tmp_path / f"run.{kind}", 40, 47)
        expected = {i: running_counts(trace.state_at(i)) for i in range(40, 48)}
        assert any(expected.values()) and drawn == expected, kind
