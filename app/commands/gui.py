"""`lambdascope [FILE]`: open the window on a scenario (photo thumbnails by default).

Checks that a window can be opened at all before Qt is imported: without a display Qt aborts
the process with a message a student cannot act on; we print what to do instead and exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from app.bundled import scenario_argument

    parser.add_argument("file", nargs="?", type=scenario_argument,
                        help="scenario file, or the name of a built-in such as photo-thumbnails "
                             "(default: photo thumbnails; `lambdascope scenarios` lists them)")


def default_scenario() -> Path:
    from app.bundled import DEFAULT_SCENARIO

    return DEFAULT_SCENARIO


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
    """Create the application, paint the window, load the scenario, then add the lab.

    Returns (QApplication, MainWindow, crash handler); `run` then enters the event loop. The
    benchmark calls this too, so it measures the real start-up path. Order (0008, 0018): the
    window is painted first (with the cached picture when the start-up cache has one, else
    "Loading photo thumbnails…"); over a cached picture the lab is installed at once (its
    switches come with the real load: 0018, third pass); then the worker loads, importing what
    loading needs itself (pydantic, the engine, networkx), so this thread stays free for the
    window meanwhile. Without a cached picture the lab is installed once the real document is
    painted. The worker is
    not started before the first paint: loading is Python holding the GIL, and every PySide
    call that lets the GIL go then waits for it (a first paint 1.5x later, measured).
    """
    path = Path(args.file) if getattr(args, "file", None) else default_scenario()
    # We use no pydantic plugins; looking for them scans every installed package's entry
    # points when the first model is built (30-50 ms of the start here). Documented switch.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from PySide6.QtWidgets import QApplication

    from app.ui.import_hook import lighten_pyside_import_hook

    # Every import below costs less (0018-start-up). PySide's own check read each new module's
    # source through `inspect`, which ran pydantic's module `__getattr__` mid-import: 0008's
    # race between a worker importing pydantic and this thread importing the window. With the
    # lighter check no module code runs, so the worker may import while this thread does.
    lighten_pyside_import_hook()
    from app.ui.settings import APPLICATION, ORGANISATION

    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setOrganizationName(ORGANISATION)
    qt_app.setApplicationName(APPLICATION)
    qt_app.setApplicationDisplayName("LambdaScope")
    from app.ui import start_cache
    from app.ui.document import start_loading

    cached = start_cache.load(path)  # the last start's picture, when nothing it depends on changed
    from app.ui import crash
    from app.ui.main_window import MainWindow

    window = MainWindow(settings, lab=False, inspector_later=True)
    handler = crash.install(window)
    window.show()
    if cached is not None:
        window.size_docks_now()  # the panels' first sizes, then the picture (0018, pass 4)
        window.set_document(cached)
    window.show_loading(path)
    for _ in range(2):  # paint the window now
        qt_app.processEvents()
    window.inspector  # noqa: B018 (built now if the first paint did without it: folded panels)
    install_lab_later(window, now=cached is not None)
    if cached is not None:
        qt_app.processEvents()  # the lab's docks and menu painted before the worker takes the GIL
    window.watch_load(start_loading(path), path=path)
    return qt_app, window, handler


def cache_later(window) -> None:
    """Once the lab is in, write the start-up cache entry for the real document on a thread of
    its own (nothing on the way to the picture waits for it; it compares and skips an entry
    that is already right)."""
    document = window.document
    if document is None or document.cached:
        return
    import app.ui.plain_data  # noqa: F401 (imported here, not on the thread: 0008's import race)
    from app.ui.start_cache import save

    threading.Thread(target=save, args=(document,), name="start-cache", daemon=True).start()


def install_lab_later(window, now: bool = False) -> None:
    """Install the lab just after the diagram is first painted with a document (or at once when
    the first load failed or was cancelled). A 0 ms timer started when the document arrives is
    not enough: it can fire before Qt delivers the repaint (also a posted event), delaying the
    picture. `now`: a cached picture is shown (painted already), so the lab goes in at once, on
    it (its quiz, docks, menus and exports work on the cached run; the What if… switches come
    with the real load). Either way the start-up cache entry is written once the real document
    is painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    if now:
        window.install_lab()

    class FirstPicture(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Paint and window.document is not None \
                    and not window.document.cached:  # the real document, not the cached one
                done()
            return False

    def done(*_args) -> None:
        if getattr(window, "_lab_pending", None) is None:
            return
        window.canvas.viewport().removeEventFilter(window._lab_pending)
        window._lab_pending = None
        window.loader.failed.disconnect(done)
        window.loader.cancelled.disconnect(done)
        QTimer.singleShot(0, window.install_lab)  # once only (install_lab returns the Lab in)
        QTimer.singleShot(0, lambda: cache_later(window))

    window._lab_pending = FirstPicture(window)
    window.canvas.viewport().installEventFilter(window._lab_pending)
    window.loader.failed.connect(done)
    window.loader.cancelled.connect(done)
