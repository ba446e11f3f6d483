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


def test_window_banner_and_export_of_the_same_edit_say_the_same_words(qtbot, tmp_path, monkeypatch):
    """The switch flipped in the window and `export --set` with its edit: one line (item 3);
    the window's own File → Export PDF carries it on every page."""
    import app.ui.slides as slides
    from app.lab.whatif_words import edited_run_banner

    window, lab = lab_window(qtbot, tmp_path, "orders-sqs")
    flip(qtbot, lab, PBR, False)
    said = lab.banner.text()
    edit = ["resources.orders-to-fulfil-orders.function_response_types=[]"]
    assert said == edited_run_banner(window.document.scenario, edit, len(window.playback.trace))
    banners = []
    real = slides.paint_slide
    monkeypatch.setattr(slides, "paint_slide", lambda *a, **k: (banners.append(a[5] if len(a) > 5 else k.get("banner")), real(*a, **k))[1])
    assert lab.export("pdf", str(tmp_path / "w.pdf"), 16, 18) == 3
    assert banners == [said] * 3
