"""`lambdascope export FILE --window --png OUT.png --step N [--size WxH]`: the whole window as a
user sees it at that step (diagram, narration, player bar, panels), rendered offscreen at the
requested size, so screenshots for docs, slides and tests come from one command (issue 11).

Fresh settings (a temporary INI file, never the user's): the layout a first run gets at that size.
`--theme`, `--no-legend` (the Key toggle off), `--present` (presentation mode on a screen of that
size) and `--quiz`/`--no-quiz` choose what is shown. The quiz is as the window shows it on
opening the file (on when the file says `quiz: true`) unless `--quiz` or `--no-quiz` says
otherwise; a step whose next step has no question shows the panel saying so, as the window does.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

DEFAULT_SIZE = (1280, 720)
SETTLE_ROUNDS = 40  # event-loop turns (10 ms each) for the deferred layout and fit to run


def _offscreen_screen(size: tuple[int, int], folder: Path) -> None:
    """Without a display, an offscreen screen of exactly `size`, so presentation mode (full
    screen) fills the picture. Only before the QApplication exists; a display is left alone."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").split(":")[0] != "offscreen":
        return
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_config(folder / 'screen.json', size)}"


def screen_config(path: Path, size: tuple[int, int], name: str = "export") -> Path:
    """Write Qt's offscreen platform configuration for one screen of `size` (px, 96 dpi, no
    scaling) to `path` and return `path`, for QT_QPA_PLATFORM=offscreen:configfile=PATH."""
    path.write_text(json.dumps({"screens": [{"name": name, "x": 0, "y": 0, "width": size[0],
                                             "height": size[1], "logicalDpi": 96, "dpr": 1}]}))
    return path


def _settle(app, rounds: int = SETTLE_ROUNDS) -> None:
    from PySide6.QtCore import QThread

    for _ in range(rounds):
        app.processEvents()
        QThread.msleep(10)


def render_window(path: Path, scenario, trace, step_number: int, size: tuple[int, int],
                  theme: str = "light", legend: bool = True, present: bool = False,
                  quiz: bool | None = None, prepare=None, banner: str | None = None):
    """The window at step `step_number` (1-based) as a QImage of `size` (width, height) pixels.
    `quiz`: True/False turns the classroom quiz on/off; None leaves it as the file's `quiz:` says.
    `banner`: the what-if line of a run edited with `--set` (app.lab.whatif_words), shown in
    the window's what-if banner over the diagram, as a switch flipped in the window shows it.
    `prepare(window)`, if given, runs just before the picture (select a node, open a page).
    Needs a QApplication. Raises ValueError for an unknown theme."""
    from PySide6.QtWidgets import QApplication

    from app.ui.document import build_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from app.ui.themes import THEMES

    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
    app = QApplication.instance()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(Path(folder) / "settings.ini")
        settings.qsettings.setValue("view/legend", legend)
        window = MainWindow(settings)
        try:
            window.resize(*size)
            window.show()
            _settle(app)
            window.set_theme(theme, save=False)
            window.set_document(build_document(path, scenario, trace), step_number - 1)
            window.canvas.set_animation_ms(0)
            lab = getattr(window, "lab", None)
            if banner is not None and lab is not None:
                lab.banner.show_text(banner)
            if quiz is not None and lab is not None:  # set, never toggled: the file may have it on
                lab.quiz.set_active(quiz)
                lab.quiz_action.setChecked(quiz)
            if present:
                window.presentation.enter()
            _settle(app)
            window.canvas.show_step(window.playback.step)
            window.canvas.fit_to_window()
            if prepare is not None:
                prepare(window)
                _settle(app)
            _settle(app, 5)
            return window.grab().toImage()
        finally:
            window.presentation.exit()
            window.close()
            window.deleteLater()


def export_window(args, scenario, trace) -> int:
    """The `--window` branch of `lambdascope export`: writes args.png; returns the exit code."""
    if args.png is None or args.step is None:
        print("lambdascope export: --window needs --png OUT.png and --step N", file=sys.stderr)
        return 2
    from app.commands.export import step_in_range

    if not step_in_range(args, args.step, len(trace)):
        return 1
    size = args.size or DEFAULT_SIZE
    with tempfile.TemporaryDirectory() as folder:
        _offscreen_screen(size, Path(folder))
        from app.commands.export import headless_qt

        app, _palette = headless_qt(args.theme)
        if app is None:
            return 2
        image = render_window(args.file, scenario, trace, args.step, size, args.theme,
                              legend=not args.no_legend, present=getattr(args, "present", False),
                              quiz=getattr(args, "quiz", None),
                              banner=getattr(args, "banner", None))
    if not image.save(str(args.png)):
        print(f"lambdascope export: could not write {args.png}", file=sys.stderr)
        return 1
    print(f"wrote {args.png}")
    return 0
