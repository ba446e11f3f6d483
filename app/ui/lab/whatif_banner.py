"""A what-if left on stays visible: a banner over the diagram and a mark in the title.

A teacher flipped a switch, closed the What if… panel, and the window said "Step 66 of 66" for
a file that gives 42 steps, with nothing to say the run was no longer the file's. While any
switch is on, the diagram's top-left corner shows "What if: <switches> · not the file's run
(66 steps; the file gives 42)" with a "Back to the file" button (the same as Lab → Reset the
what-ifs, Ctrl+Shift+R), and the window title starts with "What if ·". The banner is a child
of the diagram, so it stays in presentation mode, on the projector, where the status bar and
the panel are hidden. It goes away when the switches are reset or another file is opened.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from app.ui.canvas import overlay_room

# the wording is the exports' too (app.lab.whatif_words); kept importable from here
from app.lab.whatif_words import NAMES_SHOWN, TITLE_MARK, banner_text, switch_labels  # noqa: E402,F401

LEFT = 10  # px from the diagram's top-left corner
BUTTON_GAP = 6  # px left clear before the leftmost of the diagram's Panels and Key buttons


class WhatIfBanner(QFrame):
    """The banner over the diagram's top-left corner; `install(window, controller)` makes it."""

    def __init__(self, window, controller):
        super().__init__(window.canvas)
        self.setObjectName("whatIfBanner")
        self.window, self.controller = window, controller
        self.external: str | None = None  # an edited run opened as it is (`export --set`)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel(self)
        self.label.setObjectName("whatIfBannerText")
        self.label.setWordWrap(True)  # a narrow diagram: two lines, never cut
        self.back = QPushButton("Back to the file", self)
        self.back.setToolTip("Turn every what-if switch off (Lab → Reset the what-ifs, Ctrl+Shift+R)")
        self.back.setFocusPolicy(Qt.NoFocus)  # the clicker's keys stay with the player
        self.back.clicked.connect(controller.reset)
        layout.addWidget(self.label)
        layout.addWidget(self.back)
        self.setAutoFillBackground(True)
        self._style()
        controller.rerun_applied.connect(lambda _rerun: self.refresh())
        controller.session_changed.connect(lambda: self.show_text(None))  # another file: its own run
        window.canvas.installEventFilter(self)
        overlay_room.watch(window.canvas, self)  # the fit keeps the banner off the nodes
        self.hide()
        self.refresh()

    def _style(self) -> None:
        colours = getattr(self.window.canvas, "palette_colours", {}) or {}
        warning, surface = colours.get("warning", "#b45309"), colours.get("surface", "#ffffff")
        text = colours.get("text", "#000000")
        self.setStyleSheet(
            f"QFrame#whatIfBanner {{ background: {surface}; border: 3px dashed {warning};"
            f" border-radius: 8px; }} QLabel#whatIfBannerText {{ color: {text};"
            f" font-weight: bold; font-size: 13pt; }}")

    def show_text(self, text: str | None) -> None:
        """Say `text` (app.lab.whatif_words.banner_text) while no switch is on: the run shown is
        a what-if made outside the panel (`export --window --set`, teacher's report item 3)."""
        self.external = text
        self.back.setVisible(text is None)  # nothing to reset: the file itself is edited
        self.refresh()

    def text(self) -> str | None:
        """The banner's line while a what-if is on, else None (exports print it too)."""
        return self.label.text() if self.isVisibleTo(self.window.canvas) else None

    def refresh(self) -> None:
        """Show or hide the banner and the title mark for the switches on now."""
        session = getattr(self.controller, "session", None)
        values = dict(session.values) if session is not None else {}
        self._title(bool(values) or self.external is not None)
        if not values and self.external is None:
            self.hide()
            return
        self._style()
        if values:
            self.back.show()
            labels = switch_labels(session)  # each with its new value (teacher's report item 2)
            self.label.setText(banner_text(labels, len(session.trace), len(session.original_trace)))
        else:
            self.label.setText(self.external)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()

    def _corner_buttons(self) -> list:
        """The diagram's top-right buttons (Panels, Key) that exist, watched so the banner
        moves when they do (the Key's text changes its width; presentation hides Panels)."""
        window = self.window
        found = [getattr(getattr(getattr(window, "diagram_first", None), "panels", None), "button", None),
                 getattr(getattr(window, "key_toggle", None), "button", None)]
        buttons = [b for b in found if b is not None]
        for button in buttons:
            if not button.property("whatIfBannerWatches"):
                button.setProperty("whatIfBannerWatches", True)
                button.installEventFilter(self)
        return buttons

    def _room(self) -> int:
        """px from the canvas's left edge to BUTTON_GAP before the leftmost corner button shown."""
        canvas = self.window.canvas
        lefts = [b.x() for b in self._corner_buttons() if b.isVisibleTo(canvas)]
        return (min(lefts) if lefts else canvas.width()) - BUTTON_GAP - LEFT

    def _place(self) -> None:
        room = max(220, self._room())  # clear of the "Panels" and "Key" buttons at the top right
        margins = self.layout().contentsMargins()
        button = self.back.sizeHint().width() + self.layout().spacing()
        text = min(self.label.fontMetrics().horizontalAdvance(self.label.text()) + 8,
                   room - button - margins.left() - margins.right())
        self.label.setFixedWidth(max(80, text))
        self.label.setFixedHeight(self.label.heightForWidth(self.label.width()))
        self.resize(self.layout().sizeHint())
        self.move(LEFT, LEFT)

    def _title(self, on: bool) -> None:
        title = self.window.windowTitle()
        plain = title[len(TITLE_MARK):] if title.startswith(TITLE_MARK) else title
        wanted = f"{TITLE_MARK}{plain}" if on else plain
        if wanted != title:
            self.window.setWindowTitle(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if not self.isVisible():
            return super().eventFilter(watched, event)
        if watched is self.window.canvas and event.type() == QEvent.Resize:
            self._place()
        elif watched is not self.window.canvas and event.type() in (
                QEvent.Move, QEvent.Resize, QEvent.Show, QEvent.Hide):
            self._place()  # a corner button moved, changed width, came or went
        return super().eventFilter(watched, event)
