"""Which line a step's token travels along (teacher's report, photo-step4-slide.png): S3's
Invoke request goes to the Lambda service along "Invoke (Event)", not along the
"ObjectCreated:*" notification line (that line is the bucket's configuration: S3 detects the
event on it). Likewise SNS's and EventBridge's asynchronous Invokes; a direct synchronous
Invoke keeps its own "Invoke" line."""

from __future__ import annotations

import pytest
from canvas_fixtures import photo_canvas, step


@pytest.fixture
def view(qtbot):
    return photo_canvas(qtbot)


@pytest.mark.parametrize("kind", ["invoke", "permission-check"])
def test_s3s_invoke_travels_along_the_invoke_line(view, kind):
    view.show_step(step(kind, "photos", "make-thumbnail", payload={"Records": [{"s3": {}}]}))
    edge = view._active_edge
    assert edge is not None and edge.label == "Invoke (Event)"


def test_the_notification_line_still_carries_s3s_own_request(view):
    view.show_step(step("request", "user", "photos"))
    assert view._active_edge.label == "PutObject"
