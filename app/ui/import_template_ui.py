"""File → Import SAM/CloudFormation template…: pick a template, pick where the lesson goes,
import it (app.importers, Qt-free) off the GUI thread (the first import loads AWS's translator,
about a second; docs/decisions/0013), then open the lesson. What was left out and what was
guessed is said in a message after the lesson opens (and sits at the top of the lesson file)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox

TEMPLATE_FILTER = "SAM or CloudFormation templates (*.yaml *.yml *.json *.template);;All files (*)"


class _Import(QObject):
    """Carries one import's result from the worker thread to the GUI thread (queued signal)."""

    done = Signal(object)

    def __init__(self, window, target: str) -> None:
        super().__init__(window)
        self.window, self.target = window, target
        self.done.connect(self.finish)

    @Slot(object)
    def finish(self, future: Future) -> None:
        window = self.window
        window.statusBar().clearMessage()
        self.deleteLater()
        try:
            result = future.result()
        except Exception as error:  # noqa: BLE001 - TemplateError, MissingExtra, OSError: said
            QMessageBox.warning(window, "Not imported", str(error))
            return
        window.open_path(self.target)
        lines = [f"Wrote {self.target}."]
        for title, items in (("Not simulated", result.left_out), ("Guessed", result.guessed)):
            if items:
                shown = "\n".join(f"• {item}" for item in items[:12])
                more = (f"\n… and {len(items) - 12} more (see the top of the lesson file)"
                        if len(items) > 12 else "")
                lines.append(f"{title}:\n{shown}{more}")
        QMessageBox.information(window, "Template imported", "\n\n".join(lines))


def import_template_dialog(window) -> bool:
    """Ask for a template and a lesson path, then import, write and open the lesson on a worker
    thread. Returns True when an import was started (the outcome is shown when it ends: the
    lesson opens, or a message box says why the template was refused)."""
    start = str(window.start_page.folder)
    source, _ = QFileDialog.getOpenFileName(window, "Import a SAM or CloudFormation template",
                                            start, TEMPLATE_FILTER)
    if not source:
        return False
    default = Path(source).with_name(Path(source).stem + ".lesson.yaml")
    target, _ = QFileDialog.getSaveFileName(window, "Save the imported lesson as", str(default),
                                            "Scenario files (*.yaml *.yml)")
    if not target:
        return False
    from app.ui.run_controller import start_worker

    def job(_cancel):
        from app.importers import import_template
        from app.ui.file_writes import write_bytes

        result = import_template(source, lesson_path=target)
        write_bytes(target, result.text.encode("utf-8"))
        return result

    carrier = _Import(window, target)
    window.statusBar().showMessage(f"Importing {Path(source).name}…")
    future, _ = start_worker(job)
    future.add_done_callback(carrier.done.emit)
    return True
