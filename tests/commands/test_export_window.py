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
