"""The text under each PDF storyboard slide: status, the permission decision and the payload's
key fields, wrapped so that every line stays inside the page.

On paper there is no inspector to click, so the payload is shown as `path: value` fields (the
leaves of its JSON), the important ones first when they do not all fit, and the last line names
the fields left out. Lines are wrapped to the width the monospaced font really has on the page,
and laid out in two columns of even length when the page is wide enough. The text scales with
the page (PAGE_FONT_PX on a 1600 px slide): at 11 px a 16:9 slide projected at 1280 px showed
the payload's paths at ~9 px (decision 0024, item 2).
"""

from __future__ import annotations

import json
import textwrap

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

FONT_PX = 11  # px: the least, a landscape A4 page's (8 pt on paper)
PAGE_FONT_PX = 15  # px on a page 1600 px wide (a 16:9 slide), in proportion on others
PADDING = 16.0
COLUMN_GAP = 24.0
MIN_COLUMN_CHARS = 60  # narrower than this, one column reads better
ONE_COLUMN_ROWS = 8  # payload lines that stay in one column before a second one is started
FIELD_LINES = 3  # a field wraps onto at most this many lines; the rest is cut with …
# Leaf names a reader checks first; the rest of a payload fills the room left, in its own order.
KEY_FIELDS = {"operation", "eventName", "eventSource", "Bucket", "bucket", "Key", "key", "name",
              "FunctionName", "InvocationType", "StatusCode", "statusCode", "errorType",
              "errorMessage", "function", "body", "size", "Body", "ContentType", "ContentLength",
              "thumbnail", "source", "environment", "runtime", "memorySize", "initDurationMs",
              "httpMethod", "path", "routeKey", "QueueUrl", "MessageId", "StreamName", "TableName",
              "identityId", "RoleArn", "batchSize", "BatchSize", "reason", "invocations"}


def head_lines(step) -> list[str]:
    """What happened, and the permission decision with the statement that decided it."""
    head = [f"{step.kind} · {step.source} → {step.target} · {step.model}"
            + (f" · status {step.status}" if step.status is not None else "")]
    p = step.permission
    if p is not None:
        why = f"statement {p.matched}" if p.decision == "allow" else (p.reason or p.matched or "")
        head.append(f"{p.decision.upper()}: {p.principal} → {p.action} on {p.resource} "
                    f"({p.policy}{': ' + why if why else ''})")
    return head


def payload_fields(payload) -> list[tuple[str, str]]:
    """The payload's leaves as (path, value) in document order: `Records[0].s3.bucket.name`, "photos"."""
    fields: list[tuple[str, str]] = []

    def walk(value, path: str) -> None:
        if isinstance(value, dict) and value:
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and value:
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        else:
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
            fields.append((path or "(value)", text))

    walk(payload, "")
    return fields


def _leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1].split("[", 1)[0]


def _wrap(text: str, width: int, indent: str = "  ", limit: int | None = None) -> list[str]:
    lines = textwrap.wrap(text, width, subsequent_indent=indent, break_long_words=True,
                          break_on_hyphens=False, drop_whitespace=True) or [""]
    if limit is not None and len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][:max(1, width - 1)].rstrip() + "…"
    return lines


def summary_lines(step, rows: int, width: int, columns: int = 1) -> list[list[str]]:
    """The summary as `columns` lists of at most `rows` lines of at most `width` characters.
    Column 0 starts with the head; payload fields follow, key fields chosen first when they do
    not all fit; the last line then names the fields left out."""
    head = [line for text in head_lines(step) for line in _wrap(text, width * columns + (columns - 1) * 3)]
    head_rows = len(head)
    if step.payload is None:
        return [(head + ["(no payload)"])[:rows]] + [[] for _ in range(columns - 1)]
    fields = payload_fields(step.payload)
    blocks = [_wrap(f"{path}: {value}", width, "    ", FIELD_LINES) for path, value in fields]
    room = columns * max(0, rows - head_rows - 1)  # minus the "Payload:" line
    chosen = _choose(fields, blocks, room, columns, max(0, rows - head_rows - 1))
    lines_per_column = max(0, rows - head_rows - 1)
    shown = [blocks[i] for i in sorted(chosen)]
    left_out = [fields[i][0] for i in range(len(fields)) if i not in chosen]
    cols: list[list[str]] = [[] for _ in range(columns)]
    c = 0
    for block in shown:
        while c < columns and len(cols[c]) + len(block) > lines_per_column:
            c += 1
        if c == columns:
            break
        cols[c].extend(block)
    if left_out:
        note = (f"… {len(left_out)} more {'field' if len(left_out) == 1 else 'fields'}: "
                + ", ".join(left_out))
        last = cols[-1] if columns > 1 else cols[0]
        if len(last) >= lines_per_column and last:
            last.pop()
        last.append(note if len(note) <= width else note[:width - 1] + "…")
    cols[0] = head + [f"Payload ({len(fields)} field{'s' if len(fields) != 1 else ''}):"] + cols[0]
    # a wide head spans the columns; the other columns start below it
    for col in cols[1:]:
        col[:0] = [""] * (head_rows + 1)
    return cols


