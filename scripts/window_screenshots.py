"""Render the window offscreen at chosen steps and save docs/screenshots/window-*.png.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/window_screenshots.py [OUT_DIR]
A thin wrapper over `lambdascope export FILE --window` (app.commands.export_window): a 1600x1000
window with fresh settings (presentation shots: a 1920x1080 screen). Re-run after UI changes;
README links the files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCREEN = REPO / "scripts" / ".offscreen-1920x1080.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":  # as the usage line runs it:
    # plain "offscreen" is an 800x800 screen, and the presentation shot came out 800x800
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"
SIZE = (1600, 1000)

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


def _prepare(extra, folder: Path):
    """What to do to the window before the picture, for the shots that need more than a step."""
    if extra in (None, "present"):
        return None

    def prepare(window) -> None:
        if extra == "start":
            window.show_start_page()
        elif extra == "invalid":
            from app.commands.export_window import _settle
            from PySide6.QtWidgets import QApplication

            bad = folder / "photo-thumbnails-typo.yaml"
            bad.write_text(window.document.path.read_text().replace("memory_size: 512", "memory_size: lots")
                           .replace("type: s3_bucket", "type: s3_buckit", 1))
            window.open_path(bad)
            _settle(QApplication.instance(), 100)
        else:
            window.inspector.select_node(extra)
    return prepare


def main() -> int:
    import tempfile

    SCREEN.write_text('{"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1920, '
                      '"height": 1080, "logicalDpi": 96, "dpr": 1}]}')
    from PySide6.QtWidgets import QApplication

    from app.commands.export_window import render_window
    from app.engine import run
    from app.scenario.loader import load_scenario

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])  # noqa: F841 (kept alive for the windows)
    with tempfile.TemporaryDirectory() as folder:
        for name, scenario_name, what, nth, theme, extra in SHOTS:
            path = REPO / "scenarios" / f"{scenario_name}.yaml"
            scenario = load_scenario(path)
            trace = run(scenario)
            image = render_window(path, scenario, trace, find_step(trace, what, nth) + 1, SIZE, theme,
                                  present=extra == "present", prepare=_prepare(extra, Path(folder)))
            image.save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
    SCREEN.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
