"""GIF frames keep the theme's colours (issue 11, item 5): a 255-colour median cut merged the
small green "warm" badge into a dark grey on some frames; the theme's own colours now have
reserved palette entries, so every pixel drawn in one comes back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.engine import run
from app.scenario.loader import load_scenario
from app.ui.canvas import styles
from app.ui.slides import export_gif, slide_view

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("name", ["fan-out-sns", "nightly-schedule"])
def test_the_warm_badge_stays_green_in_the_gif(qtbot, tmp_path, name, monkeypatch):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    trace = run(scenario)
    warm = next(s.index for s in trace if "warm-start" in (s.tags or ()))
    view = slide_view(scenario, palette=styles.PALETTES["light"])
    pictures = []
    import app.ui.slides as slides

    original = slides.render_frame
    monkeypatch.setattr(slides, "render_frame",
                        lambda *a, **k: pictures.append(original(*a, **k)) or pictures[-1])
    assert export_gif(view, trace, tmp_path / "warm.gif", warm, warm) == 1
    before = pictures[0].load()
    after = Image.open(tmp_path / "warm.gif").convert("RGB").load()
    green = _rgb(styles.PALETTES["light"]["ok"])
    spots = [(x, y) for y in range(pictures[0].height) for x in range(pictures[0].width)
             if before[x, y] == green]
    assert len(spots) > 20  # the badge is drawn
    worst = max(sum(abs(a - b) for a, b in zip(after[x, y], green)) for x, y in spots)
    assert worst <= 6  # before: 102 (a dark grey-green)
