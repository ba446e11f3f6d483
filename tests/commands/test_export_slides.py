"""Export for slides, headless: an animated GIF and a PDF storyboard of a range of steps.

The window's File → Export GIF/PDF is tested in tests/ui/test_lab_export.py.
"""

from __future__ import annotations

import re
import zlib

import pytest
from PIL import Image, ImageChops

from app.cli import main

PAGE = re.compile(rb"/Type\s*/Page(?!s)")
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _frames(path) -> list[Image.Image]:
    image = Image.open(path)
    frames = []
    for n in range(image.n_frames):
        image.seek(n)
        frames.append(image.convert("RGB"))
    return frames


def _text_streams(pdf: bytes) -> int:
    """How many content streams draw text (Tj/TJ), i.e. pages that carry a caption."""
    count = 0
    for raw in STREAM.findall(pdf):
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            data = raw
        count += bool(re.search(rb"\bT[jJ]\b", data))
    return count


@pytest.fixture(scope="module")
def photo(repo_root):
    return repo_root / "scenarios" / "photo-thumbnails.yaml"


def test_gif_has_one_frame_per_step_of_the_range_and_none_is_blank(photo, tmp_path, capsys):
    """`--gif --from 3 --to 9` writes 7 frames; each holds a picture, and each differs from the last."""
    out = tmp_path / "run.gif"
    assert main(["export", str(photo), "--gif", str(out), "--from", "3", "--to", "9"]) == 0
    frames = _frames(out)
    assert len(frames) == 9 - 3 + 1
    for frame in frames:
        assert frame.size == (960, 540)
        assert len(frame.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 20  # diagram + text
    for a, b in zip(frames, frames[1:]):
        assert ImageChops.difference(a, b).getbbox() is not None  # the caption at least changes
    assert "7 frames: steps 3 to 9 of" in capsys.readouterr().out


def test_pdf_has_one_page_per_step_each_with_text(photo, tmp_path):
    """`--pdf` without a range writes the whole run, one page per step, each with its caption."""
    from app.engine import run
    from app.scenario.loader import load_scenario

    total = len(run(load_scenario(photo)))
    out = tmp_path / "run.pdf"
    assert main(["export", str(photo), "--pdf", str(out), "--from", "2", "--to", "6"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(PAGE.findall(data)) == 5
    assert _text_streams(data) >= 5
    whole = tmp_path / "whole.pdf"
    assert main(["export", str(photo), "--pdf", str(whole)]) == 0
    assert len(PAGE.findall(whole.read_bytes())) == total


def test_a_range_outside_the_run_exits_1_and_writes_nothing(photo, tmp_path, capsys):
    """Step numbers count from 1; a range past the end names how many steps there are."""
    out = tmp_path / "run.gif"
    assert main(["export", str(photo), "--gif", str(out), "--from", "5", "--to", "999"]) == 1
    assert "numbered 1 to" in capsys.readouterr().err
    assert not out.exists()


def test_png_still_needs_a_step(photo, tmp_path, capsys):
    """--step became optional for --gif/--pdf only; a PNG without it is a usage error (2)."""
    assert main(["export", str(photo), "--png", str(tmp_path / "a.png")]) == 2
    assert "--step" in capsys.readouterr().err


def test_storyboard_page_shows_the_payload_and_permission(photo):
    """The page's summary under the slide names the decision and starts the payload JSON."""
    from app.engine import run
    from app.scenario.loader import load_scenario
    from app.ui.slides import payload_summary

    trace = run(load_scenario(photo))
    check = next(s for s in trace if s.kind == "permission-check")
    lines = payload_summary(check)
    assert lines[0].startswith(f"permission-check · {check.source} → {check.target}")
    assert lines[1].startswith(f"{check.permission.decision.upper()}: {check.permission.principal}")
    invoke = next(s for s in trace if s.kind == "invoke" and s.payload)
    cut = payload_summary(invoke, lines=8)
    assert len(cut) == 8 and cut[-1].startswith("… ") and re.search(r"\d+ more fields?: ", cut[-1])
    assert not re.search(r"\b1 more fields\b", cut[-1])
    assert any(line.startswith("Payload (") for line in cut)
    assert not any("inspector" in line for line in cut)



def test_from_and_to_without_gif_or_pdf_are_a_usage_error(photo, tmp_path, capsys):
    """--from/--to only mean something for --gif/--pdf; with --png alone they are refused (2)."""
    assert main(["export", str(photo), "--step", "2", "--png", str(tmp_path / "a.png"),
                 "--from", "3"]) == 2
    assert "--from/--to" in capsys.readouterr().err
    assert not (tmp_path / "a.png").exists()


def test_a_gif_longer_than_a_slide_is_refused_with_the_limit(photo, tmp_path, capsys, monkeypatch):
    """Past MAX_GIF_FRAMES steps the GIF is refused (exit 1), naming the limit and the PDF instead."""
    import app.ui.slides as slides

    monkeypatch.setattr(slides, "MAX_GIF_FRAMES", 5)
    out = tmp_path / "long.gif"
    assert main(["export", str(photo), "--gif", str(out), "--from", "1", "--to", "6"]) == 1
    err = capsys.readouterr().err
    assert "at most 5 steps" in err and "PDF" in err
    assert not out.exists()


def test_every_storyboard_line_stays_inside_the_page_and_names_no_inspector(photo):
    """Each line of each page's summary fits its box (the old pages cut "…statement All" at the
    right edge); the payload is shown as fields, never "(see the inspector)"."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from app.engine import run
    from app.scenario.loader import load_scenario
    from app.ui.storyboard_text import layout, storyboard_font

    trace = run(load_scenario(photo))
    font = storyboard_font()
    metrics = QFontMetricsF(font)
    for width, height in ((1123, 794), (960, 540), (1600, 900)):  # A4 landscape at 96/inch, slides
        box = QRectF(0, height * 0.7, width, height * 0.3)
        for step in trace:
            for x, y, text in layout(step, box, font):
                assert x >= box.left() and x + metrics.horizontalAdvance(text) <= box.right(), text
                assert y + metrics.descent() <= box.bottom(), (step.index, text)
                assert "inspector" not in text


def test_the_payload_key_fields_come_first_when_they_do_not_all_fit(photo):
    from app.engine import run
    from app.scenario.loader import load_scenario
    from app.ui.storyboard_text import summary_lines

    invoke = next(s for s in run(load_scenario(photo)) if s.kind == "invoke" and s.payload)
    lines = summary_lines(invoke, rows=8, width=100)[0]
    assert any("s3.bucket.name: photos" in line for line in lines)
    assert any("eventName: ObjectCreated:Put" in line for line in lines)
    assert lines[-1].startswith("… ") and "eventVersion" in lines[-1]


def test_captions_carry_the_chapter_step_tag_as_the_window_does(photo):
    from app.engine import run
    from app.scenario.loader import load_scenario
    from app.ui.render import step_caption

    trace = run(load_scenario(photo))
    tagged = next(s for s in trace if s.chapter_step is not None)
    assert f"chapter step {tagged.chapter_step}" in step_caption(tagged, len(trace)).split("\n")[0]
    untagged = next((s for s in trace if s.chapter_step is None), None)
    if untagged is not None:
        assert "chapter step" not in step_caption(untagged, len(trace))


@pytest.mark.parametrize("name", ["photo-thumbnails", "mobile-cognito"])
def test_every_caption_fits_its_band_on_a_storyboard_page(repo_root, name):
    """A long narration shrinks its font rather than running under the payload box."""
    from app.engine import run
    from app.scenario.loader import load_scenario
    from app.ui.render import _caption_layout, step_caption
    from app.ui.storyboard_text import summary_height

    trace = run(load_scenario(repo_root / "scenarios" / f"{name}.yaml"))
    for width, height in ((1123, 794), (1600, 900)):
        for step in trace:
            slide_h = height - summary_height(step, width, height * 0.3)
            band = _caption_layout(step_caption(step, len(trace)), width, slide_h * 0.45)[-1]
            assert band <= slide_h * 0.45, (width, step.index)
