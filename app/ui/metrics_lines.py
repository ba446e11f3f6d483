"""How each metric's line looks on the Metrics charts: a theme colour and a dash pattern.

Colour alone did not tell the lines apart: AsyncEventsDropped was drawn in a pink a shade from
Errors' red, Invocations and cold starts in two close blues, and a red–green colour-blind viewer
(about one man in twelve) saw Throttles, Errors and the provisioned lines as one brown. Each
metric now has a fixed colour *and* dash, chosen so that two lines of one chart drawn with the
same dash differ clearly in colour in the light, dark and colour-blind themes, for normal
vision and simulated deuteranopia, protanopia and tritanopia (tests/ui/test_metrics_lines.py
measures it); the high-contrast theme has few colours, so there the dash tells them apart.
The key under a chart's title draws each line's dash too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

# metric → (palette key of themes.py/styles.py, dash). Grouped by dash: in a group, the colours
# are far apart for every kind of colour vision; the limit line is "danger", dashed.
LINE_OF: dict[str, tuple[str, str]] = {
    # running totals
    "Invocations": ("accent", "solid"), "Errors": ("danger", "solid"),
    "AsyncEventsDropped": ("text", "solid"),
    "Throttles": ("warning", "dash"), "Cold starts": ("info", "dash"),
    "ProvisionedConcurrencyInvocations": ("ok", "dot"), "DeadLetterErrors": ("text", "dot"),
    "ProvisionedConcurrencySpilloverInvocations": ("warning", "dashdot"),
    "AsyncEventsReceived": ("info", "dashdot"),
    "DestinationDeliveryFailures": ("cat_security", "dashdotdot"),
    "RecursiveInvocationsDropped": ("accent", "dashdotdot"),
    # at this step (with the limit: danger, dashed; throttles: warning ✕ marks)
    "ConcurrentExecutions": ("accent", "solid"), "Async queue depth": ("info", "dot"),
    # ages
    "AsyncEventAge": ("accent", "solid"), "IteratorAge": ("info", "dash"),
    # SQS queues
    "ApproximateNumberOfMessagesVisible": ("accent", "solid"),
    "ApproximateNumberOfMessagesNotVisible": ("warning", "dash"),
}
DASHES = {"solid": Qt.SolidLine, "dash": Qt.DashLine, "dot": Qt.DotLine, "dashdot": Qt.DashDotLine,
          "dashdotdot": Qt.DashDotDotLine}
GLYPHS = {"solid": "━━━", "dash": "╸ ╸ ╸", "dot": "┅┅┅", "dashdot": "━ · ━", "dashdotdot": "━··━"}
_SPARE = [(key, dash) for dash in DASHES for key in ("accent", "danger", "text", "info", "warning", "ok")]


def line_styles(metrics: list[str], colours: dict[str, str], taken=()) -> list[tuple[str, str]]:
    """(colour "#rrggbb", dash name of DASHES) for each of `metrics`, one chart's lines, in
    `colours` (a theme palette). `taken` holds (palette key, dash) pairs already on the chart
    (its limit line); a metric LINE_OF does not know, or one whose look is taken, gets the
    first spare look free on this chart."""
    used = {(colours[k].lower(), d) for k, d in taken}
    out = []
    for metric in metrics:
        key, dash = LINE_OF.get(metric, _SPARE[0])
        if (colours[key].lower(), dash) in used:
            key, dash = next(((k, d) for k, d in _SPARE if (colours[k].lower(), d) not in used), (key, dash))
        used.add((colours[key].lower(), dash))
        out.append((readable(colours[key], colours["background"]), dash))
    return out


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb", 0 (black) to 1 (white)."""
    c = QColor(colour)
    channels = [v / 255 for v in (c.red(), c.green(), c.blue())]
    r, g, b = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: str, background: str, least: float = 3.0) -> str:
    """`colour`, darkened (on a light background) or lightened (on a dark one) in small steps
    until it has `least` contrast with `background` (WCAG's 3:1 for graphics): the colour-blind
    theme's orange and sky blue are 2:1 on its near-white page."""
    c, dark_page = QColor(colour), luminance(background) < 0.2
    for _ in range(40):
        if contrast(c.name(), background) >= least:
            break
        c = c.lighter(106) if dark_page else c.darker(106)
    return c.name()
