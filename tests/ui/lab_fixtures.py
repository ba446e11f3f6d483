"""A window with the classroom lab installed and a built-in scenario loaded through the real engine."""

from __future__ import annotations

from window_fixtures import SCENARIOS, make_window

from app.ui.document import load_document
from app.ui.lab import install_lab

S3_PERMISSION = "permission:make-thumbnail:AllowS3Invoke"
# Removing s3:GetObject from the role: the code's GetObject is denied in the middle of the run.
READ_PERMISSION = "role-action:thumbnail-role:s3:GetObject"


def lab_window(qtbot, tmp_path, name: str = "photo-thumbnails"):
    """(window, lab) showing scenarios/<name>.yaml; install_lab returns the window's own lab."""
    qtbot.wait(1)  # a real event loop deletes the windows earlier tests closed (deleteLater)
    window = make_window(qtbot, tmp_path)
    lab = install_lab(window)
    window.set_document(load_document(SCENARIOS / f"{name}.yaml"))
    return window, lab


def first_difference(old, new) -> int | None:
    """Computed here without app.lab: the first index where kind, ends, status or verdict differ."""
    def what(s):
        return (s.kind, s.source, s.target, s.status, tuple(s.tags),
                s.permission.decision if s.permission else None)

    for i, (a, b) in enumerate(zip(old, new)):
        if what(a) != what(b):
            return i
    return None if len(old) == len(new) else min(len(old), len(new))


def settle(qtbot, lab, action, timeout=60_000):
    """Do `action()` (a flip, a click, a reset) and wait until the controller has shown its
    re-run, refused it or had it cancelled: every re-run goes to a worker thread."""
    with qtbot.waitSignal(lab.controller.settled, timeout=timeout):
        action()


def flip(qtbot, lab, switch_id: str, value, timeout=60_000) -> None:
    """Set one switch through the controller and wait for the window to show the result."""
    settle(qtbot, lab, lambda: lab.controller.set_value(switch_id, value), timeout)


def flip_watching_previews(qtbot, lab, switch_id: str, value, at_preview=lambda preview: None,
                           timeout=60_000) -> list:
    """`flip`, calling `at_preview(preview)` once when a long re-run's first steps show; the
    previews shown (the whole run is shown when this returns)."""
    previews = []

    def once(preview):
        if preview is not None and not previews:
            previews.append(preview)
            at_preview(preview)

    lab.controller.preview_shown.connect(once)
    flip(qtbot, lab, switch_id, value, timeout)
    return previews


def reset_lab(qtbot, lab, timeout=60_000) -> None:
    settle(qtbot, lab, lab.controller.reset, timeout)
