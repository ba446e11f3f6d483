"""`install_lab(window)`: the classroom lab added to an existing MainWindow from outside.

Adds the "What if…" dock (left of the diagram, closed until the Lab menu opens it), the "Runs compared" dock (tabbed with the
timeline), the predict-the-next-step bar (under the diagram, so it stays in presentation mode),
a Lab menu, the View menu toggles, and File → Export GIF / PDF. Shortcuts are chosen not to
clash with the window's: Ctrl+W what-if panel, Ctrl+D runs compared, Ctrl+Shift+R reset the
what-ifs, Ctrl+Shift+P predict mode, Ctrl+G export GIF, Ctrl+P export PDF (and, while the quiz
asks, 1–4 to answer and N for the next question).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from app.ui.dock_locks import dock_locks
from app.ui.lab.compare_view import CompareView
from app.ui.lab.controller import LabController
from app.ui.lab.marks import ChangedMarks
from app.ui.lab.quiz import QuizBar
from app.ui.lab.whatif_banner import WhatIfBanner
from app.ui.lab.whatif_panel import WhatIfPanel

WHATIF_WIDTH = 300  # px, the What if… panel's width when first opened (a fifth of the window)
WHATIF_MIN_WIDTH = 240
WHATIF_TAB_BELOW = 1500  # px of window width: narrower, the panel opens as a tab of the side
                         # panel (a third column left the diagram 590 px wide, names ~7 px at 1024,
                         # and 778 px, names ~9 px, at 1280x720)
SHORTCUTS = {"whatif": "Ctrl+W", "compare": "Ctrl+D", "reset": "Ctrl+Shift+R",
             "quiz": "Ctrl+Shift+P", "gif": "Ctrl+G", "pdf": "Ctrl+P"}


class Lab:
    """Everything the lab added to one window, reachable as `window.lab`."""

    def __init__(self, window):
        self.window = window
        self.controller = LabController(window)
        self.panel = WhatIfPanel(self.controller)
        self.compare = CompareView(self.controller)
        self.whatif_dock = self._dock("What if…", "whatIfDock", self.panel, Qt.LeftDockWidgetArea)
        self.compare_dock = self._dock("Runs compared", "compareDock", self.compare,
                                       Qt.BottomDockWidgetArea)
        window.tabifyDockWidget(window.timeline_dock, self.compare_dock)
        window.timeline_dock.raise_()
        panels = getattr(getattr(window, "diagram_first", None), "panels", None)
        if panels is not None:  # installed after a narrow first start folded the timeline
            panels.fold_along(self.compare_dock, window.timeline_dock)
        self.quiz = QuizBar(window, self.controller)
        page_layout = window.scenario_page.layout()
        page_layout.insertWidget(page_layout.indexOf(window.narration), self.quiz)
        self.marks = ChangedMarks(window, self.controller)
        self.banner = WhatIfBanner(window, self.controller)  # a what-if on, with the panel shut
        # Presentation mode shows only the diagram, the narration (and the quiz) to the class.
        window.presentation.hide_widgets.extend([self.whatif_dock, self.compare_dock])
        self.panel.compare_button.clicked.connect(self.show_compare)
        self._menus()
        # Closed until the Lab menu (or Ctrl+W) opens it, and narrow when it does: at 1280 px
        # a 380 px panel left the diagram too small to read.
        self.whatif_dock.setMinimumWidth(WHATIF_MIN_WIDTH)
        self.whatif_dock.hide()
        self.whatif_dock.visibilityChanged.connect(self._whatif_shown)
        self._whatif_sized = False
        state = window.settings.window_state() if hasattr(window, "settings") else None
        if state is not None:  # the window restores the layout (once) when the lab is in
            self._whatif_sized = True  # the user's own width comes back with their layout
        window.destroyed.connect(lambda *_: self.controller.shutdown())
        if self.controller.document is not None:
            self.quiz._document_opened()
            self.quiz_action.setChecked(self.quiz.active)  # window.lab is not set yet: said here

    def _whatif_shown(self, visible: bool) -> None:
        if visible and not self._whatif_sized and not self.whatif_dock.isFloating():
            self._whatif_sized = True  # first opening: a share of the window, at most WHATIF_WIDTH
            if self.window.width() < WHATIF_TAB_BELOW and self._tab_beside_side_panel():
                return
            width = max(WHATIF_MIN_WIDTH, min(WHATIF_WIDTH, int(self.window.width() * 0.2)))
            self.window.resizeDocks([self.whatif_dock], [width], Qt.Horizontal)

    def _tab_beside_side_panel(self) -> bool:
        """A narrow window: the What if… panel joins the open side panel (the inspector's
        group) as a tab in front, rather than taking a column of the diagram's width; the user
        may drag it out. False (nothing moved) when no side panel is open."""
        w = self.window
        sides = [d for d in (w.inspector_dock, w.timeline_dock)
                 if d.isVisible() and not d.isFloating()
                 and w.dockWidgetArea(d) in (Qt.RightDockWidgetArea, Qt.LeftDockWidgetArea)]
        if not sides:
            return False
        w.tabifyDockWidget(sides[0], self.whatif_dock)
        QTimer.singleShot(0, self.whatif_dock.raise_)  # in front once the tab bar exists
        return True

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        self.window.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, key: str, slot=None, checkable=False) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(SHORTCUTS[key]))
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(f"{text} ({SHORTCUTS[key]})")
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(slot)
        self.window.addAction(action)  # works in presentation mode, with the menus hidden
        return action

    def _menus(self) -> None:
        w, menus = self.window, self.window.menus
        self.whatif_action = self.whatif_dock.toggleViewAction()
        self.whatif_action.setText("&What if… panel")
        self.whatif_action.setShortcut(QKeySequence(SHORTCUTS["whatif"]))
        w.addAction(self.whatif_action)
        # Not the dock's toggleViewAction: the comparison shares a tab with the timeline, where
        # "visible" includes "hidden behind the timeline", so the toggle hid it on the first press.
        self.compare_action = self._action("Runs &compared", "compare",
                                           lambda _c=False: self.toggle_compare())
        self.reset_action = self._action("&Reset the what-ifs", "reset",
                                         lambda _c=False: self.controller.reset())
        self.quiz_action = self._action("&Predict the next step", "quiz",
                                        lambda on: self.quiz.set_active(on), checkable=True)
        self.quiz_action.setChecked(self.quiz.active)
        self.menu = QMenu("&Lab", w)
        w.menuBar().insertMenu(menus.help.menuAction(), self.menu)
        for action in (self.whatif_action, self.compare_action, None, self.reset_action,
                       self.quiz_action):
            self.menu.addSeparator() if action is None else self.menu.addAction(action)
        menus.view.addAction(self.whatif_action)
        menus.view.addAction(self.compare_action)
        self.gif_action = self._action("Export animated &GIF…", "gif", lambda: self.export("gif"))
        self.pdf_action = self._action("Export P&DF storyboard…", "pdf", lambda: self.export("pdf"))
        quit_action = next((a for a in menus.file.actions() if a.text() == "&Quit"), None)
        before = _separator_before(menus.file, quit_action)
        menus.file.insertAction(before, self.gif_action)
        menus.file.insertAction(before, self.pdf_action)

    def compare_in_front(self) -> bool:
        """Shown and not a tab behind the timeline (Qt keeps such a tab 'visible', off-screen)."""
        dock = self.compare_dock
        return dock.isVisible() and (dock.isFloating() or not dock.visibleRegion().isEmpty())

    def toggle_compare(self) -> None:
        """Ctrl+D: bring the comparison to the front; when it already is, give its place back to
        the dock it shares a tab with (the timeline), or close it when it stands alone."""
        if self.window.presentation.active:
            return
        if not self.compare_in_front():
            self.show_compare()
            return
        sharing = [d for d in self.window.tabifiedDockWidgets(self.compare_dock) if d.isVisible()]
        sharing.sort(key=lambda d: d is not self.window.timeline_dock)  # the timeline first
        if sharing and not self.compare_dock.isFloating():
            sharing[0].raise_()
        else:
            self.compare_dock.hide()

    def show_compare(self) -> None:
        """Bring the comparison forward, tall enough to read the rows around the difference
        (not in presentation mode: the class sees only the diagram and the caption)."""
        if self.window.presentation.active:
            return
        locks = dock_locks(self.window)
        if locks.is_locked(self.compare_dock):  # the quiz: it lists the steps to come
            locks.want(self.compare_dock)
            self.window.statusBar().showMessage(
                "Runs compared opens when the quiz is turned off: it lists the steps to come.", 6000)
            return
        self.compare_dock.show()
        self.compare_dock.raise_()
        height = max(self.compare_dock.height(), int(self.window.height() * 0.36))
        self.window.resizeDocks([self.compare_dock], [height], Qt.Vertical)
        QTimer.singleShot(0, self.compare.scroll_to_first)

    # ---- export
    def export(self, kind: str, path: str | None = None, first: int | None = None,
               last: int | None = None) -> int:
        """File → Export GIF/PDF: ask for a range and a file unless given; returns frames/pages."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox  # dialogs: made when first used

        w = self.window
        trace = w.playback.trace
        if w.document is None or not len(trace):
            return 0
        if (getattr(trace, "summary", None) or {}).get("partial"):
            QMessageBox.information(w, "Not exported yet", still_running_text(len(trace), kind))
            return 0
        if first is None or last is None:
            picked = ask_range(w, len(trace), kind, w.playback.index)
            if picked is None:
                return 0
            first, last = picked
        if path is None:
            stem = w.document.path.stem if w.document.path else "run"
            default = str(Path.cwd() / f"{stem}-steps{first + 1}-{last + 1}.{kind}")
            path, _ = QFileDialog.getSaveFileName(w, f"Export {kind.upper()}", default, f"*.{kind}")
            if not path:
                return 0
        return self._write(kind, path, first, last)

    def _write(self, kind: str, path: str, first: int, last: int) -> int:
        from PySide6.QtWidgets import QMessageBox, QProgressDialog

        from app.ui.slides import export_run

        w = self.window
        count = last - first + 1
        dialog = QProgressDialog(f"Writing {Path(path).name}…", "Cancel", 0, count, w)
        dialog.setAttribute(Qt.WA_DeleteOnClose)  # one was left behind per export
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(500)

        def progress(done: int, _total: int) -> bool:
            dialog.setValue(done)
            return not dialog.wasCanceled()

        legend = w.canvas.legend is None or w.canvas.legend.isVisible()
        try:
            written = export_run(kind, self.controller.scenario, w.playback.trace, path, first, last,
                                 graph=w.canvas.graph, positions=w.canvas.node_positions(),
                                 palette=w.canvas.palette_colours, legend=legend, progress=progress,
                                 banner=self.banner.text())  # a what-if says so on every page
        except (OSError, ValueError) as error:  # FileWriteError names the path and what to do
            dialog.close()
            QMessageBox.warning(w, "Not exported", str(error))
            return 0
        dialog.close()
        what = "frames" if kind == "gif" else "pages"
        w.statusBar().showMessage(f"Exported {path} ({written} {what})", 8000)
        return written


