"""A teacher's what-if, seen in the window (teacher's report, items 1, 2 and 4): the diagram
redraws every text derived from the configuration, the banner says the new value, and the
status line never claims a step the player has left."""

from __future__ import annotations

from lab_fixtures import flip, lab_window

PBR = "knob:orders-to-fulfil-orders:report_batch_item_failures"


def _edge_label(window, u, v, key):
    return window.canvas.item_for_edge[(u, v, key)].label


def test_partial_batch_responses_off_redraws_the_mapping_label(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path, "orders-sqs")
    assert "partial failures" in _edge_label(window, "lambda", "fulfil-orders", "event-source-mapping")
    flip(qtbot, lab, PBR, False)
    assert _edge_label(window, "lambda", "fulfil-orders", "event-source-mapping") == "batches ≤ 5"


def test_reserved_concurrency_is_a_node_subtitle_from_the_configuration(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path, "traffic-spike")
    node = window.canvas.item_for_node["price-order"]
    assert "5" not in node.label  # the name is a name; the setting is drawn from the setting
    assert "reserved concurrency 5" in node.sublabel
    flip(qtbot, lab, "knob:price-order:reserved", 2)
    assert "reserved concurrency 2" in window.canvas.item_for_node["price-order"].sublabel


def test_banner_says_the_new_value(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path, "orders-sqs")
    flip(qtbot, lab, PBR, False)
    assert "partial batch responses (ReportBatchItemFailures) off" in lab.banner.label.text()
    window, lab = lab_window(qtbot, tmp_path, "traffic-spike")
    flip(qtbot, lab, "knob:price-order:reserved", 2)
    assert "price-order: reserved concurrency 5 → 2" in lab.banner.label.text()


def test_the_status_line_does_not_claim_a_step_the_player_left(qtbot, tmp_path):
    window, lab = lab_window(qtbot, tmp_path, "orders-sqs")
    window.playback.seek(0)
    flip(qtbot, lab, PBR, False)
    window.playback.seek(17)  # the teacher steps on to step 18
    qtbot.wait(20)
    for text in (window.statusBar().currentMessage(), lab.panel.status.text()):
        assert "is at step 1." not in text, text
