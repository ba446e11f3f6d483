"""Every problem in one pass (issue 13 item 2): a duplicate key or a tag no longer hides the
other problems, and a resource or script entry with one broken key still gets its references
checked, so a teacher does not fix one error only to meet the next on the next run."""

from __future__ import annotations

import pytest
from scenario_texts import minimal_with

from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario_text


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "one.yaml")
    return [str(p) for p in caught.value.problems]


def test_duplicates_structure_types_and_references_together():
    text = minimal_with({
        14: "    role: workr-role\n    timeout: three\n    timeout: 4",
        16: "  - {at: 0s, actor: app, action: invoke, function: wrker, repeat: zero}",
    })
    assert _problems(text) == [
        "one.yaml:14:5: resources.worker.role: there is no resource named 'workr-role' "
        "(did you mean 'worker-role'?)",
        "one.yaml:15:5: resources.worker.timeout: expected a whole number, got 'three'",
        "one.yaml:16:5: resources.worker.timeout: duplicate key 'timeout' (first written at line 15)",
        "one.yaml:18:42: script[0].function: there is no resource named 'wrker' (did you mean 'worker'?)",
        "one.yaml:18:59: script[0].repeat: expected a whole number, got 'zero'",
    ]


def test_a_tag_is_reported_once_beside_the_other_problems():
    problems = _problems(minimal_with({1: "title: !!binary aGVsbG8=", 7: "    kind: custom-app"}))
    assert len(problems) == 2
    assert problems[0].startswith("one.yaml:1:8: title: tags are not allowed")
    assert problems[1].startswith("one.yaml:7:5: resources.app.kind: expected one of")


def test_a_syntax_error_still_stops_reading():
    """Past a syntax error the data is not the file's, so nothing else is guessed at."""
    problems = _problems(minimal_with({2: "teaches: [push", 14: "    role: nobody"}))
    assert len(problems) == 1 and "not valid YAML" in problems[0]


def test_true_where_a_number_belongs_is_refused_as_the_schema_does():
    """pydantic reads `timeout: true` as 1; the schema refuses it, and now check does too."""
    problems = _problems(minimal_with({14: "    role: worker-role\n    timeout: true"},
                                      append=["positions: {app: [false, 3]}"]))
    assert problems == ["one.yaml:15:14: resources.worker.timeout: expected a whole number, got true",
                        "one.yaml:18:19: positions.app[0]: expected a number, got false"]