def _choose(fields, blocks, room: int, columns: int, per_column: int) -> set[int]:
    """Indices of the fields to show: all if they fit, else key fields first, then in order."""
    total = sum(len(b) for b in blocks)
    if total <= room - (columns - 1) * 2:  # slack for blocks that do not split across columns
        return set(range(len(fields)))
    budget = room - 1 - (columns - 1) * 2  # one line names the fields left out
    order = [i for i, (path, _v) in enumerate(fields) if _leaf(path) in KEY_FIELDS]
    order += [i for i in range(len(fields)) if i not in set(order)]
    chosen, used = set(), 0
    for i in order:
        if used + len(blocks[i]) <= budget:
            chosen.add(i)
            used += len(blocks[i])
    return chosen


def layout(step, rect: QRectF, font: QFont, device=None) -> list[tuple[float, float, str]]:
    """(x, baseline y, text) for every line of the summary inside `rect` (page pixels), measured
    with `font` on `device` (the PDF writer; the screen when None)."""
    metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    char_w = max(1.0, metrics.horizontalAdvance("M" * 20) / 20)
    inner_w = rect.width() - 2 * PADDING
    rows = max(3, int((rect.height() - 16) // metrics.lineSpacing()))
    two = int((inner_w - COLUMN_GAP) / 2 / char_w)
    columns = 2 if two >= MIN_COLUMN_CHARS else 1
    width = two if columns == 2 else max(20, int(inner_w / char_w))
    placed = []
    for c, col in enumerate(_even_columns(step, rows, width, columns)):
        x = rect.left() + PADDING + c * (width * char_w + COLUMN_GAP)
        y = rect.top() + 8 + metrics.ascent()
        for line in col:
            if line:
                placed.append((x, y, line))
            y += metrics.lineSpacing()
    return placed


def _all_shown(columns: list[list[str]]) -> bool:
    return not any(line.startswith("… ") and " more field" in line for col in columns for line in col)


def _even_columns(step, rows: int, width: int, columns: int) -> list[list[str]]:
    """summary_lines in the fewest rows (up to `rows`, at least the head and ONE_COLUMN_ROWS)
    that show every field: with two columns the first no longer fills up to the page's 30 %
    while the second stays empty."""
    if columns > 1 and step.payload is not None:
        for fewer in range(min(rows, len(head_lines(step)) + 1 + ONE_COLUMN_ROWS), rows):
            cols = summary_lines(step, fewer, width, columns)
            if _all_shown(cols):
                return cols
    return summary_lines(step, rows, width, columns)


def summary_height(step, width: float, most: float, device=None) -> float:
    """Height (page px) the summary needs at this page width, at most `most`: a short summary
    leaves the rest of the page to the slide and its caption."""
    font = storyboard_font(width)
    metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    placed = layout(step, QRectF(0, 0, width, most), font, device)
    needed = max((y for _x, y, _t in placed), default=0.0) + metrics.descent() + 12
    return min(most, max(needed, 3 * metrics.lineSpacing() + 16))


def storyboard_font(page_width: float = 1123) -> QFont:
    """The summary's monospaced font for a page `page_width` px wide (PDF_DPI): PAGE_FONT_PX
    on a 1600 px slide, in proportion, never below FONT_PX."""
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    font.setPixelSize(max(FONT_PX, round(page_width / 1600 * PAGE_FONT_PX)))
    return font


def paint_summary(painter: QPainter, rect: QRectF, step, palette: dict) -> None:
    """Fill `rect` with the step's summary: head, permission and payload fields, all inside it."""
    painter.fillRect(rect, QColor(palette["surface"]))
    painter.setPen(QPen(QColor(palette["border"]), 1))
    painter.drawLine(rect.topLeft(), rect.topRight())
    font = storyboard_font(rect.width())
    painter.setFont(font)
    painter.setPen(QColor(palette["text"]))
    for x, y, line in layout(step, rect, font, painter.device()):
        painter.drawText(int(x), int(y), line)
