"""Export: PNG/SVG slides of one step, from Python (render.py) and from `lambdascope export`."""

import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from app.cli import main
from app.engine import run
from app.ui.canvas import PALETTES, CanvasView
from app.ui.render import render_png, render_svg, step_caption

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from graph_scenarios import photo_thumbnails  # noqa: E402

needs_loader = pytest.mark.skipif(importlib.util.find_spec("app.scenario.loader") is None,
                                  reason="the scenario loader is not there yet")
BACKGROUND = tuple(int(PALETTES["light"]["background"][i:i + 2], 16) for i in (1, 3, 5))


def assert_not_blank(path: Path, size: tuple[int, int]) -> None:
    image = Image.open(path).convert("RGB")
    assert image.size == size
    colours = image.getcolors(maxcolors=1 << 22)
    assert len(colours) > 50, "a drawing has many colours (antialiasing, icons, text)"
    drawn = sum(count for count, colour in colours if colour != BACKGROUND)
    assert drawn > 0.08 * size[0] * size[1], "most of the slide is empty background"


@pytest.fixture
def shown(qtbot):
    scenario = photo_thumbnails()
    trace = run(scenario)
    view = CanvasView()
    qtbot.addWidget(view)
    view.set_animation_ms(0)
    view.set_scenario(scenario)
    step = next(s for s in trace if "cold-start" in s.tags)
    view.show_step(step)
    return view, step, len(trace)


def test_render_png_has_the_requested_size_and_a_picture(shown, tmp_path):
    """render_png writes exactly W×H pixels, with the graph and the caption drawn on it."""
    view, step, total = shown
    out = render_png(view, tmp_path / "slide.png", (1280, 720), step_caption(step, total))
    assert_not_blank(out, (1280, 720))


def test_render_svg_is_xml_with_the_caption(shown, tmp_path):
    """render_svg writes well-formed SVG whose view box is the page and which holds the narration."""
    view, step, total = shown
    out = render_svg(view, tmp_path / "slide.svg", (1600, 900), step_caption(step, total))
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox").split() == ["0", "0", "1600", "900"]
    text = "".join(root.itertext())
    assert "Cold start" in text and "make-thumbnail" in text


def test_step_caption_numbers_steps_from_one_and_says_what_is_not_simulated(shown):
    """The caption uses the window's 1-based numbering and repeats a step's caveat."""
    _, step, total = shown
    caption = step_caption(step, total)
    assert caption.startswith(f"Step {step.index + 1} of {total}")
    assert step.narration in caption
    caveated = type(step)(**{**{f: getattr(step, f) for f in step.__slots__}, "caveat": "no jitter"})
    assert "Not simulated: no jitter" in step_caption(caveated, total)


@needs_loader
def test_cli_writes_png_and_svg(tmp_path, scenarios_dir, capsys):
    """`lambdascope export FILE --step 9 --png --svg --size 800x450` writes both files."""
    png, svg = tmp_path / "s.png", tmp_path / "s.svg"
    code = main(["export", str(scenarios_dir / "photo-thumbnails.yaml"), "--step", "9",
                 "--png", str(png), "--svg", str(svg), "--size", "800x450"])
    assert code == 0, capsys.readouterr().err
    assert_not_blank(png, (800, 450))
    assert ET.parse(svg).getroot().tag.endswith("svg")


@needs_loader
def test_cli_step_out_of_range_is_a_clear_error(tmp_path, scenarios_dir, capsys):
    """Asking for step 999 of a 27-step run exits 1 and says how many steps there are."""
    code = main(["export", str(scenarios_dir / "photo-thumbnails.yaml"), "--step", "999",
                 "--png", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert code == 1
    assert "step 999 is out of range" in err and "numbered 1 to" in err
    assert not (tmp_path / "x.png").exists()


@needs_loader
def test_cli_bad_file_prints_the_loader_errors(tmp_path, capsys):
    """An invalid scenario exits 1 with file:line messages from the loader, and writes nothing."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Broken\nteaches: push\nsummary: x\nresources: {}\nscript: []\n")
    code = main(["export", str(bad), "--step", "1", "--png", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert code == 1
    assert "bad.yaml" in err
    assert not (tmp_path / "x.png").exists()


def test_cli_needs_an_output(tmp_path, scenarios_dir, capsys):
    """Without --png or --svg there is nothing to write: exit 2 with a hint."""
    code = main(["export", str(scenarios_dir / "photo-thumbnails.yaml"), "--step", "1"])
    assert code == 2
    assert "--png" in capsys.readouterr().err


def test_cli_rejects_a_malformed_size(tmp_path, scenarios_dir, capsys):
    """--size must look like 1600x900."""
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(scenarios_dir / "photo-thumbnails.yaml"), "--step", "1",
              "--png", str(tmp_path / "x.png"), "--size", "big"])
    assert exit_info.value.code == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err


def test_help_names_every_output_format(capsys):
    """`lambdascope --help` and `export --help` name all four formats export writes, not only PNG/SVG."""
    for argv in (["--help"], ["export", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = " ".join(capsys.readouterr().out.split())
        assert all(word in out for word in ("PNG", "SVG", "GIF", "PDF")), argv
