"""File → Import SAM/CloudFormation template… imports, writes and opens the lesson."""

from pathlib import Path

import pytest

pytest.importorskip("samtranslator")
pytest.importorskip("cfnlint")

from window_fixtures import make_window, photo_document  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "sns-fanout.yaml"


def test_import_menu_opens_the_imported_lesson(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, photo_document())
    target = tmp_path / "fanout.lesson.yaml"
    monkeypatch.setattr("app.ui.import_template_ui.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(FIXTURE), ""))
    monkeypatch.setattr("app.ui.import_template_ui.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    shown = []
    monkeypatch.setattr("app.ui.import_template_ui.QMessageBox.information",
                        lambda parent, title, text: shown.append((title, text)))
    assert "Import SAM/CloudFormation template" in window.menus.import_action.text()
    with qtbot.waitSignal(window.document_changed, timeout=60_000):
        window.menus.import_action.trigger()
    assert window.document.path == target
    assert "new-order" in window.canvas.item_for_node and "email" in window.canvas.item_for_node
    assert target.read_text(encoding="utf-8").startswith("# Imported from sns-fanout.yaml")
    assert shown and "Guessed" in shown[0][1]


def test_import_menu_says_why_a_template_is_refused(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path, photo_document())
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources: [\n", encoding="utf-8")
    monkeypatch.setattr("app.ui.import_template_ui.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr("app.ui.import_template_ui.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "out.yaml"), ""))
    warned = []
    monkeypatch.setattr("app.ui.import_template_ui.QMessageBox.warning",
                        lambda parent, title, text: warned.append(text))
    window.menus.import_action.trigger()
    qtbot.waitUntil(lambda: bool(warned), timeout=60_000)  # the import runs on a worker thread
    assert warned[0].startswith(f"{bad}:")
    assert not (tmp_path / "out.yaml").exists()
    assert window.document.path.name == "photo-thumbnails.yaml"
