"""File → Import SAM/CloudFormation template…: pick a template, pick where the lesson goes,
import it (app.importers, Qt-free) and open the lesson. What was left out and what was guessed
is said in a message after the lesson opens (and sits at the top of the lesson file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

TEMPLATE_FILTER = "SAM or CloudFormation templates (*.yaml *.yml *.json *.template);;All files (*)"


def import_template_dialog(window) -> Path | None:
    """Ask for a template and a lesson path, import, write and open the lesson. Returns the
    lesson's path, or None when cancelled or refused (the reason is shown in a message box)."""
    start = str(window.start_page.folder)
    source, _ = QFileDialog.getOpenFileName(window, "Import a SAM or CloudFormation template",
                                            start, TEMPLATE_FILTER)
    if not source:
        return None
    default = Path(source).with_name(Path(source).stem + ".lesson.yaml")
    target, _ = QFileDialog.getSaveFileName(window, "Save the imported lesson as", str(default),
                                            "Scenario files (*.yaml *.yml)")
    if not target:
        return None
    from app.importers import MissingExtra, TemplateError, import_template
    from app.ui.file_writes import write_bytes

    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        result = import_template(source, lesson_path=target)
        write_bytes(target, result.text.encode("utf-8"))
    except (MissingExtra, TemplateError, OSError) as error:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Not imported", str(error))
        return None
    QApplication.restoreOverrideCursor()
    window.open_path(target)
    lines = [f"Wrote {target}."]
    for title, items in (("Not simulated", result.left_out), ("Guessed", result.guessed)):
        if items:
            shown = "\n".join(f"• {item}" for item in items[:12])
            more = f"\n… and {len(items) - 12} more (see the top of the lesson file)" if len(items) > 12 else ""
            lines.append(f"{title}:\n{shown}{more}")
    QMessageBox.information(window, "Template imported", "\n\n".join(lines))
    return Path(target)
