"""A run, or a range of its steps, for slides: an animated GIF and a PDF storyboard.

Frames and pages are drawn with app.ui.render's `paint_slide`, the same scene items and caption
the window and `lambdascope export --png` use, so a GIF looks like the window playing. All frames
of one export share one frame (the union of what every step draws), so the picture does not jump
when a badge or token pokes out of the graph. The PDF adds under each slide what an AWS engineer
checks: status, the permission decision and the payload, cut to a page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTransform

from app.playback import BASE_INTERVAL_MS
from app.ui.canvas import styles
from app.ui.canvas.label_sizes import floors_for
from app.lab.whatif_words import TITLE_MARK
from app.truncation import truncation_note
from app.ui.file_writes import check_target, write_bytes
from app.ui.render import MARGIN, caption_band, caption_px, paint_slide, step_caption
from app.ui.storyboard_text import paint_summary, summary_height, summary_lines

GIF_SIZE = (960, 540)
MAX_GIF_FRAMES = 600  # ~300 MB of frames in memory; a longer slide is a range or the PDF
PDF_DPI = 96  # a --size of W x H pixels is a page of W/96 x H/96 inches (1600x900: 423 x 238 mm)
PAYLOAD_LINES = 16
PAYLOAD_CHARS = 110
SUMMARY_SHARE = 0.3  # of a storyboard page's height the payload summary takes at most
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
        raise ValueError(f"steps {first + 1:,} to {last + 1:,} are not in this run: it has {total:,} steps, "
                         f"numbered 1 to {total:,}")
    return range(first, last + 1)


def _frame_for(view, steps) -> _FixedFrame:
    rect = QRectF()
    for step in steps:
        view.show_step(step)
        rect = rect.united(view.content_rect())
    return _FixedFrame(view, rect)


def readable_frame(view, steps, width: float, height: float, caption=None) -> _FixedFrame:
    """The frame of `steps` with edge labels drawn at least as large on a `width` x `height`
    px page as a projector's at the slide caption's size (label_sizes.floors_for: 13 px at
    rest, 17 px for the step's own, on a 1600 px slide), crowded ones dropped at rest as in
    presentation mode. `caption(step)`: the height (page px) a step's page leaves under the
    picture (caption, payload), the largest of `steps` deciding; None: none. The picture is
    fitted at about 0.8 of its size on a 16:9 slide, so labels of the usual size were ~10 px
    (decision 0024, item 2)."""
    frame = _frame_for(view, steps)
    if not getattr(view, "item_for_edge", None):
        return frame
    below = max((caption(step) for step in steps), default=0.0) if caption else 0.0
    for _ in range(2):  # bigger labels may widen the frame, and so shrink the picture a little
        rect = frame.rect
        if rect.isEmpty():
            return frame
        zoom = min((width - 2 * MARGIN) / rect.width(), (height - below - 2 * MARGIN) / rect.height())
        if zoom <= 0 or abs(view.zoom_factor() - zoom) < 0.005:
            break
        view.setTransform(QTransform.fromScale(zoom, zoom))
        view.set_label_floors(floors_for(caption_px(width)))
        frame = _frame_for(view, steps)
    return frame


def _to_pil(image: QImage) -> Image.Image:
    image = image.convertToFormat(QImage.Format_RGBA8888)
    data = bytes(image.constBits())
    size = (image.width(), image.height())
    return Image.frombuffer("RGBA", size, data, "raw", "RGBA", image.bytesPerLine(), 1).convert("RGB")


def render_frame(frame, step, total: int, size: tuple[int, int], note: str | None = None,
                 banner: str | None = None) -> Image.Image:
    """One GIF frame: the slide of `step` (`banner`: a what-if run's line on top)."""
    frame.view.show_step(step)
    image = QImage(size[0], size[1], QImage.Format_ARGB32)
    image.fill(Qt.white)
    painter = QPainter(image)
    try:
        paint_slide(painter, frame, size[0], size[1], step_caption(step, total, note), banner)
    finally:
        painter.end()
    return _to_pil(image)


GIF_COLOURS = 255


def gif_frame(picture: Image.Image, keep) -> Image.Image:
    """An RGB frame as a GIF_COLOURS-colour palette image. The colours in `keep` ("#rrggbb", the
    theme's) get palette entries of their own and a median cut of the picture fills the rest;
    every pixel takes its nearest entry, without dithering. A median cut alone merged a small
    badge's colour (the green "warm") into a dark grey on some frames (issue 11)."""
    fixed: list[tuple[int, int, int]] = []
    for colour in keep:
        text = str(colour)
        if len(text) == 7 and text.startswith("#"):
            rgb = tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))
            if rgb not in fixed:
                fixed.append(rgb)
    fixed = fixed[:GIF_COLOURS // 2]
    rest = picture.quantize(colors=GIF_COLOURS - len(fixed), method=Image.Quantize.MEDIANCUT,
                            dither=Image.Dither.NONE)
    palette = [c for rgb in fixed for c in rgb] + rest.getpalette()[:3 * (GIF_COLOURS - len(fixed))]
    palette += palette[:3] * ((768 - len(palette)) // 3)  # unused entries repeat the first
    chooser = Image.new("P", (1, 1))
    chooser.putpalette(palette)
    return picture.quantize(palette=chooser, dither=Image.Dither.NONE)


def export_gif(view, trace, path, first: int | None = None, last: int | None = None,
               size: tuple[int, int] = GIF_SIZE, frame_ms: int = BASE_INTERVAL_MS,
               progress: Progress | None = None, banner: str | None = None) -> int:
    """Write steps first..last (0-based, inclusive) as a looping GIF of `size` pixels; returns
    the frame count. `banner`: a what-if run's line (app.lab.whatif_words.banner_text), on
    every frame. Raises ValueError for a bad range, FileWriteError when it cannot write."""
    check_target(path)
    indices = step_range(len(trace), first, last)
    if len(indices) > MAX_GIF_FRAMES:
        raise ValueError(f"a GIF of {len(indices)} steps is too long for a slide: choose at most "
                         f"{MAX_GIF_FRAMES} steps (--from/--to), or export the PDF storyboard")
    steps = [trace[i] for i in indices]
    frame = _frame_for(view, steps)  # a GIF is small all over: its labels keep their share
    frames = []
    for n, step in enumerate(steps):
        picture = render_frame(frame, step, len(trace), size, truncation_note(trace), banner)
        frames.append(gif_frame(picture, view.palette_colours.values()))
        if progress is not None and not progress(n + 1, len(steps)):
            return 0
    data = io.BytesIO()
    frames[0].save(data, format="GIF", save_all=True, append_images=frames[1:],
                   duration=frame_ms, loop=0, disposal=1)
    write_bytes(path, data.getvalue())
    return len(frames)


def payload_summary(step, lines: int = PAYLOAD_LINES, width: int = PAYLOAD_CHARS) -> list[str]:
    """The storyboard's text for `step` in one column of `lines` lines of at most `width`
    characters: status, permission, then the payload's key fields (app.ui.storyboard_text)."""
    return summary_lines(step, lines, width, 1)[0]


def _under_picture(step, total: int, note, width: float, height: float) -> float:
    """Page px a storyboard page of `step` uses under its picture: the payload summary and
    the caption band (as paint_page lays them out)."""
    slide_h = height - summary_height(step, width, height * SUMMARY_SHARE)
    return height - slide_h + caption_band(step_caption(step, total, note), width, slide_h)


def page_frame(view, trace, steps, width: float, height: float) -> _FixedFrame:
    """The frame the storyboard pages of `steps` (of `trace`) share on `width` x `height` px
    pages, their labels readable (`readable_frame`)."""
    note = truncation_note(trace)
    return readable_frame(view, steps, width, height,
                          lambda step: _under_picture(step, len(trace), note, width, height))


def paint_page(painter: QPainter, frame, step, total: int, width: float, height: float,
               note: str | None = None, banner: str | None = None) -> None:
    """One storyboard page: the slide on top (under `banner`, a what-if run's line), the
    payload summary under it."""
    frame.view.show_step(step)
    slide_h = height - summary_height(step, width, height * SUMMARY_SHARE, painter.device())
    paint_slide(painter, frame, width, slide_h, step_caption(step, total, note), banner)
    paint_summary(painter, QRectF(0, slide_h, width, height - slide_h), step, frame.palette_colours)


def pdf_page_size(size: tuple[int, int] | None) -> QPageSize:
    """A4 landscape when `size` is None; else a page of `size` pixels at PDF_DPI (96 px per
    inch, the CSS pixel): 1600x900 is 16.7 x 9.4 inches (423 x 238 mm), a 16:9 slide."""
    if size is None:
        return QPageSize(QPageSize.A4)
    width, height = size
    points = QSizeF(width * 72 / PDF_DPI, height * 72 / PDF_DPI)
    return QPageSize(points, QPageSize.Point, f"{width}x{height} px", QPageSize.ExactMatch)


def export_pdf(view, trace, path, first: int | None = None, last: int | None = None,
               progress: Progress | None = None, title: str = "LambdaScope",
               size: tuple[int, int] | None = None, banner: str | None = None) -> int:
    """One page per step (landscape A4, or `size` pixels at 96 px per inch): the slide (canvas
    and narration) over the payload summary; `banner` (a what-if run's line) on every page and
    the title marked "What if · ". Returns the page count; raises ValueError for a bad range,
    FileWriteError when it cannot write (checked before drawing, and at the end)."""
    check_target(path)
    indices = step_range(len(trace), first, last)
    steps = [trace[i] for i in indices]
    page_w, page_h = size or (1123, 794)  # landscape A4 at PDF_DPI
    frame = page_frame(view, trace, steps, page_w, page_h)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{TITLE_MARK}{title}" if banner else title)
    writer.setCreator("LambdaScope")
    writer.setResolution(PDF_DPI)
    orientation = QPageLayout.Landscape if size is None else QPageLayout.Portrait  # size sets both sides
    writer.setPageLayout(QPageLayout(pdf_page_size(size), orientation, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"could not write {path}")
    try:
        page = writer.pageLayout().paintRectPixels(PDF_DPI)
        for n, step in enumerate(steps):
            if n:
                writer.newPage()
            paint_page(painter, frame, step, len(trace), page.width(), page.height(),
                       truncation_note(trace), banner)
            if progress is not None and not progress(n + 1, len(steps)):
                return 0  # cancelled: nothing is written
    finally:
        painter.end()
    buffer.close()
    write_bytes(path, bytes(data))
    return len(steps)


def export_run(kind: str, scenario, trace, path: str | Path, first=None, last=None, *,
               graph=None, positions=None, palette=None, legend=True, progress=None,
               size: tuple[int, int] | None = None, banner: str | None = None) -> int:
    """GIF or PDF of a run from a scenario (the headless CLI); returns frames or pages written.
    `size` (pixels) defaults to GIF_SIZE for a GIF and landscape A4 for a PDF. `banner`: the
    what-if line of an edited run (app.lab.whatif_words.banner_text), on every frame and page."""
    check_target(path)  # before building the view: a bad path costs no drawing
    view = slide_view(scenario, graph, positions, palette, legend)
    view.trace = trace if hasattr(trace, "state_at") else None  # "4 running", "429 · 5/5 busy"
    try:
        if kind == "gif":
            return export_gif(view, trace, path, first, last, size=size or GIF_SIZE,
                              progress=progress, banner=banner)
        return export_pdf(view, trace, path, first, last, progress=progress,
                          title=getattr(scenario, "title", None) or "LambdaScope", size=size,
                          banner=banner)
    finally:
        view.show_step(None)
        view.deleteLater()
