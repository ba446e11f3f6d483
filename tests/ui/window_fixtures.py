"""Hand-built scenarios and traces for the window tests, independent of the engine.

The engine tests own the engine's correctness; here we only need a small trace whose every field
we know, to check that the widgets agree with it.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from ruamel.yaml import YAML

from app.engine.trace import PermissionDecision, Recorder
from app.scenario.models import Scenario
from app.ui.document import Document

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def jpeg_bytes(colour=(200, 120, 40), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def photo_scenario() -> Scenario:
    data = YAML(typ="safe").load((SCENARIOS / "photo-thumbnails.yaml").read_text())
    return Scenario.model_validate(data)


def photo_trace():
    """Six steps of the S3 push flow, with a deny, a cold start and bucket state holding a JPEG."""
    clock = {"now": 0.0}
    rec = Recorder(lambda: clock["now"])
    rec.set_state("photos", "objects", {"holiday/cat.jpg": {"size": 1234, "body": jpeg_bytes()}})
    rec.record("request", "user", "photos", "push", "PutObject photos/holiday/cat.jpg",
               "The user uploads cat.jpg to the photos bucket.", chapter_step=1,
               payload={"Bucket": "photos", "Key": "holiday/cat.jpg"})
    clock["now"] = 20.0
    rec.record("detect", "photos", "photos", "push", "ObjectCreated:Put",
               "S3 notices the new object.", chapter_step=2)
    allow = PermissionDecision("allow", "s3.amazonaws.com", "lambda:InvokeFunction",
                               "arn:aws:lambda:us-east-1:123456789012:function:make-thumbnail",
                               "resource-based policy of make-thumbnail", matched="AllowS3Invoke")
    clock["now"] = 40.0
    rec.record("permission-check", "photos", "make-thumbnail", "push", "S3 may invoke make-thumbnail",
               "Lambda checks the function's resource-based policy: S3 is allowed.",
               permission=allow, chapter_step=3)
    clock["now"] = 45.0
    rec.set_state("lambda", "async_queue", ["event-1"])
    rec.record("invoke", "photos", "make-thumbnail", "push", "Invoke (Event)",
               "S3 invokes make-thumbnail asynchronously.", status=202,
               headers={"x-amzn-RequestId": "req-1"}, chapter_step=3,
               payload={"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "photos"}}}]})
    clock["now"] = 300.0
    rec.record("init", "lambda", "make-thumbnail", "internal", "Cold start",
               "Lambda creates a new execution environment.", tags=("cold-start",))
    deny = PermissionDecision("deny", "make-thumbnail/thumbnail-role", "s3:PutObject",
                              "arn:aws:s3:::photos/x.jpg", "identity policy of thumbnail-role",
                              reason="No statement allows s3:PutObject on photos.")
    clock["now"] = 700.0
    rec.record("sdk-call", "make-thumbnail", "photos", "push", "PutObject denied",
               "The function tries to write into photos and is denied.", permission=deny,
               status=403, tags=("denied",))
    return rec.finish(seed=1)


def photo_document() -> Document:
    return Document(SCENARIOS / "photo-thumbnails.yaml", photo_scenario(), photo_trace())


def make_window(qtbot, tmp_path, document: Document | None = None):
    """A MainWindow with settings in tmp_path (never the user's), shown offscreen."""
    from PySide6.QtCore import QStandardPaths

    from app.ui.document import build_document
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    QStandardPaths.setTestModeEnabled(True)
    window = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    if document is not None:
        document = build_document(document.path, document.scenario, document.trace)
        window.set_document(document)
    return window


def open_and_wait(qtbot, window, path, timeout=60_000):
    """Open a file through the background loader and wait until the window shows it."""
    with qtbot.waitSignal(window.document_changed, timeout=timeout) as blocker:
        window.open_path(path)
    return blocker.args[0]


def shown_timeline(qtbot):
    """A Timeline over photo_trace() at 900x400, shown offscreen."""
    from app.playback import Playback
    from app.ui.timeline import Timeline

    widget = Timeline(Playback(photo_trace()))
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_inspector(qtbot):
    """An Inspector over photo_trace() with photo_scenario() at 500x900, shown offscreen."""
    from app.playback import Playback
    from app.ui.inspector import Inspector

    widget = Inspector(Playback(photo_trace()))
    widget.set_scenario(photo_scenario())
    qtbot.addWidget(widget)
    widget.resize(500, 900)
    widget.show()
    return widget


def settle_presentation(qtbot, window, timeout: int = 20_000) -> None:
    """Wait until presentation mode has finished laying the window out: active, full screen at
    the screen's size, its caption fitted, and nothing moving any more (window, diagram,
    caption, quiz bar, and the diagram's fit) from one turn of the event loop to the next.
    Entering goes through deferred steps (the full-screen resize, the caption's fit, the
    diagram's refit, each queued after the one before): on a loaded machine a fixed wait
    ended before the last of them, and the test measured a window still changing."""
    from PySide6.QtWidgets import QApplication

    seen: list = []

    def layout():
        canvas, quiz = window.canvas, getattr(getattr(window, "lab", None), "quiz", None)
        centre = canvas.mapToScene(canvas.viewport().rect().center())
        return (window.geometry(), canvas.geometry(), window.narration.geometry(),
                quiz.geometry() if quiz is not None else None,
                round(canvas.zoom_factor(), 6), round(centre.x(), 2), round(centre.y(), 2))

    def still() -> bool:
        QApplication.sendPostedEvents()  # deferred calls (QTimer.singleShot(0, …)) and layouts
        QApplication.processEvents()
        seen.append(layout())
        screen = window.screen().geometry()
        return (window.presentation.active and window.geometry() == screen
                and not window.presentation._fit_pending and len(seen) > 1 and seen[-1] == seen[-2])

    qtbot.waitUntil(still, timeout=timeout)
