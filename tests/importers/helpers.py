"""Run a scenario (text) the way `lambdascope check` does: its outcome lines and warnings."""

from __future__ import annotations

from pathlib import Path

from app.engine.config_warnings import delivery_warnings
from app.engine.filter_warnings import filter_warnings
from app.engine.lesson_warnings import run_warnings
from app.engine.script_outcomes import run_attributed, script_lines
from app.scenario.loader import load_scenario_text


def check_text(text: str, path: Path):
    """(scenario, outcome lines, warning messages) of a scenario file's text; raises
    ScenarioError when it does not load."""
    scenario = load_scenario_text(text, path)
    attributed = run_attributed(scenario)
    lines = [line for _, line in script_lines(scenario, attributed)]
    warnings = [w.message for w in delivery_warnings(scenario) + filter_warnings(scenario)
                + run_warnings(scenario, attributed)]
    return scenario, lines, warnings
