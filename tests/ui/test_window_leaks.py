"""Nothing piles up in a window used for a whole lesson (found by the monkey, issue 9): every
export left its hidden progress dialog behind, and each later theme change restyled them all."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QProgressDialog

from window_fixtures import make_window, photo_document


def test_exports_leave_no_progress_dialog_behind(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, photo_document())
    for n in range(3):
        written = window.lab.export("pdf", str(tmp_path / f"run{n}.pdf"), 0, 1)
        assert written == 2 and (tmp_path / f"run{n}.pdf").stat().st_size > 0
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert window.findChildren(QProgressDialog) == []
