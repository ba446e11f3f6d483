"""File → Export GIF / PDF from the window: the run the player shows, over the range asked for."""

from __future__ import annotations

import re

from lab_fixtures import S3_PERMISSION, flip, lab_window
from PIL import Image

PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def test_window_export_writes_the_shown_run_over_the_range(qtbot, tmp_path):
    """After a what-if the export is of the what-if run: all its steps as frames, 3 steps as pages."""
    window, lab = lab_window(qtbot, tmp_path)
    flip(qtbot, lab, S3_PERMISSION, True)
    total = len(window.playback.trace)
    assert total < len(lab.controller.session.original_trace)  # really the edited run
    assert lab.export("gif", str(tmp_path / "w.gif"), 0, total - 1) == total
    assert Image.open(tmp_path / "w.gif").n_frames == total
    assert lab.export("pdf", str(tmp_path / "w.pdf"), 2, 4) == 3
    assert len(PAGE.findall((tmp_path / "w.pdf").read_bytes())) == 3


def test_export_actions_sit_in_the_file_menu_with_their_shortcuts(qtbot, tmp_path):
    """The File menu offers GIF and PDF next to PNG/SVG, before Quit, with Ctrl+G and Ctrl+P."""
    window, lab = lab_window(qtbot, tmp_path)
    texts = [a.text() for a in window.menus.file.actions()]
    assert texts.index("Export animated &GIF…") < texts.index("&Quit")
    assert texts.index("Export S&VG…") < texts.index("Export animated &GIF…")
    assert lab.gif_action.shortcut().toString() == "Ctrl+G"
    assert lab.pdf_action.shortcut().toString() == "Ctrl+P"


def test_the_range_dialog_offers_the_whole_short_run_or_a_slide_from_here(qtbot, tmp_path, monkeypatch):
    """A short run is offered whole; a long one from the current step, LONG_RUN steps at most."""
    from PySide6.QtWidgets import QDialog

    from app.ui.lab.install import LONG_RUN, ask_range

    window, _lab = lab_window(qtbot, tmp_path)
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.Accepted)
    assert ask_range(window, 30, "gif", current=7) == (0, 29)
    assert ask_range(window, 500, "pdf", current=100) == (100, 100 + LONG_RUN - 1)
    assert ask_range(window, 500, "pdf", current=480) == (480, 499)
