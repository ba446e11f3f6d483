"""A node, edge or token that looks as it did before is copied, not drawn again (counted, never
timed), and the copy has the drawing's pixels (app/ui/canvas/looks.py; decision 0016,
2026-12-01)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPainter

from app.ui.canvas import glow, token

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canvas_fixtures import step  # noqa: E402
from test_canvas_repaint import fitted_photo_view, settle  # noqa: E402

INVOKE = step("invoke", "photos", "make-thumbnail")
PUT = step("sdk-call", "make-thumbnail", "thumbnails", payload={"operation": "PutObject"})


@pytest.fixture(autouse=True)
def no_kept_pictures():
    """The halos and tokens kept by earlier tests (module-wide stores) are not seen here, and
    these tests' are not seen by later ones (test_canvas_repaint counts drawn halo rings)."""
    glow._kept.clear()
    token._LOOKS.clear()
    yield
    glow._kept.clear()
    token._LOOKS.clear()


def shown(view, the_step) -> None:
    view.show_step(the_step)
    view.viewport().repaint()
    settle()


def test_a_step_seen_before_copies_its_nodes_edge_and_token(qtbot, monkeypatch):
    """Each step drew its 2-4 changed nodes (icon, name, halo), its edge and a new token in
    Python again, though the diagram holds only a few looks; now each look is drawn once per
    zoom. Every name, label and token word is text, so no text drawn = nothing drawn again."""
    texts = []
    original = QPainter.drawText

    def counting(painter, *args):
        texts.append(args[-1])
        return original(painter, *args)

    view = fitted_photo_view(qtbot, (1178, 757))
    monkeypatch.setattr(QPainter, "drawText", counting)
    for attempt in range(3):
        texts.clear()
        for the_step in (INVOKE, PUT, None):
            shown(view, the_step)
        assert view.item_for_node["photos"].is_active is False
        if attempt == 0:
            assert "invoke" in texts and "PutObject" in texts  # the tokens' words, drawn once
        else:
            assert texts == []


def test_a_copied_look_has_the_drawn_look_s_pixels(qtbot):
    """A view that reached INVOKE after other steps (its looks copied) shows the very pixels of
    a view that drew INVOKE first."""
    fresh = fitted_photo_view(qtbot, (1178, 757))
    shown(fresh, INVOKE)
    drawn = fresh.viewport().grab().toImage().convertToFormat(QImage.Format_ARGB32)
    stepped = fitted_photo_view(qtbot, (1178, 757))
    for the_step in (INVOKE, PUT, None, PUT, INVOKE):
        shown(stepped, the_step)
    copied = stepped.viewport().grab().toImage().convertToFormat(QImage.Format_ARGB32)
    assert copied == drawn
