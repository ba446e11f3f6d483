"""In the window, Save layout and every export end in a message, never a traceback dialog.

Message boxes are answered by patching: `app.ui.layout_save_ui.ask` (the Save layout questions)
and QMessageBox.warning (export failures). Any exception escaping a slot fails the test.
"""

from __future__ import annotations

import errno
import os

import pytest
from lab_fixtures import lab_window
from ruamel.yaml import YAML
from window_fixtures import SCENARIOS, make_window, open_and_wait

import app.ui.layout_save_ui as save_ui


class Asked:
    """Stands in for the message box: records (title, text, choices) and answers `answer`."""

    def __init__(self, answer=save_ui.CANCEL):
        self.answer, self.calls = answer, []

    def __call__(self, _window, title, text, choices):
        self.calls.append((title, text, choices))
        return self.answer


@pytest.fixture
def asked(monkeypatch):
    recorder = Asked()
    monkeypatch.setattr(save_ui, "ask", recorder)
    return recorder


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda _parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def positions(path):
    return (YAML(typ="safe").load(path.read_text()) or {}).get("positions")


def own_copy(qtbot, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text((SCENARIOS / "photo-thumbnails.yaml").read_text())
    window = make_window(qtbot, tmp_path)
    open_and_wait(qtbot, window, path)
    return window, path


def test_only_the_dragged_node_is_written(qtbot, tmp_path, asked):
    """Auto-placed nodes keep following the layout: the file gains one entry, the dragged one."""
    window, path = own_copy(qtbot, tmp_path)
    window.canvas.item_for_node["photos"].setPos(123.0, 456.0)
    window.menus.save_layout_action.trigger()
    assert positions(path) == {"photos": [123, 456]}
    assert asked.calls == []


def test_a_built_in_scenario_is_never_overwritten_and_save_as_is_offered(qtbot, tmp_path, asked, monkeypatch):
    builtin = SCENARIOS / "photo-thumbnails.yaml"
    before = builtin.read_bytes()
    window = make_window(qtbot, tmp_path)
    open_and_wait(qtbot, window, builtin)
    window.canvas.item_for_node["photos"].setPos(50.0, 60.0)
    window.menus.save_layout_action.trigger()
    assert builtin.read_bytes() == before
    (title, text, choices), = asked.calls
    assert "built-in" in text and save_ui.SAVE_AS in choices
    target = tmp_path / "my-photos.yaml"
    monkeypatch.setattr(save_ui.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    asked.answer = save_ui.SAVE_AS
    window.menus.save_layout_action.trigger()
    assert builtin.read_bytes() == before
    assert positions(target) == {"photos": [50, 60]}
    assert window.document.path == target  # Ctrl+S now saves into the teacher's copy
    window.canvas.item_for_node["photos"].setPos(70.0, 80.0)
    window.menus.save_layout_action.trigger()
    assert positions(target) == {"photos": [70, 80]}


def test_a_deleted_file_is_a_message_naming_it(qtbot, tmp_path, asked):
    window, path = own_copy(qtbot, tmp_path)
    path.unlink()
    window.canvas.item_for_node["photos"].setPos(1.0, 2.0)
    window.menus.save_layout_action.trigger()
    (title, text, choices), = asked.calls
    assert str(path) in text and "gone" in text and save_ui.SAVE_AS in choices
    assert not path.exists()


def test_a_file_edited_elsewhere_is_asked_about_then_merged(qtbot, tmp_path, asked):
    window, path = own_copy(qtbot, tmp_path)
    path.write_text(path.read_text() + "# added in an editor\n")
    window.canvas.item_for_node["photos"].setPos(1.0, 2.0)
    asked.answer = save_ui.CANCEL
    window.menus.save_layout_action.trigger()
    assert "changed on disk" in asked.calls[0][1] and positions(path) is None
    asked.answer = save_ui.OVERWRITE
    window.menus.save_layout_action.trigger()
    assert positions(path) == {"photos": [1, 2]}
    assert "# added in an editor" in path.read_text()


def test_invalid_yaml_since_opening_is_refused_and_save_as_keeps_the_opened_text(qtbot, tmp_path, asked,
                                                                                 monkeypatch):
    window, path = own_copy(qtbot, tmp_path)
    opened = path.read_text()
    path.write_text("title: [broken\n")
    window.canvas.item_for_node["photos"].setPos(1.0, 2.0)
    asked.answer = save_ui.OVERWRITE
    window.menus.save_layout_action.trigger()
    assert path.read_text() == "title: [broken\n"
    assert any("no longer valid YAML" in text for _t, text, _c in asked.calls)
    target = tmp_path / "rescued.yaml"
    monkeypatch.setattr(save_ui.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert save_ui.save_layout_as(window)
    assert target.read_text().startswith(opened) and positions(target) == {"photos": [1, 2]}


@pytest.mark.parametrize("code, words", [(errno.EROFS, "read-only file system"),
                                         (errno.EPERM, "immutable"), (errno.EACCES, "not allowed")])
def test_an_unwritable_file_is_a_message_and_stays_as_it_was(qtbot, tmp_path, asked, monkeypatch, code, words):
    window, path = own_copy(qtbot, tmp_path)
    before = path.read_bytes()

    def refuse(*_a, **_k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    window.canvas.item_for_node["photos"].setPos(1.0, 2.0)
    window.menus.save_layout_action.trigger()
    (title, text, choices), = asked.calls
    assert title == "Layout not saved" and str(path) in text and words in text
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_window_png_and_svg_export_to_a_folder_is_a_message(qtbot, tmp_path, warnings, monkeypatch, kind):
    window, _path = own_copy(qtbot, tmp_path)
    folder = tmp_path / "slides"
    folder.mkdir()
    monkeypatch.setattr("app.ui.window_menus.QFileDialog.getSaveFileName", lambda *a, **k: (str(folder), ""))
    window.menus.export(kind)
    (title, text), = warnings
    assert title == "Not exported" and str(folder) in text and "is a folder" in text
    assert not window.statusBar().currentMessage().startswith("Exported")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("kind", ["gif", "pdf"])
def test_window_gif_and_pdf_export_to_a_missing_folder_is_a_message(qtbot, tmp_path, warnings, kind):
    window, lab = lab_window(qtbot, tmp_path)
    out = tmp_path / "gone" / f"run.{kind}"
    assert lab.export(kind, str(out), 0, 2) == 0
    (title, text), = warnings
    assert title == "Not exported" and str(out) in text and "does not exist" in text
