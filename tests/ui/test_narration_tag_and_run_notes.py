"""The narration widget: the chapter's step as its own tag, and what the run does not simulate
said once beside the position line, not as a red flag on every S3 step (issue 8)."""

from __future__ import annotations

from window_fixtures import SCENARIOS, make_window

from app.ui.document import load_document


def _at(window, kind):
    index = next(s.index for s in window.playback.trace if s.kind == kind)
    window.playback.seek(index)
    return window.playback.trace[index]


def test_the_chapter_step_is_a_tag_and_the_run_notes_show_once(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "photo-thumbnails.yaml"))
    panel = window.narration
    step = _at(window, "execute")
    assert panel.chapter.isVisibleTo(panel) and panel.chapter.text() == f"chapter step {step.chapter_step}"
    assert not panel.text.text()[:1].isdigit()
    assert panel.run_notes.isVisibleTo(panel)
    assert panel.run_notes.text().startswith("ℹ Not simulated:")
    assert "S3 delivery" in panel.run_notes.toolTip() and "in this run" in panel.run_notes.toolTip()
    assert "at least once" in panel.run_notes.toolTip()
    _at(window, "enqueue")
    assert panel.caveat.text() == ""  # an ordinary S3/async step carries no red flag
    _at(window, "assume-role")
    assert not panel.chapter.isVisibleTo(panel)


def test_a_run_with_nothing_to_say_shows_no_note(qtbot, tmp_path):
    """website-api is all synchronous: nothing run-wide to leave out, so no line at all."""
    window = make_window(qtbot, tmp_path, load_document(SCENARIOS / "website-api.yaml"))
    assert window.playback.trace.not_simulated == {}
    assert not window.narration.run_notes.isVisibleTo(window.narration)
