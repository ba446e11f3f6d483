"""`lambdascope export FILE --window --png OUT.png --step N --size WxH` (issue 11): the whole
window at that step, at that size, with the step's narration and the key as the options say."""

from pathlib import Path

from PIL import Image

from app.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_window_export_is_the_whole_window_at_the_step(tmp_path, qtbot, capsys):
    out = tmp_path / "window.png"
    code = main(["export", str(SCENARIOS / "photo-thumbnails.yaml"), "--window", "--png", str(out),
                 "--step", "11", "--size", "1024x600"])
    assert code == 0, capsys.readouterr().err
    image = Image.open(out).convert("RGB")
    assert image.size == (1024, 600)
    assert len(image.getcolors(maxcolors=1 << 22)) > 200  # diagram, text, photo: not blank


def test_window_export_renders_the_window_widgets(qtbot):
    """From Python: the same image a user sees; the narration of step 11 is shown."""
    from app.commands.export_window import render_window
    from app.engine import run
    from app.scenario.loader import load_scenario

    path = SCENARIOS / "photo-thumbnails.yaml"
    scenario = load_scenario(path)
    trace = run(scenario)
    image = render_window(path, scenario, trace, 11, (1280, 720), legend=False)
    assert (image.width(), image.height()) == (1280, 720)


def test_window_export_needs_png_and_step(tmp_path, capsys):
    code = main(["export", str(SCENARIOS / "photo-thumbnails.yaml"), "--window",
                 "--svg", str(tmp_path / "x.svg")])
    assert code == 2
    assert "--window needs --png" in capsys.readouterr().err


def test_window_export_step_out_of_range(tmp_path, capsys):
    code = main(["export", str(SCENARIOS / "photo-thumbnails.yaml"), "--window",
                 "--png", str(tmp_path / "x.png"), "--step", "999"])
    assert code == 1
    assert "out of range" in capsys.readouterr().err


def _quiz_shown(scenario_update: dict, quiz, step: int | None = None):
    """Render photo-thumbnails in presentation mode; what the quiz bar showed: (on, visible, prompt)."""
    from app.commands.export_window import render_window
    from app.engine import run
    from app.scenario.loader import load_scenario

    path = SCENARIOS / "photo-thumbnails.yaml"
    scenario = load_scenario(path).model_copy(update=scenario_update)
    trace = run(scenario)
    seen = {}

    def look(window):
        bar = window.lab.quiz
        seen.update(on=bar.active, visible=bar.isVisible(), prompt=bar.prompt.text(),
                    checked=window.lab.quiz_action.isChecked())

    render_window(path, scenario, trace, step or 11, (1280, 720), present=True, quiz=quiz,
                  prepare=look)
    return seen


def test_quiz_option_turns_the_quiz_on_even_when_the_file_already_does(qtbot):
    """`quiz: true` in the file plus --quiz: on (before: --quiz toggled the file's quiz off, so
    the teacher's export showed no quiz panel at all)."""
    seen = _quiz_shown({"quiz": True}, quiz=True)
    assert seen["on"] and seen["visible"] and seen["checked"]
    assert seen["prompt"].startswith("Step 12: ")


def test_window_export_shows_the_quiz_as_the_window_opens_the_file(qtbot):
    """Without --quiz/--no-quiz the export shows what opening the file shows: `quiz: true` turns
    it on; --no-quiz turns it off; --quiz turns it on for any file."""
    assert _quiz_shown({"quiz": True}, quiz=None)["visible"]
    assert not _quiz_shown({"quiz": True}, quiz=False)["visible"]
    assert not _quiz_shown({"quiz": False}, quiz=None)["visible"]
    assert _quiz_shown({"quiz": False}, quiz=True)["visible"]


def test_a_step_without_a_question_still_shows_the_quiz_panel(qtbot):
    """As in the window: the panel says there is no question (here: the run is over)."""
    seen = _quiz_shown({}, quiz=True, step=30)
    assert seen["visible"] and seen["prompt"] == "End of the run."


def test_quiz_and_no_quiz_options_parse(tmp_path, capsys):
    out = tmp_path / "w.png"
    code = main(["export", str(SCENARIOS / "photo-thumbnails.yaml"), "--window", "--png", str(out),
                 "--step", "2", "--no-quiz", "--size", "800x500"])
    assert code == 0, capsys.readouterr().err


def test_headless_window_export_keeps_stderr_free_of_the_offscreen_plugins_notice(tmp_path):
    """The offscreen plugin's "This plugin does not support propagateSizeHints()" (printed a dozen
    times per export) is noise to a teacher; real warnings still get through."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    out = tmp_path / "w.png"
    done = subprocess.run([sys.executable, "-m", "app", "export", str(SCENARIOS / "photo-thumbnails.yaml"),
                           "--window", "--present", "--step", "3", "--png", str(out)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.exists() and "propagateSizeHints" not in done.stderr, done.stderr
