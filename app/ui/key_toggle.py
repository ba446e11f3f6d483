"""The key to the picture on demand (issue 11, item 2): a small "Key" button in the diagram's
corner and a checkable "Key" entry in the View menu, both one action.

The key is shown the first time and the choice is remembered (settings `view/legend`); in
presentation mode it is off unless the teacher turns it on there (remembered apart, as
`view/legend_presenting`), so the class sees the diagram, not the key. Exports made from the
window follow what it shows; `lambdascope export --no-legend` is the same switch on the
command line.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from app.ui.canvas import overlay_room

NORMAL_KEY, PRESENTING_KEY = "view/legend", "view/legend_presenting"
MARGIN = 8  # px between the button and the diagram's corner


def _flag(value, default: bool) -> bool:
    """QSettings gives back 'true'/'false' strings from INI files."""
    if value is None:
        return default
    return value in (True, "true", "1", 1)


class KeyToggle(QObject):
    """Install on the main window: `KeyToggle(window)`. `action` is the View menu's entry."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.canvas = window.canvas
        self.action = QAction("Key (legend)", window)
        self.action.setCheckable(True)
        self.action.setToolTip("Show or hide the key to lines, badges and what travels")
        self.action.toggled.connect(self._toggled)
        self.button = QToolButton(self.canvas)
        self.button.setObjectName("keyToggle")
        self.button.setDefaultAction(self.action)
        self.button.setText("Key")
        self.button.setAccessibleName("Show the key")
        self.button.setAutoRaise(False)
        overlay_room.watch(self.canvas, self.button)  # the fit keeps it off the nodes
        self.canvas.installEventFilter(self)
        window.presentation.changed.connect(self._presentation_changed)
        self.action.setChecked(self._remembered(False))
        self._apply(self.action.isChecked())
        self._place()

    def _setting(self, presenting: bool) -> str:
        return PRESENTING_KEY if presenting else NORMAL_KEY

    def _remembered(self, presenting: bool) -> bool:
        value = self.window.settings.qsettings.value(self._setting(presenting))
        return _flag(value, default=not presenting)

    def _presentation_changed(self, active: bool) -> None:
        self.action.blockSignals(True)
        self.action.setChecked(self._remembered(active))
        self.action.blockSignals(False)
        self._apply(self.action.isChecked())

    def _toggled(self, on: bool) -> None:
        presenting = bool(getattr(self.window.presentation, "active", False))
        self.window.settings.qsettings.setValue(self._setting(presenting), on)
        self._apply(on)

    def _apply(self, on: bool) -> None:
        self.canvas.set_legend_visible(on)
        self.button.setText("Key ✓" if on else "Key")
        if getattr(self.window, "_auto_fit", True):
            QTimer.singleShot(0, self.canvas.fit_to_window)

    def _place(self) -> None:
        self.button.adjustSize()
        self.button.move(self.canvas.width() - self.button.width() - MARGIN, MARGIN)
        self.button.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.canvas and event.type() in (QEvent.Resize, QEvent.Show):
            self._place()
        return False
