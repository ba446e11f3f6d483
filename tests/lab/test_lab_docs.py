"""docs/lab.md stays in step with the code: its examples apply, every alias is documented."""

from __future__ import annotations

import re

import pytest

from app.lab.edits import ALIASES, EditError, apply_edits
from app.scenario.loader import load_scenario

EXAMPLE = re.compile(r"`((?:resources|functions|mappings|settings|script)\.[^`]*=[^`]*)`")


@pytest.fixture(scope="module")
def lab_doc(repo_root):
    return (repo_root / "docs" / "lab.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def builtins(scenarios_dir):
    return [load_scenario(p) for p in sorted(scenarios_dir.glob("*.yaml"))]


def _applies_somewhere(edit, scenarios) -> bool:
    for scenario in scenarios:
        try:
            apply_edits(scenario, [edit])
            return True
        except EditError:
            continue
    return False


def test_every_example_edit_applies_to_a_built_in_scenario(lab_doc, builtins):
    """Each PATH=VALUE example in docs/lab.md is a valid edit of at least one built-in scenario."""
    examples = [e for e in EXAMPLE.findall(lab_doc) if "<" not in e]  # <placeholders> are not examples
    assert len(examples) >= 10
    assert [e for e in examples if not _applies_somewhere(e, builtins)] == []


def test_every_alias_is_documented(lab_doc):
    """Every short form the code accepts appears in docs/lab.md."""
    for root, (_, aliases) in ALIASES.items():
        prefix = "functions.<fn>." if root == "functions" else "mappings.<esm>."
        for alias in aliases:
            assert f"{prefix}{alias}" in lab_doc or f".{alias}`" in lab_doc, alias
