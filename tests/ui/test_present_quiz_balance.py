"""Presenting with the quiz on a 720 or 600 px projector (issue 12, looks item 3): four answers
each two lines tall at caption size left the caption ~11 pt, too small for the back row. On a
projector under 900 px an answer keeps one line (a longer one shrinks, two lines at half size
at worst), and the caption keeps its size at most steps. Measured in a subprocess whose
offscreen screen has the projector's size (tests/ui/present_probe.py)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.presentation import QUIZ_DIAGRAM_SHARE

ROOT = Path(__file__).resolve().parents[2]


def probe(name: str, size: str, step: int = 8) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("present_probe.py")),
                           str(ROOT / "scenarios" / f"{name}.yaml"), size, str(step)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("size", ["1280x720", "1024x600"])
def test_the_caption_stays_readable_under_the_quiz(size):
    seen = probe("photo-thumbnails", size)
    caption, sizes = seen["caption"], seen["narration"]
    assert statistics.median(sizes) == caption  # the usual step at the caption's size
    # before: 13 pt of 20 at 720 px, 9 pt of 17 at 600 px (the longest steps)
    assert min(sizes) >= 0.75 * caption, sizes
    assert all(points >= 0.75 * caption for points in seen["answers"])  # answers stay large
    # the diagram keeps its share under the quiz (45 % before issue 13; 30 % since, so that the
    # narration and the explanation are read whole at 600 px: tests/ui/test_present_looks.py)
    assert seen["canvas_h"] >= QUIZ_DIAGRAM_SHARE * seen["window_h"]


def test_a_tall_projector_keeps_one_line_answers_of_a_larger_font():
    """Since decision 0024 (looks-6) a 1080 px projector's answers keep one line too, when they fit
    (two lines, 108 px each, held one line of text); the font is still the larger caption's."""
    seen = probe("photo-thumbnails", "1920x1080")
    assert statistics.median(seen["narration"]) == seen["caption"]
    tall = min(seen["answer_lines"])
    short = probe("photo-thumbnails", "1280x720")
    assert 1.15 * min(short["answer_lines"]) < tall < 1.5 * min(short["answer_lines"])
