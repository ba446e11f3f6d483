"""Load a scenario file: read it safely, validate it, check its references, report every problem.

`load_scenario(path)` and `load_scenario_text(text, path)` return a frozen `Scenario` or raise
`ScenarioError` listing all problems as `FILE:LINE:COL: key.path: what is wrong`. They raise
nothing else, whatever the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from app.scenario.coercions import boolean_problems
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
    source = parse_yaml(text, name, keep_going=True)
    read = source.problems  # duplicates, tags, …: reported with everything else, in one pass
    try:
        scenario = Scenario.model_validate(source.data)
    except ValidationError as exc:
        # a value dropped for its tag or number is not reported again as "got nothing"
        said = {p.key_path for p in read if not p.message.startswith("duplicate key")}
        problems = [p for p in problems_from_errors(exc.errors(), Scenario, source, source.data)
                    if p.key_path not in said]
        parts = _valid_parts(source.data)
        problems += check_references(source, parts)
        raw = source.data.get("resources") if isinstance(source.data.get("resources"), dict) else {}
        for key, resource in parts.resources.items():
            problems += boolean_problems(source, resource, raw.get(key), ("resources", key))
        raise ScenarioError(read + problems) from None
    problems = boolean_problems(source, scenario, source.data)
    problems += check_references(source, parts_of(scenario))
    if read or problems:
        raise ScenarioError(read + problems)
    if path is not None:
        scenario._source_path = Path(path).resolve()
    return scenario



def _valid_items(items: Any, adapter: TypeAdapter) -> dict:
    """The entries of a dict or list that validate on their own, or once their broken keys are
    left out (so a resource with a bad `timeout:` still gets its `role:` checked), keyed by name
    or index."""
    pairs = items.items() if isinstance(items, dict) else enumerate(items) if isinstance(items, list) else ()
    valid = {}
    for key, raw in pairs:
        salvaged = _salvaged(raw, adapter)
        if salvaged is not None:
            valid[key] = salvaged
    return valid


def _salvaged(raw: Any, adapter: TypeAdapter) -> Any:
    """`raw` validated, else validated without the keys its errors are about, else None.
    (The errors themselves are reported by the whole-file validation.)"""
    try:
        return adapter.validate_python(raw)
    except ValidationError as exc:
        errors = exc.errors()
    if not isinstance(raw, dict):
        return None
    bad = {next((p for p in e["loc"] if isinstance(p, str) and p in raw), None) for e in errors}
    if None in bad or bad & {"type", "action"}:
        return None  # the entry's kind itself is broken, or an error is not about one key
    try:
        return adapter.validate_python({k: v for k, v in raw.items() if k not in bad})
    except ValidationError:
        return None


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
