"""Render the canvas to a PNG or SVG slide: the picture fitted to the page, plus a caption.

Export draws the same scene items the window shows (so a slide looks like the window) and adds
the step's narration underneath, so a slide still explains itself when it is pasted into a
handout. Used by `lambdascope export` and the window's File → Export.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

from app.engine.wording import chapter_tag, step_number
from app.ui.canvas import styles
from app.ui.file_writes import check_target, write_bytes
from app.ui.narration import without_sources

MARGIN = 28.0


def _scene_and_rect(view_or_scene) -> tuple[QGraphicsScene, QRectF, dict[str, str]]:
    if isinstance(view_or_scene, QGraphicsScene):
        scene = view_or_scene
        rect = scene.itemsBoundingRect().adjusted(-30, -30, 30, 30)
        return scene, rect, dict(styles.DEFAULT_PALETTE)
    return view_or_scene.scene(), view_or_scene.content_rect(), view_or_scene.palette_colours


def caption_px(width: float) -> int:
    """The slide caption's pixel size on a page `width` px wide (29 px on a 1600 px slide)."""
    return max(14, int(width / 1600 * styles.CAPTION_PT * 1.33))


def _caption_layout(caption: str, width: float, max_band: float | None = None
                    ) -> tuple[QFont, QFont, str, str, float]:
    """Fonts, heading, body and the band height the caption needs at this page width. When the
    text would need more than `max_band` pixels the font shrinks (to 60% at most) so that every
    line is shown rather than cut off at the bottom."""
    heading, _, body = caption.partition("\n")
    size = caption_px(width)
    smallest = max(9, int(size * 0.6))
    while True:
        head_font, body_font = QFont(styles.FONT_FAMILY), QFont(styles.FONT_FAMILY)
        head_font.setPixelSize(size)
        head_font.setBold(True)
        body_font.setPixelSize(size)
        flags = int(Qt.TextWordWrap)
        text_w = width - 2 * MARGIN
        h = QFontMetricsF(head_font).boundingRect(QRectF(0, 0, text_w, 10_000), flags, heading).height()
        b = QFontMetricsF(body_font).boundingRect(QRectF(0, 0, text_w, 10_000), flags, body).height() \
            if body else 0.0
        band = h + b + 2 * MARGIN * 0.7 + (8 if body else 0)
        if max_band is None or band <= max_band or size <= smallest:
            return head_font, body_font, heading, body, band
        size -= 1


def caption_band(caption: str | None, width: float, height: float) -> float:
    """Page px the caption band of a `width` x `height` slide takes (paint_slide's)."""
    if not caption:
        return 0.0
    return min(_caption_layout(caption, width, height * 0.45)[-1], height * 0.45)


def centred(source: QRectF, room: QRectF) -> QRectF:
    """`source` scaled to fit `room` keeping its aspect, centred in it. QGraphicsScene.render
    puts a kept-aspect picture at the target's top left, so a long caption (a lower room)
    pushed the picture to the left of the frame."""
    if source.width() <= 0 or source.height() <= 0:
        return room
    scale = min(room.width() / source.width(), room.height() / source.height())
    w, h = source.width() * scale, source.height() * scale
    return QRectF(room.center().x() - w / 2, room.center().y() - h / 2, w, h)


def paint_banner(painter: QPainter, text: str, width: float, palette: dict[str, str]) -> float:
    """The what-if banner at the top of a slide, as the window draws it over the diagram (bold
    text in a dashed warning-coloured frame, app.ui.lab.whatif_banner); returns its bottom (px)."""
    font = QFont(styles.FONT_FAMILY)
    font.setPixelSize(max(13, int(width / 1600 * styles.CAPTION_PT * 1.33)))
    font.setBold(True)
    pad = 12.0
    room = QRectF(MARGIN + pad, MARGIN / 2 + pad, width - 2 * MARGIN - 2 * pad, 10_000)
    used = QFontMetricsF(font).boundingRect(room, int(Qt.TextWordWrap), text)
    frame = QRectF(MARGIN, MARGIN / 2, width - 2 * MARGIN, used.height() + 2 * pad)
    painter.setPen(QPen(QColor(palette.get("warning", "#b25e00")), 3, Qt.DashLine))
    painter.setBrush(QColor(palette.get("surface", palette.get("legend_bg", "#ffffff"))))
    painter.drawRoundedRect(frame, 8, 8)
    painter.setBrush(Qt.NoBrush)
    painter.setPen(QColor(palette["text"]))
    painter.setFont(font)
    painter.drawText(room, int(Qt.TextWordWrap), text)
    return frame.bottom()


