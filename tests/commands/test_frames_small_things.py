"""Small things seen in exports (issue 11, item 5): a long caption no longer pushes the picture
to the left of a slide (PNG, GIF and PDF frames all go through paint_slide)."""

import sys
from pathlib import Path

from PIL import Image

from app.engine import run
from app.ui.canvas import PALETTES, CanvasView
from app.ui.render import render_png

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
from graph_scenarios import photo_thumbnails  # noqa: E402

BACKGROUND = tuple(int(PALETTES["light"]["background"][i:i + 2], 16) for i in (1, 3, 5))


def test_a_long_caption_leaves_the_picture_centred(qtbot, tmp_path):
    scenario = photo_thumbnails()
    trace = run(scenario)
    view = CanvasView()
    qtbot.addWidget(view)
    view.set_animation_ms(0)
    view.set_scenario(scenario)
    view.show_step(trace[3])
    caption = "Step 4 of 30 · a long caption\n" + "Lambda explains this step at length. " * 40
    out = render_png(view, tmp_path / "slide.png", (1600, 900), caption)
    image = Image.open(out).convert("RGB")
    band_top = next(y for y in range(899, 0, -1) if image.getpixel((5, y)) == BACKGROUND)
    picture = image.crop((0, 0, 1600, band_top))
    drawn = [x for x in range(0, 1600, 4)
             if any(picture.getpixel((x, y)) != BACKGROUND for y in range(0, band_top, 6))]
    left, right = min(drawn), 1600 - max(drawn)
    assert abs(left - right) < 40, (left, right)  # before: the picture hugged the left margin
