"""A shortened id ("78e51061…") at the end of a sentence takes no second full stop: "naming
78e51061…." read as a typo on the teacher's projector (orders-sqs step 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.commands.play import load
from app.engine.run import run
from app.engine.wording import sentence, short_id

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def test_short_id_keeps_eight_characters_and_marks_the_cut():
    assert short_id("78e51061-7311-48a3-82ce-6f447ed4d57b") == "78e51061…"
    assert short_id("abc") == "abc"


@pytest.mark.parametrize("text, want", [
    ("naming 78e51061…", "naming 78e51061…"),
    ("it works", "it works."),
    ("is it?", "is it?"),
    ("done.", "done."),
])
def test_sentence_ends_once(text, want):
    assert sentence(text) == want


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_narration_of_a_bundled_scenario_has_an_ellipsis_then_a_full_stop(path):
    scenario, problems = load(str(path))
    assert scenario is not None, problems
    bad = [(i + 1, s.narration) for i, s in enumerate(run(scenario))
           if "…." in s.narration or "…." in s.summary]
    assert bad == []
