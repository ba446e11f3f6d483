"""Run alone, as a subprocess (the offscreen screen's size is fixed when Qt starts): the window
in presentation mode at argv[3] on a projector of argv[2] ("WxH"), scenario argv[1] (a path or
a built-in's name). Options (argv[4:]): "quiz" (the quiz on), "answer" (the quiz answered,
wrong), "whatif" (a what-if switch on), "key" (the Key on), "png=PATH" (also save the picture).
Prints one JSON object of what the back row sees, in projected (screen) pixels: the narration's
and the explanation's font sizes and whether their texts are whole, the edge labels' sizes,
the nodes, labels and overlays (Key, Panels, the what-if banner) as rectangles, the diagram's
share of the screen. Used by tests/ui/test_present_looks.py (issue 13, looks-3)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def _rect(r) -> list[float]:
    return [round(r.x(), 1), round(r.y(), 1), round(r.width(), 1), round(r.height(), 1)]


def _px(font) -> float:
    """A font's height in pixels (point sizes at 96 dpi, or its pixel size)."""
    return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72


def _needed(label) -> int:
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics

    return QFontMetrics(label.font()).boundingRect(QRect(0, 0, max(1, label.width()), 100_000),
                                                   Qt.TextWordWrap, label.text()).height()


def _lines(label) -> int:
    """Lines the label's text takes wrapped at its width."""
    if not label.text():
        return 0
    return round(_needed(label) / label.fontMetrics().lineSpacing())


def _whole(label) -> bool:
    """The label's text is in sight whole: not taller than the label nor than what shows of it,
    and a one-line label (no wrap) no wider."""
    from PySide6.QtGui import QFontMetrics

    if not label.isVisible() or not label.text():
        return True
    shown = label.visibleRegion().boundingRect()
    if not label.wordWrap():
        return QFontMetrics(label.font()).horizontalAdvance(label.text()) <= min(label.width(), shown.width() + 1)
    return _needed(label) <= min(label.height(), shown.height() + 1)


def measure(window, opts: set[str]) -> dict:
    from PySide6.QtCore import QPoint, QRect, QRectF

    canvas, narration = window.canvas, window.narration
    zoom = canvas.transform().m11()
    origin = canvas.viewport().mapTo(window, QPoint(0, 0))

    def on_screen(scene_rect) -> list[float]:
        r = canvas.mapFromScene(scene_rect).boundingRect()
        return _rect(QRectF(r).translated(origin.x(), origin.y()))

    nodes = {name: on_screen(item.mapRectToScene(item.rect())) for name, item in canvas.item_for_node.items()}
    labels = []
    for edge in canvas.item_for_edge.values():
        if edge.label_rect.isNull():  # no label, or hidden (a crowded projector)
            continue
        labels.append({"edge": "→".join(edge.key[:2]), "text": " ".join(edge._label_lines),
                       "active": edge.is_active, "rect": on_screen(edge.label_rect),
                       "px": round(edge._font.pixelSize() * zoom, 1)})
    overlays = {}
    found = {"key": getattr(getattr(window, "key_toggle", None), "button", None),
             "panels": getattr(getattr(getattr(window, "diagram_first", None), "panels", None), "button", None),
             "banner": getattr(getattr(window, "lab", None), "banner", None)}
    for name, widget in found.items():
        if widget is not None and widget.isVisible():
            overlays[name] = _rect(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))
    out = {"zoom": zoom, "nodes": nodes, "labels": labels, "overlays": overlays,
           "window": [window.width(), window.height()],
           "canvas": _rect(QRect(canvas.mapTo(window, QPoint(0, 0)), canvas.size())),
           "narration_px": round(_px(narration.text.font()), 1),
           "narration_whole": _whole(narration.text) and narration.text.height() >= _needed(narration.text),
           "caption_px": round(narration.point_size * 96 / 72, 1),
           "note": narration.caveat.text() if narration.caveat.isVisible() else "",
           "note_px": round(_px(narration.caveat.font()), 1),
           "note_whole": _whole(narration.caveat) and not narration.caveat.text().endswith("…"),
           "run_notes": narration.run_notes.text() if narration.run_notes.isVisible() else "",
           "run_notes_full": getattr(narration, "_run_notes", ""),
           "position": narration.position.text(), "position_whole": _whole(narration.position),
           "narration_lines": _lines(narration.text),
           "note_lines": _lines(narration.caveat) if narration.caveat.isVisible() else 0,
           "narration_box": _rect(QRect(narration.mapTo(window, QPoint(0, 0)), narration.size())),
           "text_box": _rect(QRect(narration.text_area.mapTo(window, QPoint(0, 0)), narration.text_area.size()))}
    quiz = getattr(getattr(window, "lab", None), "quiz", None)
    if quiz is not None and quiz.isVisible():
        out.update(feedback=quiz.feedback.text(), feedback_px=round(_px(quiz.feedback.font()), 1),
                   feedback_whole=_whole(quiz.feedback),
                   answers=[{"text": b.text(), "h": b.height(), "fits": b.text_fits(),
                             "px": round((b.property("fit_pt") or quiz._choice_pt or b.font().pointSize())
                                         * 96 / 72, 1)} for b in quiz.buttons if b.isVisible()],
                   prompt_box=_rect(QRect(quiz.prompt.mapTo(window, QPoint(0, 0)), quiz.prompt.size())),
                   feedback_box=_rect(QRect(quiz.feedback.mapTo(window, QPoint(0, 0)), quiz.feedback.size())),
                   quiz_box=_rect(QRect(quiz.mapTo(window, QPoint(0, 0)), quiz.size())))
    return out


def main(path: str, width: int, height: int, step: int, opts: set[str], png: str | None) -> dict:
    from app.commands.export_window import screen_config

    screen = screen_config(Path(tempfile.mkdtemp()) / "screen.json", (width, height), "probe")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from app.bundled import resolve_scenario
    from app.commands.export_window import _settle, render_window
    from app.engine import run
    from app.scenario.loader import load_scenario

    file = resolve_scenario(path)
    scenario = load_scenario(file)
    out: dict = {}

    def prepare(window) -> None:
        lab = window.lab
        if "whatif" in opts:
            session = lab.controller.session
            switch = next(s for s in session.switches if s.kind == "toggle")
            lab.controller.set_value(switch.id, not switch.current)
            for _ in range(200):  # the re-run runs in a thread
                _settle(app, 5)
                if lab.banner.isVisible():
                    break
            window.playback.seek(step - 1)
        if "key" in opts:
            window.key_toggle.action.setChecked(True)
        if "answer" in opts and lab.quiz.question is not None:
            q = lab.quiz.question
            lab.quiz.pick(next(i for i in range(len(q.choices)) if i != q.answer))
        _settle(app)
        window.canvas.fit_to_window()
        _settle(app)
        out.update(measure(window, opts))

    image = render_window(file, scenario, run(scenario), step, (width, height), present=True,
                          quiz="quiz" in opts or "answer" in opts, prepare=prepare)
    if png:
        image.save(png)
    app.quit()
    return out


if __name__ == "__main__":
    w, h = map(int, sys.argv[2].split("x"))
    options = set(a for a in sys.argv[4:] if "=" not in a)
    picture = next((a.split("=", 1)[1] for a in sys.argv[4:] if a.startswith("png=")), None)
    print(json.dumps(main(sys.argv[1], w, h, int(sys.argv[3]), options, picture)))