def paint_slide(painter: QPainter, view_or_scene, width: float, height: float,
                caption: str | None = None, banner: str | None = None) -> None:
    """Draw background, the canvas fitted into the page, and the caption band at the bottom;
    `banner` (a what-if run's app.lab.whatif_words.banner_text) on top, above the diagram."""
    scene, source, palette = _scene_and_rect(view_or_scene)
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing
                           | QPainter.SmoothPixmapTransform)
    painter.fillRect(QRectF(0, 0, width, height), QColor(palette["background"]))
    top = paint_banner(painter, banner, width, palette) if banner else 0.0
    band = caption_band(caption, width, height)
    if caption:
        head_font, body_font, heading, body, _band = _caption_layout(caption, width, height * 0.45)
    target = centred(source, QRectF(MARGIN, top + MARGIN, width - 2 * MARGIN,
                                    height - band - top - 2 * MARGIN))
    scene.render(painter, target, source, Qt.KeepAspectRatio)
    if not caption:
        return
    top = height - band
    painter.fillRect(QRectF(0, top, width, band), QColor(palette["legend_bg"]))
    painter.setPen(QPen(QColor(palette["border"]), 2))
    painter.drawLine(0, int(top), int(width), int(top))
    painter.setPen(QColor(palette["text"]))
    text = QRectF(MARGIN, top + MARGIN * 0.7, width - 2 * MARGIN, band - MARGIN)
    painter.setFont(head_font)
    used = painter.boundingRect(text, int(Qt.TextWordWrap), heading)
    painter.drawText(text, int(Qt.TextWordWrap), heading)
    if body:
        painter.setFont(body_font)
        painter.drawText(text.adjusted(0, used.height() + 8, 0, 0), int(Qt.TextWordWrap), body)


def render_png(view_or_scene, path, size: tuple[int, int] = (1600, 900),
               caption: str | None = None, banner: str | None = None) -> Path:
    """Write a PNG of exactly `size` pixels (`banner`: a what-if run's line on top); raises
    FileWriteError (an OSError naming the path and what to do) when it cannot be written."""
    check_target(path)
    width, height = size
    image = QImage(width, height, QImage.Format_ARGB32)
    image.fill(Qt.white)
    painter = QPainter(image)
    try:
        paint_slide(painter, view_or_scene, width, height, caption, banner)
    finally:
        painter.end()
    write_png(path, image)
    return Path(path)


def write_png(path, image: QImage) -> None:
    """Encode `image` as PNG in memory, then write it through file_writes.write_bytes (a
    complete file or none). Raises OSError when it cannot be encoded or written."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"could not encode the PNG for {path}")
    buffer.close()
    write_bytes(path, bytes(data))


def render_svg(view_or_scene, path, size: tuple[int, int] = (1600, 900),
               caption: str | None = None, title: str = "LambdaScope",
               banner: str | None = None) -> Path:
    """Write an SVG whose view box is `size` (scalable in slides and handouts); raises
    FileWriteError when it cannot be written (drawn in memory first, so a bad path costs no
    painter warnings and never reports success)."""
    check_target(path)
    width, height = size
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(title)
    generator.setDescription("\n".join(t for t in (banner, caption) if t))
    painter = QPainter(generator)
    try:
        paint_slide(painter, view_or_scene, width, height, caption, banner)
    finally:
        painter.end()
    buffer.close()
    write_bytes(path, bytes(data))
    return Path(path)


def step_caption(step, total: int, note: str | None = None) -> str:
    """Heading (step number, time, what happened) and the step's classroom narration; `note`
    (app.truncation.truncation_note of the run, when it was cut at the step cap) ends it."""
    seconds = step.time_ms / 1000
    tag = chapter_tag(getattr(step, "chapter_step", None))  # the window's tag, same words
    heading = (f"Step {step_number(step.index):,} of {total:,}{f' · {tag}' if tag else ''} · "
               f"t = {seconds:.3f} s · {step.summary}")
    body = without_sources(step.narration)
    if step.caveat:
        body = f"{body}\nNot simulated: {without_sources(step.caveat)}"
    if note:
        body = f"{body}\n⚠ {note}" if body else f"⚠ {note}"
    return f"{heading}\n{body}" if body else heading
