"""After a failed open, Ctrl+R (as the red banner says) re-reads the file that failed.

A student pressed Ctrl+R with the file still broken and "nothing happened": the reload failed
again and showed the very same banner, so it looked as if the key did nothing, while File →
Reload, pressed after fixing the file, worked. The key works from every focusable widget (the
banner's list and buttons included), and a reload that fails again now says so: "Read … again
at HH:MM:SS: still 1 problem, as before". File → Open starts in the folder of the file that is
open, not in the bundled scenarios.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from window_fixtures import SCENARIOS, make_window, open_and_wait


@pytest.fixture
def window(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    open_and_wait(qtbot, window, SCENARIOS / "photo-thumbnails.yaml")
    return window


def _broken(tmp_path, *slips: tuple[str, str]):
    text = (SCENARIOS / "photo-thumbnails.yaml").read_text(encoding="utf-8")
    path = tmp_path / "broken.yaml"
    broken = text
    for old, new in slips:
        assert old in broken
        broken = broken.replace(old, new)
    path.write_text(broken, encoding="utf-8")
    return path, text


def _fail(qtbot, window, path):
    with qtbot.waitSignal(window.load_failed, timeout=30_000):
        window.open_path(path)


def test_ctrl_r_reaches_reload_from_every_focusable_widget(window, qtbot, tmp_path):
    path, _ = _broken(tmp_path, ("memory_size: 512", "memory_size: lots"))
    _fail(qtbot, window, path)
    window.show()
    fired = []
    window.menus.reload_action.triggered.connect(lambda *_: fired.append(1))
    missed = []
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and widget.focusPolicy() != Qt.NoFocus:
            widget.setFocus()
            before = len(fired)
            qtbot.keyClick(widget, Qt.Key_R, Qt.ControlModifier)
            if len(fired) == before:
                missed.append(type(widget).__name__)
    assert fired and not missed


def test_a_reload_that_fails_again_says_so(window, qtbot, tmp_path):
    path, text = _broken(tmp_path, ("memory_size: 512", "memory_size: lots"))
    _fail(qtbot, window, path)
    first = window.errors.title.text()
    window.errors.list.setFocus()
    with qtbot.waitSignal(window.load_failed, timeout=30_000):
        qtbot.keyClick(window.errors.list, Qt.Key_R, Qt.ControlModifier)
    again = window.errors.title.text()
    assert again != first
    assert "broken.yaml again at" in again and "still 1 problem, as before" in again
    assert "again" in window.statusBar().currentMessage()
    path.write_text(text, encoding="utf-8")  # the student fixes the file
    with qtbot.waitSignal(window.document_changed, timeout=30_000):
        qtbot.keyClick(window.errors.list, Qt.Key_R, Qt.ControlModifier)
    assert window.document.path.resolve() == path.resolve() and not window.errors.isVisible()


def test_a_reload_with_fewer_problems_counts_them(window, qtbot, tmp_path):
    path, text = _broken(tmp_path, ("memory_size: 512", "memory_size: lots"),
                         ("type: s3_bucket", "type: s3_buckit"))
    _fail(qtbot, window, path)
    count = len(window.errors.problems)
    path.write_text(text.replace("memory_size: 512", "memory_size: lots"), encoding="utf-8")
    with qtbot.waitSignal(window.load_failed, timeout=30_000):
        window.reload()
    assert f"now 1 problem ({count - 1} fewer than before)" in window.errors.title.text()


def test_open_starts_in_the_folder_of_the_open_file(window, qtbot, tmp_path, monkeypatch):
    elsewhere = tmp_path / "homework"
    elsewhere.mkdir()
    copy = elsewhere / "shop.yaml"
    copy.write_text((SCENARIOS / "photo-thumbnails.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (elsewhere / "photos").symlink_to(SCENARIOS / "photos")
    open_and_wait(qtbot, window, copy)
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda parent, caption, start, filt: (asked.append(start), ("", ""))[1]))
    window.menus.open_dialog()
    assert asked == [str(elsewhere)]
