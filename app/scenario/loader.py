"""Load a scenario file: read it safely, validate it, check its references, report every problem.

`load_scenario(path)` and `load_scenario_text(text, path)` return a frozen `Scenario` or raise
`ScenarioError` listing all problems as `FILE:LINE:COL: key.path: what is wrong`. They raise
nothing else, whatever the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from app.scenario.crossrefs import Parts, check_references, parts_of
from app.scenario.errors import Problem, ScenarioError
from app.scenario.messages import problems_from_errors
from app.scenario.models import NarrationOverride, Scenario
from app.scenario.resources import RESOURCE_TYPES, Resource
from app.scenario.safety import as_text, read_scenario_text
from app.scenario.script import Stimulus
from app.scenario.yaml_source import Source, parse_yaml

_RESOURCE = TypeAdapter(Resource)
_STIMULUS = TypeAdapter(Stimulus)
_NARRATION = TypeAdapter(NarrationOverride)


def load_scenario(path: str | Path, cancel=None) -> Scenario:
    """The scenario in the file at `path`. Only a regular file is read, with a timeout;
    `cancel` (optional callable, True = stop) abandons a read that is still waiting."""
    if not isinstance(path, (str, Path)):
        raise ScenarioError.single(str(path), "expected a file path")
    path = Path(path)
    return load_scenario_text(read_scenario_text(path, cancel=cancel), path)


def load_scenario_text(text: str | bytes, path: str | Path | None = None) -> Scenario:
    """The scenario in `text`; `path` names it in messages and is where its assets are looked up."""
    name = str(path) if path is not None else "<scenario>"
    text = as_text(text, name)
    source = parse_yaml(text, name)
    try:
        scenario = Scenario.model_validate(source.data)
    except ValidationError as exc:
        problems = problems_from_errors(exc.errors(), Scenario, source, source.data)
        problems += check_references(source, _valid_parts(source.data))
        raise ScenarioError(problems) from None
    problems = check_references(source, parts_of(scenario))
    if problems:
        raise ScenarioError(problems)
    if path is not None:
        scenario._source_path = Path(path).resolve()
    return scenario



def _valid_items(items: Any, adapter: TypeAdapter) -> dict:
    """The entries of a dict or list that validate on their own, keyed by name or index."""
    pairs = items.items() if isinstance(items, dict) else enumerate(items) if isinstance(items, list) else ()
    valid = {}
    for key, raw in pairs:
        try:
            valid[key] = adapter.validate_python(raw)
        except ValidationError:
            pass  # already reported by the whole-file validation
    return valid


def _valid_parts(data: dict) -> Parts:
    """The parts of an invalid file that are valid by themselves, so their references get checked too."""
    resources = data.get("resources") if isinstance(data.get("resources"), dict) else {}
    declared = {}
    for name, raw in resources.items():
        kind = raw.get("type") if isinstance(raw, dict) else None
        declared[name] = kind if isinstance(kind, str) and kind in RESOURCE_TYPES else None
    positions = data.get("positions")
    return Parts(
        declared=declared,
        resources=_valid_items(resources, _RESOURCE),
        script=_valid_items(data.get("script"), _STIMULUS),
        narration=_valid_items(data.get("narration"), _NARRATION),
        positions=[k for k in positions if isinstance(k, str)] if isinstance(positions, dict) else [],
    )


__all__ = ["Problem", "ScenarioError", "Source", "load_scenario", "load_scenario_text"]
