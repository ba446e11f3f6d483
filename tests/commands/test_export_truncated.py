"""Exports of a run cut at the step cap carry the shared note (issue 9 item 2): PNG/SVG headless,
GIF and PDF slides, and the window's own PNG caption."""

from __future__ import annotations

import sys

from app.cli import main
from app.engine import run
from app.scenario.loader import load_scenario
from app.truncation import truncation_note
from app.ui import slides
from app.ui.render import step_caption


def _cap(monkeypatch, steps: int) -> None:
    monkeypatch.setattr(sys.modules["app.engine.run"], "DEFAULT_MAX_STEPS", steps)


def test_cli_svg_of_a_cut_run_says_it_was_cut(tmp_path, scenarios_dir, monkeypatch, capsys):
    """The SVG's caption (its description and text) names the cap; an uncut run's does not."""
    svg = tmp_path / "cut.svg"
    _cap(monkeypatch, 5)
    assert main(["export", str(scenarios_dir / "photo-thumbnails.yaml"), "--step", "2",
                 "--svg", str(svg)]) == 0, capsys.readouterr().err
    assert "5-step cap" in svg.read_text(encoding="utf-8")
    _cap(monkeypatch, 200_000)
    assert main(["export", str(scenarios_dir / "photo-thumbnails.yaml"), "--step", "2",
                 "--svg", str(svg)]) == 0
    assert "step cap" not in svg.read_text(encoding="utf-8")


def test_gif_and_pdf_slides_of_a_cut_run_carry_the_note(tmp_path, scenarios_dir, monkeypatch):
    """Every GIF frame and PDF page is drawn with the caption that ends with the note."""
    trace = run(load_scenario(scenarios_dir / "photo-thumbnails.yaml"), max_steps=6)
    note = truncation_note(trace)
    captions = []
    real = slides.paint_slide
    monkeypatch.setattr(slides, "paint_slide",
                        lambda painter, frame, w, h, caption=None, banner=None: (
                            captions.append(caption), real(painter, frame, w, h, caption, banner)))
    scenario = load_scenario(scenarios_dir / "photo-thumbnails.yaml")
    assert slides.export_run("gif", scenario, trace, tmp_path / "c.gif", 0, 2) == 3
    assert slides.export_run("pdf", scenario, trace, tmp_path / "c.pdf", 0, 1) == 2
    assert len(captions) == 5 and all(c.endswith(f"⚠ {note}") for c in captions)
    assert step_caption(trace[0], len(trace), note).endswith(note)
