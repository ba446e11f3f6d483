"""Every export of a what-if run says so (teacher's report item 3): `export --set` wrote
pictures, PDFs and GIFs of an edited run that looked like the file's own. Now the window picture
shows the what-if banner, and every GIF frame, PDF page (and its title), PNG and SVG slide
carries the banner line, in the window's words."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from app.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
ORDERS = str(SCENARIOS / "orders-sqs.yaml")
PBR_OFF = "resources.orders-to-fulfil-orders.function_response_types=[]"
SAID = ("What if: orders-to-fulfil-orders: partial batch responses (ReportBatchItemFailures) off"
        " · not the file's run (71 steps; the file gives 56)")
WARNING = (0xB2, 0x5E, 0x00)  # the light theme's warning colour: the banner's dashed frame


def test_the_banner_line_names_the_switch_an_edit_makes_with_its_new_value():
    from app.engine import run
    from app.lab.edits import apply_edits
    from app.lab.whatif_words import edited_run_banner
    from app.scenario.loader import load_scenario

    original = load_scenario(Path(ORDERS))
    steps = len(run(apply_edits(original, [PBR_OFF])))
    assert edited_run_banner(original, [PBR_OFF], steps) == SAID
    spike = load_scenario(SCENARIOS / "traffic-spike.yaml")
    edit = ["functions.price-order.reserved_concurrency=2"]
    line = edited_run_banner(spike, edit, len(run(apply_edits(spike, edit))))
    assert line.startswith("What if: price-order: reserved concurrency 5 → 2 · ")
    assert edited_run_banner(spike, [], 1) is None


def test_an_edit_no_switch_makes_is_said_as_its_path(tmp_path):
    from app.lab.whatif_words import edit_labels
    from app.scenario.loader import load_scenario

    spike = load_scenario(SCENARIOS / "traffic-spike.yaml")
    assert edit_labels(spike, ["settings.account_concurrency_limit=900"]) == [
        "settings.account_concurrency_limit: 1000 → 900"]


def test_window_export_with_set_shows_the_banner(tmp_path, qtbot, monkeypatch, capsys):
    import app.commands.export_window as export_window

    seen = {}
    real = export_window.render_window

    def looking(*args, **kwargs):
        def prepare(window):
            seen["banner"] = window.lab.banner.text()
        return real(*args, **kwargs, prepare=prepare)

    monkeypatch.setattr(export_window, "render_window", looking)
    code = main(["export", ORDERS, "--window", "--present", "--step", "18", "--size", "1024x600",
                 "--set", PBR_OFF, "--png", str(tmp_path / "w.png")])
    assert code == 0, capsys.readouterr().err
    assert seen["banner"] == SAID


def _top_has_warning(image: Image.Image, rows: int = 40) -> bool:
    top = image.convert("RGB").crop((0, 0, image.width, rows))
    return any(colour == WARNING for _count, colour in top.getcolors(maxcolors=1 << 20))


def test_every_gif_frame_of_a_what_if_carries_the_banner(tmp_path, qtbot, capsys):
    out, plain = tmp_path / "w.gif", tmp_path / "plain.gif"
    assert main(["export", ORDERS, "--gif", str(out), "--from", "17", "--to", "19",
                 "--set", PBR_OFF]) == 0, capsys.readouterr().err
    assert main(["export", ORDERS, "--gif", str(plain), "--from", "17", "--to", "19"]) == 0
    gif = Image.open(out)
    for n in range(gif.n_frames):
        gif.seek(n)
        assert _top_has_warning(gif), f"frame {n} has no banner"
    assert not _top_has_warning(Image.open(plain))  # the file's own run: no banner


def test_every_pdf_page_and_the_title_of_a_what_if_say_so(tmp_path, qtbot, monkeypatch, capsys):
    import app.ui.slides as slides

    banners = []
    real = slides.paint_slide

    def recording(painter, frame, width, height, caption=None, banner=None):
        banners.append(banner)
        return real(painter, frame, width, height, caption, banner)

    monkeypatch.setattr(slides, "paint_slide", recording)
    out = tmp_path / "w.pdf"
    assert main(["export", ORDERS, "--pdf", str(out), "--from", "17", "--to", "19",
                 "--set", PBR_OFF]) == 0, capsys.readouterr().err
    assert banners == [SAID] * 3
    title = re.search(rb"/Title \((.*?)\)\n", out.read_bytes()).group(1)
    assert title.decode("utf-16").startswith("What if · ")


def test_png_and_svg_slides_of_a_what_if_carry_the_banner(tmp_path, qtbot, capsys):
    png, svg = tmp_path / "s.png", tmp_path / "s.svg"
    assert main(["export", ORDERS, "--step", "18", "--png", str(png), "--svg", str(svg),
                 "--set", PBR_OFF]) == 0, capsys.readouterr().err
    assert _top_has_warning(Image.open(png))
    assert "What if: orders-to-fulfil-orders" in svg.read_text(encoding="utf-8")
