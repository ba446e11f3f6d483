"""An unexpected exception is shown and logged, and the app keeps running."""

import sys

import pytest
from PySide6.QtCore import QStandardPaths

from app.ui import crash


@pytest.fixture
def handler(qtbot):
    QStandardPaths.setTestModeEnabled(True)  # logs go to a test folder, not the user's
    handler = crash.install()
    yield handler
    handler.uninstall()
    if handler.dialog is not None:
        handler.dialog.close()


def raise_and_report(handler, message):
    try:
        raise ValueError(message)
    except ValueError:
        sys.excepthook(*sys.exc_info())


def test_exception_shows_a_dialog_with_details_and_writes_the_log(handler):
    """The hook shows a non-modal dialog with the traceback and appends it to crash.log."""
    assert sys.excepthook is handler
    before = crash.log_path().read_text() if crash.log_path().exists() else ""
    raise_and_report(handler, "boom in a test")
    assert handler.dialog.isVisible() and not handler.dialog.isModal()
    assert "ValueError: boom in a test" in handler.dialog.detailedText()
    assert str(crash.log_path()) in handler.dialog.informativeText()
    log = crash.log_path().read_text()
    assert log.startswith(before) and "ValueError: boom in a test" in log[len(before):]


def test_second_exception_is_added_to_the_open_dialog(handler):
    """Errors in a burst share one dialog instead of stacking windows."""
    raise_and_report(handler, "first")
    dialog = handler.dialog
    raise_and_report(handler, "second")
    assert handler.dialog is dialog and "second" in dialog.detailedText()


def test_uninstall_restores_the_previous_hook(handler):
    """Uninstalling puts back whatever hook was there before."""
    previous = handler.previous
    handler.uninstall()
    assert sys.excepthook is previous