def still_running_text(shown: int, kind: str) -> str:
    """Why a GIF/PDF is not written while the player shows only a re-run's first steps."""
    return (f"The what-if is still running: the player shows only its first {shown:,} steps, "
            f"not the whole run. Export the {kind.upper()} when the whole run is shown (the "
            f"busy bar in the status bar goes away), or press Cancel there to go back to the "
            f"run before it.")


def _separator_before(menu, action):
    """The separator just above `action` (so exports join the other exports), else `action`."""
    actions = menu.actions()
    if action is None or action not in actions:
        return None
    i = actions.index(action)
    return actions[i - 1] if i and actions[i - 1].isSeparator() else action


LONG_RUN = 60  # steps; a longer run is offered from the current step, one slide's worth


def ask_range(window, total: int, kind: str, current: int = 0) -> tuple[int, int] | None:
    """From/to step numbers (as the window shows them, from 1); returns 0-based indices."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox

    dialog = QDialog(window)
    dialog.setWindowTitle(f"Export {kind.upper()}")
    form = QFormLayout(dialog)
    first, last = QSpinBox(), QSpinBox()
    for box in (first, last):
        box.setRange(1, total)
    start = 0 if total <= LONG_RUN else max(0, current)
    first.setValue(start + 1)
    last.setValue(min(total, start + LONG_RUN))
    form.addRow(QLabel("Which steps? The whole run, or a part of it for one slide."))
    form.addRow("From step", first)
    form.addRow("To step", last)
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.Accepted:
        return None
    a, b = sorted((first.value(), last.value()))
    return a - 1, b - 1


def install_lab(window) -> Lab:
    """Add the lab to `window` once; later calls return the same Lab."""
    existing = getattr(window, "lab", None)
    if isinstance(existing, Lab):
        return existing
    window.lab = Lab(window)
    return window.lab
