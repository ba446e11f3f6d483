"""What a classroom projector's back row reads (issue 13, looks-3; docs/decisions/0023): a teacher
projected at 1024x600 and 1280x720 and found the quiz's narration at ~10 px and cut, the
explanation at ~11 px, edge labels at 6–8 px under a diagram that kept the top 55 % of the
screen, labels on nodes and on each other with 9+ nodes, and the Key button and the what-if
banner over nodes. Measured in projected pixels, in a subprocess whose offscreen screen has
the projector's size (tests/ui/looks_probe.py). Each test failed on the code before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEACHER = ROOT / "tests" / "cases" / "teacher-order-pipeline-sns.yaml"  # 9 nodes, their own
TWO_ROLES = ROOT / "tests" / "cases" / "teacher-order-pipeline-two-roles.yaml"  # 10 nodes


def probe(scenario, size: str, step: int, *options: str) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("looks_probe.py")),
                           str(scenario), size, str(step), *options],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _overlap(a, b, slack: float = 1.0) -> bool:
    """Whether two [x, y, w, h] rectangles overlap by more than `slack` px (mapped rectangles
    round outwards to whole pixels)."""
    return (a[0] + slack < b[0] + b[2] and b[0] + slack < a[0] + a[2]
            and a[1] + slack < b[1] + b[3] and b[1] + slack < a[1] + a[3])


def test_the_answered_quiz_reads_whole_at_1024x600():
    """orders-sqs, step 18's question answered on a 600 px projector: the narration at (nearly)
    the caption's size and whole, the explanation in two lines at >= 14 px, nothing cut
    (before: 12 pt narration, 10.7 px explanation ending in "…")."""
    seen = probe("orders-sqs", "1024x600", 17, "answer")
    assert seen["narration_whole"]
    assert seen["narration_px"] >= 0.85 * seen["caption_px"], seen["narration_px"]
    assert seen["feedback_whole"] and not seen["feedback"].endswith("…"), seen["feedback"]
    assert seen["feedback_px"] >= 14, seen["feedback_px"]
    assert seen["canvas"][3] >= 0.3 * seen["window"][1]  # the diagram keeps its floor


@pytest.mark.parametrize("size", ["1280x720", "1024x600"])
def test_labels_read_from_the_back_row_and_the_diagram_uses_the_room(size):
    """Every label shown is >= 12 projected px, the step's own >= 16 px (before: ~7 px), and
    the diagram takes more than 60 % of the screen (before: 55 %, the rest an empty band under
    a short caption)."""
    seen = probe("orders-sqs", size, 18)
    shown = seen["labels"]
    assert shown and all(label["px"] >= 12 for label in shown), [l["px"] for l in shown]
    active = [label for label in shown if label["active"]]
    assert active and active[0]["px"] >= 16
    assert seen["canvas"][3] >= 0.6 * seen["window"][1], seen["canvas"]


def test_nine_nodes_labels_cover_no_node_nor_another_label():
    """The teacher's 9-node lesson at step 28, 1280x720: "batches ≤ 5, partial failures" was
    under the AWS Lambda node and "execution role" over "sqs:SendMessage"."""
    seen = probe(TEACHER, "1280x720", 28)
    labels, nodes = seen["labels"], seen["nodes"]
    # most labels still shown, large enough to read: 9 of 13 (11 of 15 before decision 0024, whose
    # diagram no longer draws two grants the code never uses: process-order's sqs:SendMessage
    # to email-dlq, send-email's sns:Publish)
    assert len(labels) >= 9
    for i, label in enumerate(labels):
        for name, node in nodes.items():
            assert not _overlap(label["rect"], node), (label["text"], name)
        for other in labels[i + 1:]:
            assert not _overlap(label["rect"], other["rect"]), (label["text"], other["text"])


@pytest.mark.parametrize("scenario, size, step, options", [
    (TWO_ROLES, "1280x720", 18, ()),  # the Key button was on email-dlq
    ("orders-sqs", "1024x600", 18, ("quiz", "whatif")),  # the banner was on two nodes
])
def test_overlays_cover_no_node(scenario, size, step, options):
    seen = probe(scenario, size, step, *options)
    assert seen["overlays"], "the overlay is shown"
    for overlay, rect in seen["overlays"].items():
        for name, node in seen["nodes"].items():
            assert not _overlap(rect, node, 0), (overlay, name)


def test_the_runs_not_simulated_line_is_whole_at_1024x600():
    """photo-thumbnails, step 1: "ℹ Not simulated: S3 delivery, Lambda's event queue" was cut to
    "…Lambda's event…" while the line had room for it (nobody hovers on a projector)."""
    seen = probe("photo-thumbnails", "1024x600", 1)
    assert seen["run_notes_full"] and seen["run_notes"] == seen["run_notes_full"], seen["run_notes"]


def test_a_throttled_steps_caption_is_short_and_whole_at_1280x720():
    """traffic-spike, step 34: the narration said the SDK's retries twice (its own sentence and
    the note's): 6 lines and a 3-line note at 1280x720. Now at most 6 lines in all, the note
    whole, the narration near the caption's size."""
    seen = probe("traffic-spike", "1280x720", 34)
    assert seen["note"] and seen["note_whole"]
    assert seen["narration_whole"]
    assert seen["narration_lines"] + seen["note_lines"] <= 6, (seen["narration_lines"], seen["note_lines"])
    assert seen["narration_px"] >= 0.8 * seen["caption_px"]
