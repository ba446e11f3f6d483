"""Helpers for the loader tests: load text and get its problems as the CLI prints them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from app.scenario.errors import ScenarioError  # noqa: E402
from app.scenario.loader import load_scenario_text  # noqa: E402


def problems_of(text: str, name: str = "s.yaml") -> list[str]:
    """The problem lines `lambdascope check` would print for `text`; fails if the text is valid."""
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, name)
    return [str(p) for p in info.value.problems]


@pytest.fixture
def problems():
    return problems_of
