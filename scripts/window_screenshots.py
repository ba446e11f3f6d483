"""Render the window offscreen at chosen steps and save docs/screenshots/window-*.png.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/window_screenshots.py [OUT_DIR]
A 1600×1000 window (presentation shots: a 1920×1080 screen), fresh settings, each shot after
the diagram has been fitted and painted. Re-run after UI changes; README links the files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCREEN = REPO / "scripts" / ".offscreen-1920x1080.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREEN}")

# (file name, scenario, step kind or tag to find, nth match, theme, extra action)
SHOTS = [
    ("window-push-permission", "photo-thumbnails", "permission-check", 0, "light", None),
    ("window-push-thumbnail-preview", "photo-thumbnails", "result", 0, "light", "thumbnails"),
    ("window-pull-kinesis-dark", "clickstream-kinesis", "execute", 0, "dark", None),
    ("window-cognito-denied-high-contrast", "mobile-cognito", "denied", 0, "high-contrast", None),
    ("window-throttle-colour-blind", "traffic-spike", "throttled", 0, "colour-blind", None),
    ("window-api-error", "website-api", "error", 0, "light", None),
    ("window-presentation", "photo-thumbnails", "execute", 0, "light", "present"),
    ("window-start-page", "photo-thumbnails", None, 0, "light", "start"),
    ("window-invalid-file", "photo-thumbnails", "invoke", 0, "light", "invalid"),
]


def find_step(trace, what: str | None, nth: int) -> int:
    if what is None:
        return 0
    matches = [s.index for s in trace if s.kind == what or what in s.tags]
    return matches[nth] if matches else 0


def settle(app, window, rounds: int = 20) -> None:
    from PySide6.QtCore import QThread

    for _ in range(rounds):
        app.processEvents()
        QThread.msleep(10)


def main() -> int:
    SCREEN.write_text('{"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1920, '
                      '"height": 1080, "logicalDpi": 96, "dpr": 1}]}')
    from PySide6.QtWidgets import QApplication

    from app.ui.document import load_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        for name, scenario, what, nth, theme, extra in SHOTS:
            window = MainWindow(Settings(Path(folder) / f"{name}.ini"))
            window.resize(1600, 1000)
            window.show()
            settle(app, window)
            window.set_theme(theme)
            document = load_document(REPO / "scenarios" / f"{scenario}.yaml")
            window.set_document(document, find_step(document.trace, what, nth))
            window.canvas.set_animation_ms(0)
            window.canvas.show_step(window.playback.step)
            if extra == "present":
                window.presentation.enter()
            elif extra == "start":
                window.show_start_page()
            elif extra == "invalid":
                bad = Path(folder) / "photo-thumbnails-typo.yaml"
                bad.write_text(document.path.read_text().replace("memory_size: 512", "memory_size: lots")
                               .replace("type: s3_bucket", "type: s3_buckit", 1))
                window.open_path(bad)
                window.loader._pending and settle(app, window, 100)
            elif extra:
                window.inspector.select_node(extra)
            settle(app, window)
            window.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
            window.close()
    SCREEN.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
