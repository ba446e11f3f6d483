"""Opening an invalid file shows the loader's problems and keeps the open scenario as it was."""

import re

import pytest

from window_fixtures import SCENARIOS, make_window, open_and_wait

PROBLEM = re.compile(r"^.+:\d+:\d+: [\w.\-\[\]]+: .+$")  # file:line:col: key.path: message


@pytest.fixture
def window(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    open_and_wait(qtbot, window, SCENARIOS / "photo-thumbnails.yaml")
    return window


def broken_copy(tmp_path, old: str, new: str):
    text = (SCENARIOS / "photo-thumbnails.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def open_and_fail(qtbot, window, path):
    with qtbot.waitSignal(window.load_failed, timeout=30_000) as blocker:
        window.open_path(path)
    return blocker.args[0]


def test_invalid_file_lists_problems_with_line_and_column(window, qtbot, tmp_path):
    """memory_size: lots → a problem at the right line, the panel says the old scenario stays."""
    path = broken_copy(tmp_path, "memory_size: 512", "memory_size: lots")
    open_and_fail(qtbot, window, path)
    assert window.errors.isVisible()
    problems = window.errors.problems
    assert problems and all(PROBLEM.match(p) for p in problems), problems
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "memory_size" in text)
    assert f"broken.yaml:{line}:" in problems[0] and "memory_size" in problems[0]
    assert "Photo thumbnails" in window.errors.title.text()


def test_previous_scenario_and_step_stay_open(window, qtbot, tmp_path):
    """After a failed open, the same document, trace and step are still shown."""
    document, trace = window.document, window.playback.trace
    window.playback.seek(5)
    open_and_fail(qtbot, window, broken_copy(tmp_path, "type: s3_bucket", "type: s3_buckit"))
    assert window.document is document and window.playback.trace is trace
    assert window.playback.index == 5
    assert window.windowTitle().startswith("Photo thumbnails")


def test_missing_file_is_reported_not_raised(window, qtbot, tmp_path):
    """A missing path gives a problem naming it, no exception escapes, and it leaves Open Recent."""
    window.settings.add_recent(tmp_path / "nope.yaml")  # as if it had been opened before
    failure = open_and_fail(qtbot, window, tmp_path / "nope.yaml")
    assert "nope.yaml" in failure.problems[0]
    assert window.document is not None
    assert not any(p.endswith("nope.yaml") for p in window.settings.recent_files)


def test_reload_keeps_the_step_and_picks_up_edits(window, qtbot, tmp_path):
    """Reload re-reads the file and stays at the same step; a fixed file clears the panel."""
    path = tmp_path / "mine.yaml"
    path.write_text((SCENARIOS / "photo-thumbnails.yaml").read_text())
    open_and_wait(qtbot, window, path)
    window.playback.seek(7)
    path.write_text(path.read_text().replace("memory_size: 512", "memory_size: 1024"))
    with qtbot.waitSignal(window.document_changed, timeout=30_000):
        window.menus.reload_action.trigger()
    assert window.playback.index == 7
    assert window.document.scenario.resources["make-thumbnail"].memory_size == 1024


def test_reload_after_a_failed_open_rereads_the_failed_file(window, qtbot, tmp_path):
    """The panel says "fix the file, then Reload": Reload opens the fixed file, not the old scenario."""
    path = broken_copy(tmp_path, "memory_size: 512", "memory_size: lots")
    open_and_fail(qtbot, window, path)
    path.write_text(path.read_text().replace("memory_size: lots", "memory_size: 768"))
    with qtbot.waitSignal(window.document_changed, timeout=30_000):
        window.menus.reload_action.trigger()
    assert window.document.path == path and not window.errors.isVisible()
    assert window.document.scenario.resources["make-thumbnail"].memory_size == 768


def test_first_file_invalid_shows_the_start_page(qtbot, tmp_path):
    """With nothing open yet, a broken file leaves the window on the start page with the errors."""
    window = make_window(qtbot, tmp_path)
    open_and_fail(qtbot, window, broken_copy(tmp_path, "memory_size: 512", "memory_size: lots"))
    assert window.pages.currentWidget() is window.start_page
    assert window.errors.isVisible() and "stays open" not in window.errors.title.text()


def test_unexpected_loader_error_is_shown_and_logged(window, qtbot, monkeypatch):
    """A bug while loading (not a file problem) is listed, its traceback logged, the app goes on."""
    from PySide6.QtCore import QStandardPaths

    from app.ui import crash

    QStandardPaths.setTestModeEnabled(True)
    monkeypatch.setattr("app.ui.document.load_document",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("engine bug for the test")))
    failure = open_and_fail(qtbot, window, SCENARIOS / "photo-thumbnails.yaml")
    assert "RuntimeError: engine bug for the test" in failure.problems[0]
    assert "engine bug for the test" in crash.log_path().read_text()
    assert window.document is not None and window.errors.isVisible()
