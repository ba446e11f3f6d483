"""The scenario canvas: nodes, typed edges, a token per step, badges, legend, palettes."""

from app.ui.canvas.node_item import NodeItem
from app.ui.canvas.edge_item import EdgeItem
from app.ui.canvas.styles import DEFAULT_PALETTE, PALETTE_KEYS, PALETTES
from app.ui.canvas.view import CanvasView

__all__ = ["CanvasView", "DEFAULT_PALETTE", "EdgeItem", "NodeItem", "PALETTE_KEYS", "PALETTES"]
