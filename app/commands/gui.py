"""`lambdascope [FILE]`: open the window on a scenario (photo thumbnails by default).

Checks that a window can be opened at all before Qt is imported: without a display Qt aborts
the process with a message a student cannot act on; we print what to do instead and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="scenario file to open (default: photo thumbnails)")


def default_scenario() -> Path:
    import app

    return Path(app.__file__).resolve().parent.parent / "scenarios" / "photo-thumbnails.yaml"


def run(args: argparse.Namespace) -> int:
    from app.commands.launch_check import launch_problem

    problem = launch_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    qt_app, window, handler = start(args)
    try:
        return qt_app.exec()
    finally:
        handler.uninstall()


def start(args: argparse.Namespace, settings=None):
    """Create the application, show the window, then start loading the scenario.

    Returns (QApplication, MainWindow, crash handler); `run` then enters the event loop. The
    benchmark calls this too, so it measures the real start-up path.
    """
    path = Path(args.file) if getattr(args, "file", None) else default_scenario()
    from PySide6.QtWidgets import QApplication

    from app.ui.settings import APPLICATION, ORGANISATION

    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setOrganizationName(ORGANISATION)
    qt_app.setApplicationName(APPLICATION)
    qt_app.setApplicationDisplayName("LambdaScope")
    from app.ui import crash
    from app.ui.main_window import MainWindow

    window = MainWindow(settings)
    handler = crash.install(window)
    window.show()
    window.statusBar().showMessage(f"Opening {path.name} …")
    for _ in range(2):  # paint the window now: the imports below take a few hundred ms
        qt_app.processEvents()
    # Import what loading needs on this thread, then load (parse, simulate, lay out) on the
    # worker. Importing pydantic on the worker while this thread imported PySide modules
    # sometimes failed inside PySide's import hook (a circular import in pydantic._migration,
    # ~1 start in 25), so the two threads never import the same heavy packages at once.
    import app.engine  # noqa: F401
    import app.graph  # noqa: F401
    import app.scenario.loader  # noqa: F401
    from app.ui.document import start_loading

    window.watch_load(start_loading(path))
    return qt_app, window, handler
