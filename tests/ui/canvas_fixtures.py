"""Shared setup for the canvas tests: the graph tests' scenarios and a hand-built Step maker."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))

from app.engine.trace import PermissionDecision, Step  # noqa: E402
from graph_scenarios import (load_file, mobile_clicks, photo_thumbnails,  # noqa: E402,F401
                             stream_metrics, website)


def step(kind: str, source: str, target: str, index: int = 0, **extra) -> Step:
    """A Step with only what the canvas reads; summary and narration say what it is."""
    return Step(index, 0.0, kind, source, target, extra.pop("model", "push"),
                f"{kind} {source} → {target}", f"{source} does {kind} to {target}", **extra)


def denial(reason: str = "no statement allows s3.amazonaws.com") -> PermissionDecision:
    return PermissionDecision("deny", "s3.amazonaws.com", "lambda:InvokeFunction",
                              "arn:aws:lambda:us-east-1:123456789012:function:make-thumbnail",
                              "resource-based policy of make-thumbnail", reason=reason)


def photo_canvas(qtbot):
    """A CanvasView of photo-thumbnails, 1200x800, animation off (steps land at once)."""
    from app.ui.canvas import CanvasView

    canvas = CanvasView()
    qtbot.addWidget(canvas)
    canvas.resize(1200, 800)
    canvas.set_animation_ms(0)
    canvas.set_scenario(photo_thumbnails())
    return canvas
