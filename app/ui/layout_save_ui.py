"""File → Save layout (Ctrl+S) and Save layout as…: the window's side of app.ui.layout_save.

Only the nodes the teacher dragged are written (the others keep following the automatic
layout). The product's own scenarios are never changed: Save layout offers Save layout as…
instead. Every problem (file deleted, changed or broken since it was opened, read-only, locked,
on a read-only disk) is a message naming the file and what to do, with Save layout as… offered
where that helps; never a traceback, and the file on disk is never left half-written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.ui.file_writes import FileWriteError, write_bytes
from app.ui.layout_save import (FileChanged, LayoutSaveError, add_positions, is_builtin,
                                moved_positions, read_source, save_positions)

YAML_FILTER = "Scenario files (*.yaml *.yml)"
SAVE_AS, OVERWRITE, CANCEL = "save-as", "overwrite", "cancel"


def message_box(window, title: str, text: str, choices: tuple[str, ...]):
    """`(box, {button: choice})`: a warning box offering `choices` (SAVE_AS, OVERWRITE, CANCEL)."""
    box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.NoButton, window)
    labels = {SAVE_AS: ("Save layout as…", QMessageBox.AcceptRole),
              OVERWRITE: ("Save into the changed file", QMessageBox.DestructiveRole),
              CANCEL: ("Cancel" if len(choices) > 1 else "OK", QMessageBox.RejectRole)}
    return box, {box.addButton(*labels[c]): c for c in choices}


def ask(window, title: str, text: str, choices: tuple[str, ...]) -> str:
    """Show `message_box` modally; returns the choice picked (CANCEL when closed). Tests and
    scripted runs replace this one function to answer without a dialog."""
    box, buttons = message_box(window, title, text, choices)
    box.exec()
    return buttons.get(box.clickedButton(), CANCEL)


def builtin_folder() -> Path:
    from app.ui.start_page import SCENARIOS_DIR

    return SCENARIOS_DIR


def moved(window) -> dict[str, tuple[float, float]]:
    """Nodes the teacher dragged away from where the file (or the layout) put them."""
    return moved_positions(window.document.positions, window.canvas.node_positions())


def save_layout(window) -> bool:
    """Ctrl+S: write the dragged nodes' positions into the open file; True when saved."""
    doc = window.document
    if doc is None or doc.path is None:
        return False
    if is_builtin(doc.path, builtin_folder()):
        text = (f"{doc.path.name} is one of LambdaScope's built-in scenarios, so it is not changed.\n\n"
                "Save layout as… writes a copy of it with your layout into a file of your own.")
        if ask(window, "Built-in scenario", text, (SAVE_AS, CANCEL)) == SAVE_AS:
            return save_layout_as(window)
        return False
    nodes = moved(window)
    if not nodes:
        window.statusBar().showMessage("No node was dragged: the layout in the file is unchanged.", 5000)
        return False
    try:
        try:
            written = save_positions(doc.path, nodes, getattr(doc, "source", None))
        except FileChanged as changed:
            text = (f"{changed}\n\nSave into the changed file writes only the positions of the nodes "
                    "you dragged into it; everything else in it stays as it is now.")
            choice = ask(window, "File changed on disk", text, (OVERWRITE, SAVE_AS, CANCEL))
            if choice == SAVE_AS:
                return save_layout_as(window)
            if choice != OVERWRITE:
                return False
            written = save_positions(doc.path, nodes, overwrite_changes=True)
    except (LayoutSaveError, FileWriteError) as error:
        text = f"The layout was not saved; {doc.path.name} is unchanged.\n\n{error}"
        if ask(window, "Layout not saved", text, (SAVE_AS, CANCEL)) == SAVE_AS:
            return save_layout_as(window)
        return False
    doc.source = read_source(doc.path)
    where = f" (through the link, into {written})" if written and doc.path.is_symlink() else ""
    window.statusBar().showMessage(f"Saved the positions of {len(nodes)} dragged node(s) into "
                                   f"{doc.path.name}{where}", 6000)
    return True


def save_layout_as(window, target: str | Path | None = None) -> bool:
    """Write the file as it was opened, plus the dragged positions, to a new file the user picks
    (or `target`); the window then saves into that file. True when written."""
    doc = window.document
    if doc is None or doc.path is None:
        return False
    if target is None:
        default = Path.home() / f"{doc.path.stem}-my-layout{doc.path.suffix or '.yaml'}"
        target, _ = QFileDialog.getSaveFileName(window, "Save layout as", str(default), YAML_FILTER)
        if not target:
            return False
    target = Path(target)
    source = getattr(doc, "source", None) or read_source(doc.path)
    try:
        if source is None:
            raise LayoutSaveError(f"{doc.path} can no longer be read, and its text was not kept when "
                                  "it was opened; nothing to copy.", doc.path)
        text = add_positions(source.decode("utf-8"), moved(window), doc.path)
        write_bytes(target, text.encode("utf-8"))
    except (LayoutSaveError, FileWriteError, UnicodeDecodeError) as error:
        ask(window, "Layout not saved", f"Nothing was written.\n\n{error}", (CANCEL,))
        return False
    doc.path, doc.source = target, text.encode("utf-8")
    window.statusBar().showMessage(f"Saved {target.name} with your layout; Ctrl+S now saves into it.", 6000)
    return True
