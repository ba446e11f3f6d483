"""Every file in scenarios/ loads, points editors at the schema, and conforms to that schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.scenario.loader import load_scenario
from app.scenario.schema import SCHEMA_PATH
from app.scenario.yaml_source import parse_yaml

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../app/scenario/scenario.schema.json"


def test_there_are_builtin_scenarios():
    """The glob below is not silently empty."""
    assert any(p.name == "photo-thumbnails.yaml" for p in SCENARIOS)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_builtin_scenario_loads(path):
    """Each built-in file is valid, with its references and assets resolved."""
    scenario = load_scenario(path)
    assert scenario.source_path == path.resolve()
    assert scenario.resources and scenario.script


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_builtin_scenario_names_the_schema(path):
    """The first line lets the YAML language server autocomplete and check the file."""
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    assert (path.parent / "../app/scenario/scenario.schema.json").resolve() == SCHEMA_PATH.resolve()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_builtin_scenario_conforms_to_the_schema(path):
    """The published schema accepts what the loader accepts (needs the optional jsonschema package)."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path)).data
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}"
              for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
