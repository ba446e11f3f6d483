"""docs/scenario-format.md stays true: its example loads and every field of the format is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from app.scenario import handler_options, models, policies, resources, script, versions, messaging
from app.scenario.loader import load_scenario_text

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def _models() -> list[type[BaseModel]]:
    found = []
    for module in (models, resources, script, policies, handler_options, versions, messaging):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_complete_example_loads():
    """The worked example is a valid scenario (its assets resolve as for a file in scenarios/)."""
    section = DOC.split("## A complete example", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    scenario = load_scenario_text(example, REPO / "scenarios" / "doc-example.yaml")
    assert scenario.title == "Photo thumbnails"
    assert scenario.resources["photos"].notifications[0].function == "make-thumbnail"


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_field_is_documented(model):
    """A field added to the models without a line in the docs fails here."""
    missing = [name for name in model.model_fields if f"`{name}`" not in DOC]
    assert missing == []


def test_every_resource_type_and_action_is_documented():
    """Each `type:` and `action:` value appears in the docs."""
    for value in (*resources.RESOURCE_TYPES, *script.ACTIONS, *handler_options.HANDLER_OPTIONS):
        assert f"`{value}`" in DOC, value


def test_every_managed_policy_the_loader_accepts_is_in_the_managed_policies_row():
    """A teacher reads the `managed_policies` row to learn which names they may write."""
    row = next(line for line in DOC.splitlines() if line.startswith("| `managed_policies` |"))
    missing = [name for name in policies.MANAGED_POLICIES if f"`{name}`" not in row]
    assert missing == []
