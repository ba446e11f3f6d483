"""The window's documents: opening a scenario file on a worker thread, reloading it, showing
the document that loaded, and what a failed or cancelled load leaves on screen (the errors
panel, the start page). Over a cached picture of the last start (docs/decisions/0018-start-up.md)
the real load either confirms it (same file, same bytes: the step stays) or replaces it.

`WindowDocuments` is a part of app.ui.main_window.MainWindow, kept in its own file so each
stays small; it uses the window's loader, playback, canvas, inspector, errors panel and menus.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from app.ui.document import Document, LoadFailure


class WindowDocuments:
    """MainWindow's methods for documents (mixed into it; not a widget of its own)."""

    def open_path(self, path: str | Path, keep_index: int | None = None) -> None:
        """Load a scenario file in the background; the current one stays until it is ready."""
        self.statusBar().showMessage(f"Opening {path} …")
        self.loader.load(Path(path), request=keep_index)

    def watch_load(self, future, keep_index: int | None = None, path: Path | None = None) -> None:
        """Show a document whose loading started before the window existed (the launcher);
        `path` names the file in the status bar ("Checking …" over a cached picture)."""
        checking = path is not None and self.document is not None and self.document.cached
        self.loader.watch(future, keep_index, path,
                          f"Checking {Path(path).name}…" if checking else None)

    def reload(self) -> None:
        """Re-read the open file (after editing it), staying at the same step where possible;
        after a failed open, re-read the file that failed, as the errors panel tells the teacher."""
        failed = self._failed_path
        current = self.document.path if self.document is not None else None
        if failed is not None and failed != current:
            self.open_path(failed)
        elif current is not None:
            self.open_path(current, keep_index=self.playback.index)

    def set_document(self, document: Document, index: int = 0) -> None:
        """Show `document` (a loaded scenario and its trace) at step `index` (0-based): the
        player, diagram, narration and panels all move to it; nothing is returned."""
        self.playback.pause()
        self.document = document
        self._failed_path = None
        self.canvas.set_scenario(document.scenario, document.graph, document.positions)
        self._auto_fit = True
        QTimer.singleShot(0, self.canvas.fit_to_window)  # once the layout has sized the view
        if self._inspector is not None:  # else it reads the document when it is built
            self._inspector.set_scenario(document.scenario)
        self.playback.set_trace(document.trace, index)
        self.errors.hide()
        self.show_scenario()
        if document.path is not None:
            self.settings.add_recent(document.path)
            self.menus.refresh_recent()
        self.setWindowTitle(f"{document.title} — LambdaScope")
        timing = f" (loaded in {document.load_ms:.0f} ms)" if document.load_ms is not None else ""
        self.statusBar().showMessage(f"{document.title}: {len(document.trace):,} steps{timing}", 8000)
        self.document_changed.emit(document)

    def _confirms_cached(self, document: Document) -> bool:
        """Whether `document` is the real load of the cached one shown (same file, same bytes);
        any other load (Recent, start page, File > Open, a built-in) is a normal open."""
        shown = self.document
        if shown is None or not shown.cached or document.cached:
            return False
        try:
            same_file = Path(shown.path).resolve() == Path(document.path).resolve()
        except (OSError, RuntimeError, TypeError):
            return False
        return same_file and shown.source is not None and shown.source == document.source

    def _loaded(self, document: Document, keep_index: int | None) -> None:
        confirming = self._confirms_cached(document)
        if confirming and keep_index is None:
            keep_index = self.playback.index  # the real load confirms the cached picture: stay
        if confirming and hasattr(self.canvas, "set_animation_ms"):
            self.canvas.set_animation_ms(0)  # the same picture: the token stays where it rests
        self.confirming = self.document if confirming else None  # the same run (the lab's quiz)
        try:
            self.set_document(document, keep_index or 0)
        finally:
            self.confirming = None
        if confirming:
            self._speed_changed()  # the usual animation length again

    def _drop_cached(self) -> None:
        """The real load did not confirm the cached document: never keep showing it."""
        if self.document is not None and self.document.cached:
            self.document = None
            self.playback.set_trace(())  # the timeline and the inspector let go of its steps too
            if self._inspector is not None:
                self._inspector.set_scenario(None)
            self.setWindowTitle("LambdaScope")
            self.document_closed.emit()

    def _failed(self, failure: LoadFailure, _request) -> None:
        self._drop_cached()
        kept = self.document.title if self.document is not None else None
        self._failed_path = Path(failure.path)
        self.errors.show_problems(str(failure.path), failure.problems, kept, failure.details)
        if failure.details:  # not a problem with the file but a bug: keep it for the report
            from app.ui.crash import write_log

            try:
                write_log(failure.details)
            except OSError:
                pass
        again = " again" if self.errors.again else ""  # a reload that failed as well (#7)
        self.statusBar().showMessage(f"Could not open {failure.path}{again}", 8000)
        if not Path(failure.path).exists():  # a recent file that was moved or deleted
            self.settings.remove_recent(failure.path)
            self.menus.refresh_recent()
        if self.document is None:
            self.show_start_page()
        self.load_failed.emit(failure)

    def _load_cancelled(self, path: Path) -> None:
        """Cancel while opening: the open scenario stays (or the start page, if none was open)."""
        self.statusBar().showMessage(f"Stopped opening {Path(path).name}", 8000)
        self._drop_cached()
        if self.document is None:
            self.show_start_page()

    def _busy(self, busy: bool) -> None:
        if busy:
            QGuiApplication.setOverrideCursor(Qt.BusyCursor)
        else:
            QGuiApplication.restoreOverrideCursor()
