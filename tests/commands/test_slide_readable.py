"""A 16:9 PDF storyboard projected in class (decision 0024, item 2): on a 1600x900 page the
payload's flattened JSON paths were 11 px in one column under the slide, and the edge labels
~10 px (the diagram is fitted at ~0.8 of its size). A page's payload text scales with the page
(15 px on a 1600 px page) in two columns of even length, and the labels are drawn at least as
large as a projector's at the slide caption's size (app.ui.canvas.label_sizes.floors_for). Each
test failed on the code before."""

from __future__ import annotations

import pytest

from app.engine import run
from app.scenario.loader import load_scenario


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


@pytest.fixture(scope="module")
def trace(repo_root):
    return run(load_scenario(repo_root / "scenarios" / "photo-thumbnails.yaml"))


def test_the_payload_text_scales_with_the_page(trace):
    from app.ui.storyboard_text import storyboard_font

    assert storyboard_font(1600).pixelSize() >= 15  # before: 11 px on any page
    assert storyboard_font(1123).pixelSize() >= 11  # landscape A4 keeps what fits on paper


def test_a_long_payload_fills_two_even_columns(trace):
    """The S3 event's ~30 fields: both columns used and of even length, so the summary is
    half as tall and the slide above it keeps its room (before: column 0 filled first)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from app.ui.storyboard_text import layout, storyboard_font

    step = max(trace, key=lambda s: len(str(s.payload)))
    font = storyboard_font(1600)
    placed = layout(step, QRectF(0, 0, 1600, 270), font)
    bottoms: dict[float, float] = {}
    for x, y, _line in placed:
        bottoms[x] = max(y, bottoms.get(x, 0.0))
    assert len(bottoms) == 2, bottoms
    left, right = (bottoms[x] for x in sorted(bottoms))
    line = QFontMetricsF(font).lineSpacing()
    assert abs(left - right) <= 3 * line, (left, right)  # one field's lines at most


def test_slide_labels_read_when_projected(repo_root, tmp_path, monkeypatch):
    """Every label drawn on a 1600x900 page is >= 13 page px (the step's own >= 17), and none
    lies on a node (before: ~10 px)."""
    from app.ui import render, slides

    scenario = load_scenario(repo_root / "scenarios" / "photo-thumbnails.yaml")
    trace = run(scenario)
    scales = []
    original = render.centred

    def spy(source, room):
        target = original(source, room)
        scales.append(target.width() / source.width())
        return target

    monkeypatch.setattr(render, "centred", spy)
    view = slides.slide_view(scenario)
    try:
        seen = []

        def check(done, _total):  # after each page is drawn, the labels as drawn on it
            step_edges = [e for e in view.item_for_edge.values() if not e.label_rect.isNull()]
            nodes = [n.mapRectToScene(n.rect()) for n in view.item_for_node.values()]
            for edge in step_edges:
                px = edge._font.pixelSize() * scales[-1]
                seen.append((edge.is_active, round(px, 1)))
                if not edge.is_active:
                    assert not any(edge.label_rect.intersects(r) for r in nodes), edge.key
            return True

        slides.export_pdf(view, trace, tmp_path / "s.pdf", progress=check, size=(1600, 900))
    finally:
        view.deleteLater()
    assert seen and min(px for _a, px in seen) >= 13, sorted(seen)[:5]
    assert min(px for active, px in seen if active) >= 17, [s for s in seen if s[0]]
