"""Presenting with the quiz on a 1080 px projector (decision 0024, item 1): each of the four
answers was two lines of the caption's font tall (108 px) for one line of text, and the diagram
kept 42 % of the screen. An answer keeps one line on every projector when the run's widest answer
fits one at 75 % of the caption's size (docs/decisions/0021, answer_lines.py); a marked answer
("— your answer") that needs more shrinks, whole. Measured in projected pixels in a subprocess
whose offscreen screen has the projector's size (tests/ui/looks_probe.py)."""

from __future__ import annotations

from tests.ui.test_present_looks import probe


def test_answers_keep_one_line_on_a_1080_projector_and_the_diagram_gains():
    seen = probe("photo-thumbnails", "1920x1080", 9, "quiz")
    caption = seen["caption_px"]
    heights = [a["h"] for a in seen["answers"]]
    assert len(heights) == 4 and max(heights) < 1.6 * caption + 20, heights  # before: 108 px
    assert all(a["fits"] and a["px"] == caption for a in seen["answers"]), seen["answers"]
    assert seen["canvas"][3] >= 0.5 * seen["window"][1], seen["canvas"]  # before: 452 of 1080


def test_a_marked_answer_stays_whole_and_large():
    seen = probe("photo-thumbnails", "1920x1080", 9, "answer")
    caption = seen["caption_px"]
    marked = [a for a in seen["answers"] if a["text"].lstrip()[:1] in "✔✘"]
    assert len(marked) == 2 and all(a["fits"] for a in seen["answers"]), seen["answers"]
    assert all(a["px"] >= 0.6 * caption for a in marked), marked


def test_long_answers_keep_one_line_on_a_1080_projector():
    """orders-sqs's widest answer ("orders (SQS queue) → orders-dlq (dead-letter queue)") needs
    72 % of the caption's size for one line: on a 1080 px projector that is still ~29 px, so the
    answers keep one line (before: two, 108 px each, the diagram 433 px of 1080)."""
    seen = probe("orders-sqs", "1920x1080", 12, "quiz")
    caption = seen["caption_px"]
    assert max(a["h"] for a in seen["answers"]) < 1.6 * caption + 20, seen["answers"]
    assert all(a["fits"] and a["px"] >= 0.6 * caption for a in seen["answers"]), seen["answers"]
    assert seen["canvas"][3] >= 0.48 * seen["window"][1], seen["canvas"]


def test_the_position_line_is_whole_beside_the_runs_note_at_1024x600():
    """Step 9's position line ("… · lambda → make-thumbnail · ❄ cold start") was cut to
    "❄ cold st" by the run's "ℹ Not simulated: …" beside it, which kept 35 % of the width even
    when the position line needed more (looks-6, seen checking item 1 at 1024x600)."""
    seen = probe("photo-thumbnails", "1024x600", 9, "quiz")
    assert "cold start" in seen["position"] and seen["position_whole"], seen["position"]
    assert seen["run_notes"].startswith("ℹ Not simulated")  # still there, shortened
