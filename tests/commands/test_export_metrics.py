"""`lambdascope export FILE --metrics OUT.png [--step N] [--size WxH]` (issue 11, Charts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops

from app.cli import main
from app.ui.canvas import PALETTES

REPO = Path(__file__).resolve().parents[2]
SPIKE = REPO / "scenarios" / "traffic-spike.yaml"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def test_export_metrics_writes_the_charts_at_the_size_asked_and_exits_cleanly(tmp_path):
    """A separate process: leaving pyqtgraph's scene to interpreter exit crashed it (rc 139)."""
    out = tmp_path / "spike.png"
    result = subprocess.run(
        [sys.executable, "-m", "app", "export", str(SPIKE), "--metrics", str(out), "--step", "40",
         "--size", "1280x720", "--theme", "dark"],
        cwd=REPO, capture_output=True, text=True, timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"wrote {out}" in result.stdout
    image = Image.open(out).convert("RGB")
    assert image.size == (1280, 720)
    assert image.getpixel((2, 2)) == _rgb(PALETTES["dark"]["background"])
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    # the concurrency line, the limit line and the throttle marks are drawn in the theme's colours
    for key in ("accent", "danger", "warning"):
        assert _rgb(PALETTES["dark"][key]) in colours, key


def test_the_playhead_moves_with_step(tmp_path, qtbot):
    first, last = tmp_path / "first.png", tmp_path / "last.png"
    assert main(["export", str(SPIKE), "--metrics", str(first), "--step", "1", "--size", "800x500"]) == 0
    assert main(["export", str(SPIKE), "--metrics", str(last), "--size", "800x500"]) == 0
    a, b = Image.open(first).convert("RGB"), Image.open(last).convert("RGB")
    box = ImageChops.difference(a, b).getbbox()
    assert box is not None  # different pictures: the heading and the playhead moved


def test_export_metrics_step_out_of_range_is_a_sentence(tmp_path, qtbot, capsys):
    code = main(["export", str(SPIKE), "--metrics", str(tmp_path / "x.png"), "--step", "9999"])
    assert code == 1
    assert "out of range" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_every_builtin_renders_its_charts(tmp_path, qtbot):
    """Done when (issue 11): the metrics export works for every built-in."""
    from app.engine import run
    from app.metrics import charts_of, compute_metrics
    from app.scenario.loader import load_scenario
    from app.ui.metrics_panel import render_metrics_png

    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        trace = run(load_scenario(path))
        assert charts_of(compute_metrics(trace)), path.name
        out = tmp_path / f"{path.stem}.png"
        render_metrics_png(trace, len(trace) - 1, out, (900, 600), PALETTES["light"], path.stem)
        image = Image.open(out).convert("RGB")
        assert image.size == (900, 600)
        assert _rgb(PALETTES["light"]["accent"]) in {c for _, c in image.getcolors(1 << 20)}, path.name
