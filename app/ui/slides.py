"""A run, or a range of its steps, for slides: an animated GIF and a PDF storyboard.

Frames and pages are drawn with app.ui.render's `paint_slide`, the same scene items and caption
the window and `lambdascope export --png` use, so a GIF looks like the window playing. All frames
of one export share one frame (the union of what every step draws), so the picture does not jump
when a badge or token pokes out of the graph. The PDF adds under each slide what an AWS engineer
checks: status, the permission decision and the payload, cut to a page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from app.playback import BASE_INTERVAL_MS
from app.ui.canvas import styles
from app.truncation import truncation_note
from app.ui.render import paint_slide, step_caption

GIF_SIZE = (960, 540)
MAX_GIF_FRAMES = 600  # ~300 MB of frames in memory; a longer slide is a range or the PDF
PDF_DPI = 96
PAYLOAD_LINES = 16
PAYLOAD_CHARS = 110
Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class _FixedFrame:
    """A view as paint_slide reads it, with one frame for every slide of an export."""

    def __init__(self, view, rect: QRectF):
        self.view, self.rect, self.palette_colours = view, rect, view.palette_colours

    def scene(self):
        return self.view.scene()

    def content_rect(self) -> QRectF:
        return self.rect


def slide_view(scenario, graph=None, positions=None, palette=None, legend: bool = True):
    """An offscreen canvas drawing `scenario` as the window would (tokens placed, not travelling)."""
    from app.ui.canvas import CanvasView

    view = CanvasView()
    view.set_theme(dict(palette or styles.DEFAULT_PALETTE))
    view.set_animation_ms(0)
    view.set_scenario(scenario, graph, positions)
    view.set_legend_visible(legend)
    return view


def step_range(total: int, first: int | None, last: int | None) -> range:
    """Step indices (0-based) from `first` to `last` inclusive; ValueError names the valid range."""
    first = 0 if first is None else first
    last = total - 1 if last is None else last
    if total == 0 or not (0 <= first <= last < total):
        raise ValueError(f"steps {first + 1} to {last + 1} are not in this run: it has {total} steps, "
                         f"numbered 1 to {total}")
    return range(first, last + 1)


def _frame_for(view, steps) -> _FixedFrame:
    rect = QRectF()
    for step in steps:
        view.show_step(step)
        rect = rect.united(view.content_rect())
    return _FixedFrame(view, rect)


def _to_pil(image: QImage) -> Image.Image:
    image = image.convertToFormat(QImage.Format_RGBA8888)
    data = bytes(image.constBits())
    size = (image.width(), image.height())
    return Image.frombuffer("RGBA", size, data, "raw", "RGBA", image.bytesPerLine(), 1).convert("RGB")


def render_frame(frame, step, total: int, size: tuple[int, int], note: str | None = None) -> Image.Image:
    frame.view.show_step(step)
    image = QImage(size[0], size[1], QImage.Format_ARGB32)
    image.fill(Qt.white)
    painter = QPainter(image)
    try:
        paint_slide(painter, frame, size[0], size[1], step_caption(step, total, note))
    finally:
        painter.end()
    return _to_pil(image)


def export_gif(view, trace, path, first: int | None = None, last: int | None = None,
               size: tuple[int, int] = GIF_SIZE, frame_ms: int = BASE_INTERVAL_MS,
               progress: Progress | None = None) -> int:
    """Write steps first..last (0-based, inclusive) as a looping GIF; returns the frame count."""
    indices = step_range(len(trace), first, last)
    if len(indices) > MAX_GIF_FRAMES:
        raise ValueError(f"a GIF of {len(indices)} steps is too long for a slide: choose at most "
                         f"{MAX_GIF_FRAMES} steps (--from/--to), or export the PDF storyboard")
    steps = [trace[i] for i in indices]
    frame = _frame_for(view, steps)
    frames = []
    for n, step in enumerate(steps):
        picture = render_frame(frame, step, len(trace), size, truncation_note(trace))
        frames.append(picture.quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))
        if progress is not None and not progress(n + 1, len(steps)):
            return 0
    frames[0].save(str(path), format="GIF", save_all=True, append_images=frames[1:],
                   duration=frame_ms, loop=0, disposal=1)
    return len(frames)


def payload_summary(step, lines: int = PAYLOAD_LINES) -> list[str]:
    """What the inspector would show, cut to a page: status, permission, then the payload JSON."""
    head = [f"{step.kind} · {step.source} → {step.target} · {step.model}"
            + (f" · status {step.status}" if step.status is not None else "")]
    p = step.permission
    if p is not None:
        why = f"statement {p.matched}" if p.decision == "allow" else (p.reason or p.matched or "")
        head.append(f"{p.decision.upper()}: {p.principal} → {p.action} on {p.resource} "
                    f"({p.policy}{': ' + why if why else ''})")
    if step.payload is None:
        return [*head, "(no payload)"]
    text = json.dumps(step.payload, indent=1, ensure_ascii=False, default=str).splitlines()
    body = [line if len(line) <= PAYLOAD_CHARS else line[:PAYLOAD_CHARS - 1] + "…" for line in text]
    room = max(1, lines - len(head) - 1)  # the "Payload:" line
    if len(body) > room:
        body = body[:room - 1] + [f"… {len(text) - room + 1} more lines (see the inspector)"]
    return [*head, "Payload:", *body]


def _paint_payload(painter: QPainter, rect: QRectF, step, palette: dict) -> None:
    painter.fillRect(rect, QColor(palette["surface"]))
    painter.setPen(QPen(QColor(palette["border"]), 1))
    painter.drawLine(rect.topLeft(), rect.topRight())
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    font.setPixelSize(11)
    painter.setFont(font)
    painter.setPen(QColor(palette["text"]))
    line_h = painter.fontMetrics().lineSpacing()
    lines = payload_summary(step, lines=max(3, int((rect.height() - 16) // line_h)))
    y = rect.top() + 8 + painter.fontMetrics().ascent()
    for line in lines:
        painter.drawText(int(rect.left() + 16), int(y), line)
        y += line_h


def paint_page(painter: QPainter, frame, step, total: int, width: float, height: float,
               note: str | None = None) -> None:
    """One storyboard page: the slide on top, the payload summary under it."""
    frame.view.show_step(step)
    slide_h = height * 0.7
    paint_slide(painter, frame, width, slide_h, step_caption(step, total, note))
    _paint_payload(painter, QRectF(0, slide_h, width, height - slide_h), step, frame.palette_colours)


def export_pdf(view, trace, path, first: int | None = None, last: int | None = None,
               progress: Progress | None = None, title: str = "LambdaScope") -> int:
    """One landscape A4 page per step: the slide (canvas and narration) over the payload summary."""
    indices = step_range(len(trace), first, last)
    steps = [trace[i] for i in indices]
    frame = _frame_for(view, steps)
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("LambdaScope")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Landscape, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"could not write {path}")
    try:
        page = writer.pageLayout().paintRectPixels(PDF_DPI)
        for n, step in enumerate(steps):
            if n:
                writer.newPage()
            paint_page(painter, frame, step, len(trace), page.width(), page.height(),
                       truncation_note(trace))
            if progress is not None and not progress(n + 1, len(steps)):
                break
    finally:
        painter.end()
    return len(steps)


def export_run(kind: str, scenario, trace, path: str | Path, first=None, last=None, *,
               graph=None, positions=None, palette=None, legend=True, progress=None) -> int:
    """GIF or PDF of a run from a scenario (the headless CLI); returns frames or pages written."""
    view = slide_view(scenario, graph, positions, palette, legend)
    try:
        if kind == "gif":
            return export_gif(view, trace, path, first, last, progress=progress)
        return export_pdf(view, trace, path, first, last, progress=progress,
                          title=getattr(scenario, "title", None) or "LambdaScope")
    finally:
        view.show_step(None)
        view.deleteLater()
