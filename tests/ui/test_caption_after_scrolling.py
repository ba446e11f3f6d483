"""A narration that scrolls in the window hides its part line with a bottom viewport margin
(narration._whole_lines). Presenting, the caption sizes its narration to whole lines itself:
a margin set before the caption's room was known (caption mode on, room not yet given, as
`export --present` and F5 do it) hid the caption's last line through its middle
(traffic-spike step 34 presented at 1024x600)."""

from __future__ import annotations

from window_fixtures import SCENARIOS, make_window

from app.ui.document import load_document

LONG_STEP = 33  # traffic-spike step 34: a throttle's six-line narration and its SDK-retry note


def test_a_caption_shows_every_line_a_scrolling_fit_had_hidden(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.resize(1024, 600)
    window.set_document(load_document(SCENARIOS / "traffic-spike.yaml"), LONG_STEP)
    panel = window.narration
    area = panel.text_area
    qtbot.waitUntil(lambda: panel._compact, timeout=10_000)  # a short window: two lines
    panel.set_caption_mode(True, 40)  # the room comes later, after presentation's own layout
    panel._fit_text()
    assert area.viewportMargins().bottom() > 0  # the window's fit: the text scrolls here
    panel.set_caption_room(420)
    qtbot.wait(10)
    assert area.viewportMargins().bottom() == 0
    assert area.viewport().height() >= panel.text.heightForWidth(area.viewport().width())
