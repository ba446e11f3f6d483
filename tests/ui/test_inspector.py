"""The inspector: permission decision, payload, status/headers, node configuration and state."""

import json

import pytest
from PySide6.QtWidgets import QApplication

from window_fixtures import jpeg_bytes, photo_scenario, photo_trace, shown_inspector

from app.playback import Playback
from app.ui.inspector import Inspector, find_images, resource_config
from app.ui.json_tree import KEY_SHARE, JsonTree, describe_bytes


@pytest.fixture
def inspector(qtbot):
    return shown_inspector(qtbot)


def test_allowed_invoke_shows_principal_action_and_matched_statement(inspector):
    """Step 3: S3 allowed by the function's resource-based policy statement AllowS3Invoke."""
    inspector.playback.seek(2)
    box = inspector.permission
    assert box.isVisibleTo(inspector) and box.property("decision") == "allow"
    assert "ALLOWED" in box.verdict.text()
    details = box.details.text()
    for text in ("s3.amazonaws.com", "lambda:InvokeFunction", "AllowS3Invoke"):
        assert text in details


def test_denied_call_shows_a_stop_glyph_and_the_reason(inspector):
    """Step 6: the denied PutObject reads DENIED with ⊘ and says why."""
    inspector.playback.seek(5)
    box = inspector.permission
    assert box.property("decision") == "deny"
    assert box.verdict.text().startswith("⊘") and "DENIED" in box.verdict.text()
    assert "No statement allows s3:PutObject on photos." in box.details.text()


def test_step_without_decision_hides_the_box(inspector):
    """A plain request step has no permission box."""
    inspector.playback.seek(1)
    assert not inspector.permission.isVisibleTo(inspector)


def test_status_headers_and_payload_tree(inspector):
    """The invoke step shows 202, its headers and a tree whose keys are the payload's."""
    inspector.playback.seek(3)
    assert "Status 202" in inspector.status.text()
    assert "x-amzn-RequestId: req-1" in inspector.status.text()
    assert inspector.payload.find_items("eventName")[0].text(1) == '"ObjectCreated:Put"'


def test_copy_json_copies_the_exact_payload(inspector):
    """Copy JSON puts the step's payload on the clipboard as JSON equal to the payload."""
    inspector.playback.seek(3)
    inspector.payload.copy_button.click()
    assert json.loads(QApplication.clipboard().text()) == inspector.playback.step.payload


def test_default_node_is_the_step_target_with_its_configuration(inspector):
    """At the invoke step the node shown is make-thumbnail with its role and memory."""
    inspector.playback.seek(3)
    assert inspector.node == "make-thumbnail"
    assert inspector.config.data["role"] == "thumbnail-role"
    assert inspector.config.data["memory_size"] == 512
    assert "function" in inspector.node_box.title()


def test_bucket_state_previews_its_jpeg(inspector):
    """The photos bucket holds a JPEG in state: one preview image is shown, loaded from bytes."""
    inspector.select_node("photos")
    assert len(inspector.images.labels) == 1
    pixmap = inspector.images.labels[0].pixmap()
    assert not pixmap.isNull() and pixmap.width() == 64
    assert inspector.state.find_items("size")[0].text(1) == "1234"


def test_body_refs_resolve_through_trace_blobs():
    """S3 keeps bodies in trace.blobs and state holds a body_ref: previews follow the ref."""
    image = jpeg_bytes()
    state = {"objects": {"a.jpg": {"size": len(image), "body_ref": "etag1"},
                         "b.txt": {"size": 2, "body_ref": "etag2"}}}
    found = find_images(state, {"etag1": image, "etag2": b"hi"})
    assert found == [("objects/a.jpg", image)]


def test_service_nodes_are_described():
    """The lambda and sts service nodes have a description, not a resource configuration."""
    assert "queues asynchronous events" in resource_config(None, "lambda")["what it does"]
    assert "AssumeRoleWithWebIdentity" in resource_config(None, "sts")["what it does"]


def test_json_tree_describes_bytes_instead_of_dumping_them(qtbot):
    """Bytes in a document are shown as '<JPEG image, N bytes>'."""
    tree = JsonTree("x")
    qtbot.addWidget(tree)
    image = jpeg_bytes()
    tree.set_data({"Body": image})
    assert tree.find_items("Body")[0].text(1) == json.dumps(describe_bytes(image))
    assert describe_bytes(image).startswith("<JPEG image,")


def test_a_branch_opened_by_hand_stays_open_on_the_next_step(qtbot):
    """Expanding a deep key survives set_data with a new document that has the same key."""
    tree = JsonTree("x")
    qtbot.addWidget(tree)
    deep = {"a": {"b": {"c": {"d": 1}}}}
    tree.set_data(deep)
    item = tree.find_items("c")[0]
    assert not item.isExpanded()  # deeper than the default levels
    item.setExpanded(True)
    tree.set_data({"a": {"b": {"c": {"d": 2}}}})
    assert tree.find_items("c")[0].isExpanded()
    assert tree.find_items("d")[0].text(1) == "2"


def test_a_long_key_leaves_room_for_the_values(qtbot):
    """A key wider than the tree is cut (whole in its tooltip) so the value column stays in view."""
    tree = JsonTree("x")
    qtbot.addWidget(tree)
    tree.resize(400, 300)
    tree.show()
    long_key = "sales-stream-to-aggregate/shardId-00000001767225600000-b05f7852" * 2
    tree.set_data({long_key: {"checkpoint": 3}, "item_count": 2})
    assert tree.tree.columnWidth(0) <= tree.tree.viewport().width() * KEY_SHARE  # 0.7 since 0023
    assert tree.tool_tip(tree.find_items(long_key)[0], 0) == long_key


def test_image_strip_replaces_its_previews_at_once(qtbot):
    """New images replace the old ones in the strip at once, not when the event loop next runs."""
    from app.ui.inspector import ImageStrip

    strip = ImageStrip()
    qtbot.addWidget(strip)
    image = jpeg_bytes()
    strip.set_images([("a/cat.jpg", image)])
    strip.set_images([("b/cat.jpg", image)])
    assert strip._layout.count() == 1 and len(strip.labels) == 1
