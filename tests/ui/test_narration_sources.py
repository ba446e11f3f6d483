"""Captions a class reads leave out reference citations; engineers still find them elsewhere."""

from __future__ import annotations

from app.engine import run
from app.scenario.loader import load_scenario
from app.ui.narration import narration_text, without_sources
from app.ui.render import step_caption


def test_citations_in_parentheses_are_dropped_and_other_parentheses_kept():
    """'(lambda-behaviour.md §4, ASY)' and '(§6 RBP)' go; '(asynchronous, Event)' stays."""
    text = ("Lambda answers 202 (asynchronous, Event) at once (lambda-behaviour.md §4, ASY); "
            "S3 needs the statement (§6 RBP).")
    assert without_sources(text) == ("Lambda answers 202 (asynchronous, Event) at once; "
                                      "S3 needs the statement.")


def test_caveat_captions_carry_no_citation(scenarios_dir):
    """A step's caveat is cited in `play` (here: the guest's session policy is simplified, §10
    UNA), but the slide caption and narration drop the citation."""
    trace = run(load_scenario(scenarios_dir / "mobile-cognito.yaml"))
    cited = [s for s in trace if s.caveat and "§" in s.caveat]
    assert cited, "the scenario is expected to cite its sources in a caveat"
    for step in cited:
        caption = step_caption(step, len(trace))
        assert "§" not in caption and "Not simulated:" in caption
        assert "§" not in narration_text(step)
