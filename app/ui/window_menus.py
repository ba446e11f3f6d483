"""The window's menus: File (open, recent, reload, save layout, export), View (zoom, theme,
presentation, panels), Playback and Help. Kept apart from main_window.py so that file stays about
the layout and the document, and this one about commands and their shortcuts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from app import __version__
from app.ui.themes import THEMES

YAML_FILTER = "Scenario files (*.yaml *.yml)"
# What "lambda-behaviour.md §7" in narration and predictions refers to (shipped in the repository).
REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "lambda-behaviour.md"
DIALOGS = ("QFileDialog", "QMessageBox")  # imported when a command first needs one, not at start


def __getattr__(name: str):
    """`QFileDialog` and `QMessageBox`, imported on first use: making their Python classes (and
    their enums) cost the window's first paint a few ms (0018-start-up). Tests patch them here."""
    if name in DIALOGS:
        from PySide6 import QtWidgets

        return getattr(QtWidgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class WindowMenus:
    def __init__(self, window):
        self.window = window
        bar = window.menuBar()
        self.file = bar.addMenu("&File")
        self.view = bar.addMenu("&View")
        self.play = bar.addMenu("&Playback")
        self.help = bar.addMenu("&Help")
        self._file_menu()
        self._view_menu()
        for action in window.playback_actions.all:
            self.play.addAction(action)
        self.reference_action = self.help.addAction("Lambda facts and their sources (§)",
                                                    self.open_reference)
        self.help.addAction("About LambdaScope", self.about)
        self.help.addAction("Where is the error log?", self.show_log_location)

    def _add(self, menu, text: str, slot, key: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if key:
            action.setShortcut(QKeySequence(key))
        action.setToolTip(f"{tip or text} ({key})" if key else (tip or text))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _file_menu(self) -> None:
        w = self.window
        self.open_action = self._add(self.file, "&Open…", self.open_dialog, "Ctrl+O")
        self.recent = self.file.addMenu("Open &Recent")
        self.builtin_action = self._add(self.file, "&Built-in scenarios…", w.show_start_page,
                                        "Ctrl+Shift+O")
        self.import_action = self._add(self.file, "&Import SAM/CloudFormation template…",
                                       lambda: _import_template(w))
        self.reload_action = self._add(self.file, "&Reload", w.reload, "Ctrl+R",
                                       "Re-read the file, staying at this step")
        self.file.addSeparator()
        self.save_layout_action = self._add(self.file, "&Save layout", self.save_layout, "Ctrl+S",
                                            "Write the positions of the nodes you dragged into "
                                            "the scenario file")
        self.save_layout_as_action = self._add(self.file, "Save layout &as…", self.save_layout_as,
                                               "Ctrl+Shift+S",
                                               "Write a copy of the scenario with your layout")
        self._add(self.file, "Export &PNG…", lambda: self.export("png"), "Ctrl+E")
        self._add(self.file, "Export S&VG…", lambda: self.export("svg"), "Ctrl+Shift+E")
        self.file.addSeparator()
        self._add(self.file, "&Quit", w.close, "Ctrl+Q")
        self.refresh_recent()

    def _view_menu(self) -> None:
        w = self.window
        for name in ("zoom_in_action", "zoom_out_action", "fit_action"):
            action = getattr(w.canvas, name, None)
            if action is not None:
                self.view.addAction(action)
                w.addAction(action)
        key = getattr(w, "key_toggle", None)
        if key is not None:
            self.view.addAction(key.action)
        self.view.addSeparator()
        self.view.addAction(w.presentation.enter_action)
        theme_menu = self.view.addMenu("&Theme")
        self.theme_group = QActionGroup(w)
        self.theme_actions = {}
        for name, label in THEMES.items():
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, n=name: w.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.check_theme(w.theme)
        self.view.addSeparator()
        self.view.addAction(w.timeline_dock.toggleViewAction())
        self.view.addAction(w.inspector_dock.toggleViewAction())

    # ---- commands
    def open_dialog(self) -> None:
        """File → Open, starting in the folder of the file that is open (else of the last file
        opened, else the bundled scenarios): a student's homework is next to their file."""
        start = str(self.open_folder())
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.window, "Open a scenario", start, YAML_FILTER)
        if path:
            self.window.open_path(path)

    def open_folder(self) -> Path:
        """Where File → Open starts: the open file's folder, else the most recent file's (one
        that still exists), else the bundled scenarios."""
        document = self.window.document
        candidates = [getattr(document, "path", None), *self.window.settings.recent_files]
        for path in candidates:
            if path and Path(path).parent.is_dir():
                return Path(path).parent
        return Path(self.window.start_page.folder)

    def refresh_recent(self) -> None:
        self.recent.clear()
        files = self.window.settings.recent_files
        for path in files:
            action = self.recent.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.window.open_path(p))
        self.recent.setEnabled(bool(files))

    def check_theme(self, name: str) -> None:
        if name in self.theme_actions:
            self.theme_actions[name].setChecked(True)

    def save_layout(self) -> None:
        from app.ui.layout_save_ui import save_layout  # messages, built-ins, links: see there

        save_layout(self.window)

    def save_layout_as(self) -> None:
        from app.ui.layout_save_ui import save_layout_as

        save_layout_as(self.window)

    def export(self, kind: str) -> None:
        w = self.window
        if w.document is None:
            return
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        default = str(Path.cwd() / f"{w.document.path.stem}-step{w.playback.index + 1}.{kind}")
        path, _ = QFileDialog.getSaveFileName(w, f"Export {kind.upper()}", default, f"*.{kind}")
        if not path:
            return
        from app.ui import render

        writer = render.render_png if kind == "png" else render.render_svg
        try:
            lab = getattr(w, "lab", None)  # a what-if run says so on the picture, as on screen
            banner = lab.banner.text() if lab is not None else None
            writer(w.canvas, path, caption=w.current_caption(), banner=banner)
        except OSError as error:  # a FileWriteError: the path and what to do
            QMessageBox.warning(w, "Not exported", str(error))
            return
        w.statusBar().showMessage(f"Exported {path}", 5000)

    def open_reference(self) -> None:
        """docs/reference/lambda-behaviour.md, where every "§N" of the narration and the
        predictions is a section, in the system's viewer for Markdown (or its text editor)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        if not REFERENCE.is_file() or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(REFERENCE))):
            QMessageBox.information(self.window, "Lambda facts and their sources",
                                    f"The reference is the file\n{REFERENCE}")

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self.window, "About LambdaScope",
                          f"LambdaScope {__version__}\nSteps through how AWS Lambda is invoked, "
                          "on a simulated engine. Nothing talks to AWS.")

    def show_log_location(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.ui.crash import log_path

        QMessageBox.information(self.window, "Error log",
                                f"Unexpected errors are written to\n{log_path()}")


def _import_template(window) -> None:
    from app.ui.import_template_ui import import_template_dialog  # docs/importing.md

    import_template_dialog(window)


def build_menus(window) -> WindowMenus:
    return WindowMenus(window)
