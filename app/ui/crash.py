"""An unexpected exception must not take the lesson down: show it, log it, keep running.

`install(parent)` replaces sys.excepthook. Each exception is appended to crash.log in the
platform's log folder for LambdaScope (platformdirs: ~/.local/state/LambdaScope/log on Linux,
~/Library/Logs/LambdaScope on macOS, %LOCALAPPDATA%\\LambdaScope\\Logs on Windows) and shown in a non-modal dialog with the traceback under
"Show Details…", so a teacher can carry on and send the log afterwards.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

LOG_NAME = "crash.log"


def log_path() -> Path:
    """Where `write_log` appends: `<platformdirs log folder for LambdaScope>/crash.log`."""
    return platformdirs.user_log_path("LambdaScope", appauthor=False) / LOG_NAME


def write_log(text: str) -> Path:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    import datetime as _dt  # here: not on the way to the window's first paint

    stamp = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8") as log:
        log.write(f"--- {stamp}\n{text}\n")
    return path


class CrashHandler:
    """The excepthook: log, then show a dialog (at most one at a time), never re-raise."""

    def __init__(self, parent: QWidget | None = None):
        self.parent = parent
        self.dialog: QMessageBox | None = None
        self.previous = sys.excepthook
        self._handling = False

    def __call__(self, kind, error, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, error, tb)
            return
        if self._handling:  # an error while reporting an error: leave it to Python
            self.previous(kind, error, tb)
            return
        self._handling = True
        try:
            details = "".join(traceback.format_exception(kind, error, tb))
            try:
                path = write_log(details)
            except OSError as log_error:
                path = Path(f"(log not written: {log_error})")
            print(details, file=sys.stderr)
            self.show(f"{kind.__name__}: {error}", details, path)
        finally:
            self._handling = False

    def show(self, summary: str, details: str, path: Path) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setDetailedText(self.dialog.detailedText() + "\n" + details)
            return
        from PySide6.QtWidgets import QMessageBox  # here: its Python enums cost the first paint

        dialog = QMessageBox(self.parent)
        dialog.setIcon(QMessageBox.Warning)
        dialog.setWindowTitle("Something went wrong")
        dialog.setText("LambdaScope hit an unexpected error. It keeps running; "
                       "what you were doing may not have finished.")
        dialog.setInformativeText(f"{summary}\n\nDetails were written to {path}")
        dialog.setDetailedText(details)
        dialog.setStandardButtons(QMessageBox.Ok)
        dialog.setModal(False)
        dialog.show()
        self.dialog = dialog

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous


def install(parent: QWidget | None = None) -> CrashHandler:
    handler = CrashHandler(parent)
    sys.excepthook = handler
    return handler
