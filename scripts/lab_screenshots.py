"""Render the classroom lab offscreen and save docs/screenshots/lab-*.png.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/lab_screenshots.py [OUT_DIR]
A 1600×1000 window with fresh settings: the What if… panel after removing the S3 permission
(the player on the changed step), the comparison of that run with the unmodified one, the quiz
asking and answered, and one page of the PDF storyboard. Re-run after UI changes; README links the files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
S3_PERMISSION = "permission:make-thumbnail:AllowS3Invoke"


def settle(app, rounds: int = 20) -> None:
    from PySide6.QtCore import QThread

    for _ in range(rounds):
        app.processEvents()
        QThread.msleep(10)


def shoot(app, window, path: Path) -> None:
    window.canvas.fit_to_window()
    settle(app)
    window.grab().save(str(path))
    print(f"wrote {path}")


def storyboard_page(window, path: Path) -> None:
    """One page of the PDF storyboard, painted into a PNG (the same code path as the PDF)."""
    from PySide6.QtGui import QImage, QPainter

    from app.ui.slides import paint_page, page_frame, slide_view

    trace = window.playback.trace
    view = slide_view(window.lab.controller.scenario, window.canvas.graph,
                      window.canvas.node_positions(), window.canvas.palette_colours)
    image = QImage(1123, 794, QImage.Format_ARGB32)  # A4 landscape at 96 dpi, as the PDF
    frame = page_frame(view, trace, trace.steps, image.width(), image.height())
    painter = QPainter(image)
    paint_page(painter, frame, trace[3], len(trace), image.width(), image.height())
    painter.end()
    image.save(str(path))
    print(f"wrote {path}")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app.ui.document import load_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(Settings(Path(folder) / "settings.ini"))
        window.resize(1600, 1000)
        window.show()
        settle(app)
        window.set_document(load_document(REPO / "scenarios" / "photo-thumbnails.yaml"))
        lab = window.lab
        lab.whatif_action.trigger()  # the panel is closed until the Lab menu opens it
        settle(app)
        window.playback.seek(len(window.playback) - 1)
        lab.controller.set_value(S3_PERMISSION, True)
        shoot(app, window, out / "lab-whatif-s3-permission.png")
        lab.show_compare()
        shoot(app, window, out / "lab-runs-compared.png")
        window.timeline_dock.raise_()
        lab.controller.reset()
        settle(app, 100)  # the unmodified run comes back (the player went to its first step)
        trace = window.playback.trace  # the question is about the step after the one shown:
        check = next(s.index for s in trace if s.kind == "permission-check" and s.target == "make-thumbnail")
        window.playback.seek(check - 1)  # the README's "question about the permission check"
        settle(app)
        lab.quiz_action.trigger()
        shoot(app, window, out / "lab-quiz-asking.png")
        question = lab.quiz.question
        lab.quiz.pick(next(i for i in range(len(question.choices)) if i != question.answer))
        shoot(app, window, out / "lab-quiz-answered.png")
        lab.quiz_action.trigger()
        storyboard_page(window, out / "lab-storyboard-page.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
