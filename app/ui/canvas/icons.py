"""Our own flat SVG icons (assets/icons/<kind>.svg), recoloured to the theme's ink.

Icons are drawn in one ink colour (#1A1A1A in the files) so a dark or high-contrast theme only
swaps that colour; renderers are cached per (kind, colour).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtSvg import QSvgRenderer

from app.bundled import ASSETS_DIR

ICON_DIR = ASSETS_DIR / "icons"
INK = "#1A1A1A"
FALLBACK = "custom_app"


def icon_path(kind: str) -> Path:
    path = ICON_DIR / f"{kind}.svg"
    return path if path.exists() else ICON_DIR / f"{FALLBACK}.svg"


@lru_cache(maxsize=128)
def icon_renderer(kind: str, colour: str) -> QSvgRenderer:
    """A renderer for the icon of `kind`, drawn in `colour`."""
    svg = icon_path(kind).read_text(encoding="utf-8").replace(INK, colour)
    return QSvgRenderer(QByteArray(svg.encode("utf-8")))
