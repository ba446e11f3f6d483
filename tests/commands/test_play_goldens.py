"""Golden traces of every built-in scenario, and the promises every trace keeps: the chapter's
numbered steps in order, and steps only between scenario nodes, `lambda` and `sts`.

The golden is `lambdascope play FILE --format text`, one file per `scenarios/*.yaml` in
tests/golden/. After a reviewed change regenerate with LAMBDASCOPE_UPDATE_GOLDEN=1 and read the
diff of tests/golden before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.cli import main
from app.commands.play import load
from app.engine.run import run

GOLDEN_ENV = "LAMBDASCOPE_UPDATE_GOLDEN"
GOLDEN_SCENARIOS = sorted(p.stem for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml"))
# The chapter's numbered steps each scenario shows, in order (aws-lambda-how-it-works.txt).
CHAPTER_STEPS = {"photo-thumbnails": [1, 2, 3, 4], "mobile-cognito": [1, 2, 3, 4, 5, 6]}
SERVICE_NODES = {"lambda", "sts"}


def _trace(scenarios_dir, name):
    scenario, problems = load(str(scenarios_dir / f"{name}.yaml"))
    assert scenario is not None, problems
    return scenario, run(scenario)


@pytest.mark.parametrize("name", GOLDEN_SCENARIOS)
def test_text_matches_the_golden(name, capsys, scenarios_dir, repo_root):
    """`play --format text` of the scenario is the reviewed golden, line for line."""
    golden = repo_root / "tests" / "golden" / f"{name}.txt"
    assert main(["play", str(scenarios_dir / f"{name}.yaml")]) == 0
    out = capsys.readouterr().out
    if os.environ.get(GOLDEN_ENV):
        golden.write_text(out, encoding="utf-8")
    if not golden.exists():
        pytest.fail(f"no golden yet: run with {GOLDEN_ENV}=1 and review {golden}")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CHAPTER_STEPS))
def test_chapter_steps_appear_in_order(name, scenarios_dir):
    """The first flow through the scenario shows every numbered step of the chapter, in order."""
    _, trace = _trace(scenarios_dir, name)
    numbered = [s.chapter_step for s in trace.steps if s.chapter_step]
    want = CHAPTER_STEPS[name]
    assert numbered[:len(want)] == want
    assert all(n in want for n in numbered)


@pytest.mark.parametrize("name", GOLDEN_SCENARIOS)
def test_steps_only_connect_known_nodes(name, scenarios_dir):
    """Every step's source and target is a resource name, `lambda` or `sts` (node contract)."""
    scenario, trace = _trace(scenarios_dir, name)
    nodes = set(scenario.resources) | SERVICE_NODES
    assert {s.source for s in trace} | {s.target for s in trace} <= nodes
