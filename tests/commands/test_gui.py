"""`lambdascope [FILE]`: refuses politely without a display, else opens FILE or photo thumbnails."""

import argparse

from PySide6.QtCore import QStandardPaths

from app.commands import gui
from app.ui.settings import Settings


def test_no_display_prints_the_reason_and_exits_2(monkeypatch, capsys):
    """When the launch check finds a problem, nothing from Qt is started and the exit code is 2."""
    monkeypatch.setattr("app.commands.launch_check.launch_problem", lambda: "LambdaScope cannot open its window.")
    monkeypatch.setattr(gui, "start", lambda *a, **k: (_ for _ in ()).throw(AssertionError("Qt started")))
    assert gui.run(argparse.Namespace(file=None)) == 2
    assert "cannot open its window" in capsys.readouterr().err


def test_default_scenario_is_photo_thumbnails(qtbot, tmp_path):
    """Without FILE the window opens scenarios/photo-thumbnails.yaml, resolved from the package."""
    QStandardPaths.setTestModeEnabled(True)
    assert gui.default_scenario().name == "photo-thumbnails.yaml" and gui.default_scenario().is_file()
    _app, window, handler = gui.start(argparse.Namespace(file=None), Settings(tmp_path / "s.ini"))
    try:
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.document is not None, timeout=60_000)
        assert window.document.path.resolve() == gui.default_scenario()
        assert window.windowTitle().startswith("Photo thumbnails")
    finally:
        handler.uninstall()


def test_file_argument_is_opened(qtbot, tmp_path, scenarios_dir):
    """`lambdascope FILE` opens that file."""
    QStandardPaths.setTestModeEnabled(True)
    path = sorted(p for p in scenarios_dir.glob("*.yaml") if p.name != "photo-thumbnails.yaml")[0]
    _app, window, handler = gui.start(argparse.Namespace(file=str(path)), Settings(tmp_path / "s.ini"))
    try:
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.document is not None, timeout=60_000)
        assert window.document.path == path
    finally:
        handler.uninstall()


def test_start_paints_a_loading_window_then_the_scenario_then_adds_the_lab(qtbot, tmp_path):
    """gui.start shows "Loading photo thumbnails…" without the lab; the lab arrives after the picture."""
    QStandardPaths.setTestModeEnabled(True)
    _app, window, handler = gui.start(argparse.Namespace(file=None), Settings(tmp_path / "s.ini"))
    try:
        qtbot.addWidget(window)
        texts = [item.text() for item in window.canvas.scene().items() if hasattr(item, "text")]
        if window.document is None:  # still loading: the diagram says what is coming
            assert "Loading photo thumbnails…" in texts and getattr(window, "lab", None) is None
        qtbot.waitUntil(lambda: getattr(window, "lab", None) is not None, timeout=60_000)
        assert window.document is not None and window.lab.controller.document is window.document
        assert "&Lab" in [a.text() for a in window.menuBar().actions()]
    finally:
        handler.uninstall()


def start_with_a_cache_entry(tmp_path, monkeypatch):
    """`gui.start` of the default scenario with a start-up cache entry for it written first
    (0018): (window, handler)."""
    from app.ui import start_cache
    from app.ui.document import load_document

    monkeypatch.setenv(start_cache.CACHE_ENV, str(tmp_path / "cache"))
    assert start_cache.save(load_document(gui.default_scenario()))
    QStandardPaths.setTestModeEnabled(True)
    _app, window, handler = gui.start(argparse.Namespace(file=None), Settings(tmp_path / "s.ini"))
    return window, handler


def test_a_cached_picture_comes_first_then_the_real_load_replaces_it(qtbot, tmp_path, monkeypatch):
    """With a start-up cache entry (0018) the window shows the cached document at once, with
    the lab installed on it (its switches wait for the real load); the real load replaces it
    and the lab takes the real document, switches and all."""
    window, handler = start_with_a_cache_entry(tmp_path, monkeypatch)
    try:
        qtbot.addWidget(window)
        first = window.document
        assert first is not None and first.cached and window.lab.controller.document is first
        assert window.lab.controller.session is None and window.lab.panel.rows == {}
        assert window.lab.panel.heading.text() == \
            "The switches appear once photo-thumbnails.yaml is checked…"
        assert window.windowTitle().startswith("Photo thumbnails")
        qtbot.waitUntil(lambda: not window.document.cached, timeout=60_000)
        assert window.document is not first and window.lab.controller.document is window.document
        assert window.lab.controller.session is not None and window.lab.panel.rows
        assert len(window.playback.trace) == len(first.trace)
    finally:
        handler.uninstall()


def test_a_cached_picture_the_real_load_does_not_confirm_is_dropped(qtbot, tmp_path, monkeypatch):
    """Should the real load fail after a cached picture, the window stops showing that run."""
    from app.ui import document as document_module
    from app.ui import start_cache

    monkeypatch.setenv(start_cache.CACHE_ENV, str(tmp_path / "cache"))
    assert start_cache.save(document_module.load_document(gui.default_scenario()))

    def fail(*_args, **_kwargs):
        raise OSError("the disk went away")

    monkeypatch.setattr(document_module, "load_document", fail)
    QStandardPaths.setTestModeEnabled(True)
    _app, window, handler = gui.start(argparse.Namespace(file=None), Settings(tmp_path / "s.ini"))
    try:
        qtbot.addWidget(window)
        assert window.document is not None and window.document.cached
        qtbot.waitUntil(lambda: not window.errors.isHidden(), timeout=60_000)
        assert window.document is None and len(window.playback.trace) == 0
        assert window.pages.currentWidget() is window.start_page
        assert window.timeline.view.model().rowCount() == 0 and window.windowTitle() == "LambdaScope"
    finally:
        handler.uninstall()


def test_a_cached_start_says_what_it_checks_and_cancel_leaves_a_coherent_window(qtbot, tmp_path,
                                                                               monkeypatch):
    """During a cached start the status names the file being checked and the lab is in (its
    switches waiting for the check); Cancel names the file, shows the start page, and the lab
    lets go of the cached document."""
    window, handler = start_with_a_cache_entry(tmp_path, monkeypatch)
    try:
        qtbot.addWidget(window)
        assert window.document is not None and window.document.cached
        menus = [a.text() for a in window.menuBar().actions()]
        assert "&Lab" in menus
        assert window.progress.text.text() == "Checking photo-thumbnails.yaml…"
        assert "photo-thumbnails.yaml" in window.statusBar().currentMessage()
        assert "Opening…" not in window.statusBar().currentMessage()
        window.progress.cancel_button.click()  # before the real load is delivered
        assert window.statusBar().currentMessage() == "Stopped opening photo-thumbnails.yaml"
        assert window.pages.currentWidget() is window.start_page and window.document is None
        assert window.lab.controller.document is None
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus.count("&Lab") == 1
        assert all(a.isEnabled() for a in window.lab.menu.actions() if not a.isSeparator())
    finally:
        handler.uninstall()
