"""App-wide colours per theme, built from the canvas palettes so the panels match the picture.

Light and dark for everyday use, high contrast for washed-out projectors, and an Okabe–Ito
colour-blind-safe theme. The stylesheet only adds what a QPalette cannot say: the large narration,
the permission box's allow/deny frame and the flags of the timeline.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.ui.canvas.styles import PALETTES
from app.ui.settings import DEFAULT_THEME

THEMES = {  # theme name → menu label
    "light": "Light",
    "dark": "Dark",
    "high-contrast": "High contrast",
    "colour-blind": "Colour-blind safe",
}


def palette_of(name: str) -> dict[str, str]:
    return PALETTES.get(name) or PALETTES.get(DEFAULT_THEME) or next(iter(PALETTES.values()))


def qpalette(colours: dict[str, str]) -> QPalette:
    palette = QPalette()
    c = {key: QColor(value) for key, value in colours.items()}
    roles = {
        QPalette.Window: c["background"], QPalette.WindowText: c["text"],
        QPalette.Base: c["surface"], QPalette.AlternateBase: c["background"],
        QPalette.Text: c["text"], QPalette.Button: c["surface"], QPalette.ButtonText: c["text"],
        QPalette.ToolTipBase: c["surface"], QPalette.ToolTipText: c["text"],
        QPalette.Highlight: c["accent"], QPalette.HighlightedText: c["surface"],
        QPalette.PlaceholderText: c["muted"], QPalette.Link: c["accent"],
        QPalette.BrightText: c["danger"], QPalette.Mid: c["border"], QPalette.Dark: c["border"],
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    palette.setColor(QPalette.Disabled, QPalette.Text, c["muted"])
    palette.setColor(QPalette.Disabled, QPalette.ButtonText, c["muted"])
    palette.setColor(QPalette.Disabled, QPalette.WindowText, c["muted"])
    return palette


def stylesheet(colours: dict[str, str]) -> str:
    c = colours
    return f"""
    #narration {{ background: {c['surface']}; border-top: 3px solid {c['accent']}; }}
    #narrationText {{ color: {c['text']}; }}
    #narrationPosition {{ color: {c['muted']}; }}
    #narrationChapterTag {{ color: {c['accent']}; border: 1px solid {c['accent']};
                            border-radius: 4px; padding: 0px 6px; font-weight: bold; }}
    #narrationRunNotes {{ color: {c['muted']}; }}
    #narrationCaveat {{ color: {c['warning']}; font-weight: bold; }}
    #permission {{ border: 3px solid {c['ok']}; border-radius: 6px; }}
    #permission[decision="deny"] {{ border: 4px solid {c['danger']}; }}
    #permission[decision="deny"] #permissionVerdict {{ color: {c['danger']}; }}
    #permission[decision="allow"] #permissionVerdict {{ color: {c['ok']}; }}
    #errorsPanel {{ border: 3px solid {c['danger']}; background: {c['surface']}; }}
    #errorsTitle {{ color: {c['danger']}; font-weight: bold; }}
    #playerBar QLabel#playerPosition {{ color: {c['text']}; }}
    QToolButton:checked {{ background: {c['accent']}; color: {c['surface']}; }}
    QTableView {{ selection-background-color: {c['accent']}; selection-color: {c['surface']}; }}
    QGroupBox {{ font-weight: bold; }}
    QCheckBox::indicator, QRadioButton::indicator {{
        width: 13px; height: 13px; border: 2px solid {c['text']}; background: {c['surface']}; }}
    QRadioButton::indicator {{ border-radius: 8px; }}
    QCheckBox::indicator:checked, QRadioButton::indicator:checked {{
        background: {c['accent']}; }}
    #scenarioCard {{ border: 2px solid {c['border']}; border-radius: 8px; background: {c['surface']}; }}
    #scenarioCardTitle {{ color: {c['accent']}; }}
    """


def slider_palette(colours: dict[str, str]) -> QPalette:
    """The scrubber's palette. Fusion draws a slider's groove and handle from the Button and
    Window colours; where the panels are the window's own colour (high contrast: black on black)
    they vanish, so there the scrubber takes the border colour and stays visible."""
    palette = qpalette(colours)
    if colours["surface"] == colours["background"]:
        palette.setColor(QPalette.Button, QColor(colours["border"]))
        palette.setColor(QPalette.Window, QColor(colours["border"]))
    return palette


def apply_theme(name: str, app: QApplication | None = None) -> dict[str, str]:
    """Colour the whole application; returns the palette dict (for the canvas)."""
    app = app or QApplication.instance()
    colours = palette_of(name)
    app.setPalette(qpalette(colours))
    app.setStyleSheet(stylesheet(colours))
    return colours
