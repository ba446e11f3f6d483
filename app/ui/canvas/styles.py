"""Palettes, line styles and sizes of the canvas, as plain data the window may reuse.

Colour never carries meaning alone: every state also has a shape, a symbol and a word
(badges), and every edge type its own dash pattern, so the picture survives a washed-out
projector, a greyscale print and colour-blind eyes. The "colour-blind" palette uses the
Okabe–Ito colours.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

PALETTE_KEYS = ("background", "surface", "border", "text", "muted", "edge", "accent", "glow",
                "token", "token_text", "danger", "warning", "info", "ok", "legend_bg",
                "cat_actor", "cat_source", "cat_service", "cat_compute", "cat_security",
                "cat_target")

PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#f7f7f4", "surface": "#ffffff", "border": "#5b6270", "text": "#1b1f27",
        "muted": "#5b6270", "edge": "#69707d", "accent": "#1f5fd1", "glow": "#6fa0ff",
        "token": "#1f5fd1", "token_text": "#ffffff", "danger": "#c0282d", "warning": "#b25e00",
        "info": "#0a6f9e", "ok": "#217a3c", "legend_bg": "#ffffff",
        "cat_actor": "#7b61c9", "cat_source": "#c7711a", "cat_service": "#d9480f",
        "cat_compute": "#e8590c", "cat_security": "#c2255c", "cat_target": "#2b8a3e",
    },
    "dark": {
        "background": "#15181e", "surface": "#232833", "border": "#9aa3b2", "text": "#eef1f6",
        "muted": "#a9b1be", "edge": "#8a93a3", "accent": "#7fb0ff", "glow": "#3d7bff",
        "token": "#7fb0ff", "token_text": "#0d1117", "danger": "#ff6b6b", "warning": "#ffb454",
        "info": "#5ccfe6", "ok": "#6bd68a", "legend_bg": "#1c2028",
        "cat_actor": "#b197fc", "cat_source": "#ffa94d", "cat_service": "#ff8a50",
        "cat_compute": "#ff922b", "cat_security": "#f783ac", "cat_target": "#69db7c",
    },
    "high-contrast": {
        "background": "#000000", "surface": "#000000", "border": "#ffffff", "text": "#ffffff",
        "muted": "#ffffff", "edge": "#ffffff", "accent": "#ffff00", "glow": "#ffff00",
        "token": "#ffff00", "token_text": "#000000", "danger": "#ff4040", "warning": "#ffff00",
        "info": "#00ffff", "ok": "#00ff00", "legend_bg": "#000000",
        "cat_actor": "#ffffff", "cat_source": "#ffffff", "cat_service": "#ffffff",
        "cat_compute": "#ffffff", "cat_security": "#ffffff", "cat_target": "#ffffff",
    },
    "colour-blind": {  # Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermillion, purple
        "background": "#fbfbf8", "surface": "#ffffff", "border": "#000000", "text": "#000000",
        "muted": "#444444", "edge": "#555555", "accent": "#0072b2", "glow": "#56b4e9",
        "token": "#0072b2", "token_text": "#ffffff", "danger": "#d55e00", "warning": "#e69f00",
        "info": "#56b4e9", "ok": "#009e73", "legend_bg": "#ffffff",
        "cat_actor": "#cc79a7", "cat_source": "#e69f00", "cat_service": "#d55e00",
        "cat_compute": "#0072b2", "cat_security": "#cc79a7", "cat_target": "#009e73",
    },
}
DEFAULT_PALETTE = PALETTES["light"]

# Edge type → (pen style, custom dash pattern or None, legend wording).
EDGE_STYLES: dict[str, tuple[Qt.PenStyle, tuple[float, ...] | None, str]] = {
    "notification": (Qt.SolidLine, None, "notification (push)"),
    "event-source-mapping": (Qt.CustomDashLine, (9.0, 3.0), "event source mapping"),
    "invoke": (Qt.SolidLine, None, "invoke / request"),
    "request": (Qt.SolidLine, None, "request"),
    "role": (Qt.CustomDashLine, (1.0, 2.5), "execution role"),
    "assumes": (Qt.CustomDashLine, (1.0, 2.5), "role assumption"),
    "credentials": (Qt.CustomDashLine, (8.0, 3.0, 1.0, 3.0), "credentials"),
    "destination": (Qt.CustomDashLine, (4.0, 2.0, 1.0, 2.0, 1.0, 2.0), "DLQ, redrive, destination"),
    "sdk": (Qt.CustomDashLine, (3.0, 3.0), "SDK call from code"),
    "subscription": (Qt.CustomDashLine, (12.0, 3.0, 3.0, 3.0), "SNS subscription"),
    "rule": (Qt.CustomDashLine, (2.0, 2.0, 8.0, 2.0), "EventBridge rule target"),
    "ad-hoc": (Qt.CustomDashLine, (0.01, 2.0), "this step only (no link)"),
}
# Line styles drawn with round caps (the ad-hoc arc is a chain of round beads).
ROUND_CAP = {"ad-hoc"}
# Edge types with a double line: a push notification looks unlike an invoke even in greyscale.
DOUBLE_LINE = {"notification"}
LEGEND_EDGES = ("notification", "event-source-mapping", "invoke", "assumes", "credentials",
                "destination", "sdk", "subscription", "rule")

# Projector-sized text (points at 100 % zoom).
FONT_FAMILY = "DejaVu Sans"
LABEL_PT = 19
SUBLABEL_PT = 12
EDGE_LABEL_PT = 12
BADGE_PT = 13
TOKEN_PT = 11
CAPTION_PT = 22

NODE_W = 200.0
NODE_H = 128.0
ICON = 52.0
EDGE_WIDTH = 2.5
ACTIVE_WIDTH = 6.0

KIND_NAMES = {
    "user": "user", "browser": "browser", "custom_app": "custom app", "mobile_app": "mobile app",
    "s3_bucket": "S3 bucket", "dynamodb_table": "DynamoDB table",
    "kinesis_stream": "Kinesis stream", "api_gateway": "API Gateway",
    "cognito_identity_pool": "Cognito identity pool", "iam_role": "IAM role",
    "function": "Lambda function", "lambda_service": "Lambda service", "sts": "security tokens",
    "sqs_queue": "SQS queue", "sns_topic": "SNS topic", "eventbridge_rule": "EventBridge rule",
}


def category_colour(palette: dict[str, str], group: str) -> str:
    group = {"relay": "service"}.get(group, group)  # a fan-out topic sits beside the services
    return palette.get(f"cat_{group}", palette["border"])
