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
from app.scenario.crossrefs import Parts, check_references, parts_of, without_suppressed
from app.scenario.errors import Problem, ScenarioError
from app.scenario.messages import problems_from_errors
from app.scenario.models import NarrationOverride, Scenario, Settings
from app.scenario.resources import RESOURCE_TYPES, Resource
from app.scenario.safety import as_text, read_scenario_text
from app.scenario.salvage import salvage
from app.scenario.script import Stimulus
from app.scenario.yaml_source import Source, parse_yaml

_RESOURCE = TypeAdapter(Resource)
_STIMULUS = TypeAdapter(Stimulus)
_NARRATION = TypeAdapter(NarrationOverride)
_POSITIONS = Scenario.model_fields["positions"].annotation
_WHOLE_SECTIONS = (("settings", TypeAdapter(Settings), Settings),
                   ("positions", TypeAdapter(_POSITIONS), _POSITIONS))


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
        parts = _valid_parts(source.data, source.duplicates)
        problems += check_references(source, parts)
        problems += _converted_booleans(source, parts)
        raise ScenarioError(read + problems) from None
    problems = boolean_problems(source, scenario, source.data)
    parts = parts_of(scenario)
    parts.ambiguous = _duplicate_names(source.duplicates)
    problems += check_references(source, parts)
    if read or problems:
        raise ScenarioError(read + problems)
    if path is not None:
        scenario._source_path = Path(path).resolve()
    return scenario



def _valid_items(items: Any, adapter: TypeAdapter, root_type: Any, base: tuple,
                 suppressed: list[tuple]) -> dict:
    """The entries of a dict or list that validate on their own, or once repaired
    (app.scenario.salvage), keyed by name or index; the repaired paths (under `base`) are added
    to `suppressed`."""
    pairs = items.items() if isinstance(items, dict) else enumerate(items) if isinstance(items, list) else ()
    valid = {}
    for key, raw in pairs:
        salvaged = salvage(raw, adapter, root_type)
        if salvaged is not None:
            valid[key] = salvaged.model
            suppressed += [(*base, key, *path) for path in salvaged.suppressed]
    return valid


def _valid_parts(data: dict, duplicates: frozenset[tuple]) -> Parts:
    """The parts of an invalid file that are valid by themselves (or once repaired), so their
    references get checked too."""
    raw_resources = data.get("resources")
    resources = raw_resources if isinstance(raw_resources, dict) else {}
    declared = {}
    for name, raw in resources.items():
        kind = raw.get("type") if isinstance(raw, dict) else None
        declared[name] = kind if isinstance(kind, str) and kind in RESOURCE_TYPES else None
    positions = data.get("positions")
    suppressed: list[tuple] = []
    return Parts(
        declared=declared,
        resources=_valid_items(resources, _RESOURCE, Resource, ("resources",), suppressed),
        script=_valid_items(data.get("script"), _STIMULUS, Stimulus, ("script",), suppressed),
        narration=_valid_items(data.get("narration"), _NARRATION, NarrationOverride, ("narration",),
                               suppressed),
        positions=[k for k in positions if isinstance(k, str)] if isinstance(positions, dict) else [],
        suppressed=suppressed,
        names_known=isinstance(raw_resources, dict),
        ambiguous=_duplicate_names(duplicates),
    )


def _converted_booleans(source: Source, parts: Parts) -> list[Problem]:
    """`true`/`false` where a number belongs (app.scenario.coercions) in the parts of an invalid
    file that validated, or once repaired; a repaired key is reported by the validation already."""
    data, found, suppressed = source.data, [], list(parts.suppressed)
    for section, models in (("resources", parts.resources), ("script", parts.script),
                            ("narration", parts.narration)):
        raw = data.get(section)
        for key, model in models.items():
            found += boolean_problems(source, model, raw[key], (section, key))
    for section, adapter, root_type in _WHOLE_SECTIONS:
        if section in data:
            salvaged = salvage(data[section], adapter, root_type)
            if salvaged is not None:
                found += boolean_problems(source, salvaged.model, data[section], (section,))
                suppressed += [(section, *path) for path in salvaged.suppressed]
    return without_suppressed(found, suppressed)


def _duplicate_names(duplicates: frozenset[tuple]) -> frozenset[str]:
    """Resource names written twice under `resources:` (a reference to one is ambiguous)."""
    return frozenset(p[1] for p in duplicates if len(p) == 2 and p[0] == "resources")


__all__ = ["Problem", "ScenarioError", "Source", "load_scenario", "load_scenario_text"]
