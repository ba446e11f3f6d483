"""Messages that say where a key belongs and what shape a mapping takes (a student's slips).

- `fail_when:` written at the level of `faults:` instead of under it gave "faults: expected a
  mapping …, got nothing" and "fail_when: unknown key"; neither said "indent it under faults:".
- `redrive_policy: orders-dlq` gave "expected a mapping (key: value entries), got 'orders-dlq'"
  without the shape it takes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter

from scenario_texts import minimal_with

from conftest import problems_of
from app.scenario.shape_hints import SHAPES, example_of
from app.scenario.yaml_source import parse_yaml

CASES = Path(__file__).resolve().parents[1] / "cases"


def test_a_key_written_beside_an_empty_mapping_it_belongs_in_is_one_problem_that_says_indent():
    found = problems_of((CASES / "student-shop-indent.yaml").read_text(), "shop.yaml")
    assert found == [
        "shop.yaml:45:5: resources.process-order.fail_when: unknown key 'fail_when' here: it is a "
        "key of `faults:` just above, which is empty; indent it under faults: (two more spaces)"]


def test_several_keys_beside_the_empty_mapping_each_say_so():
    text = minimal_with({10: "    trusts: lambda.amazonaws.com\n  orders:\n    type: sqs_queue\n"
                             "    redrive_policy:\n    dead_letter_queue: dlq\n    max_receive_count: 5\n"
                             "  dlq:\n    type: sqs_queue"})
    found = problems_of(text)
    assert [line.split(": ", 2)[1] for line in found] == [
        "resources.orders.dead_letter_queue", "resources.orders.max_receive_count"]
    assert all("indent it under redrive_policy:" in line for line in found)


def test_an_unknown_key_after_a_filled_mapping_gets_no_indent_hint():
    text = minimal_with({14: "    role: worker-role\n    faults: {fail: always}\n    fail_when: x"})
    (line,) = problems_of(text)
    assert "indent" not in line and "unknown key 'fail_when'" in line


def test_a_word_where_the_redrive_policy_mapping_belongs_shows_its_shape():
    text = minimal_with({10: "    trusts: lambda.amazonaws.com\n  orders:\n    type: sqs_queue\n"
                             "    redrive_policy: dlq\n  dlq:\n    type: sqs_queue"})
    assert problems_of(text) == [
        "s.yaml:13:5: resources.orders.redrive_policy: expected a mapping (key: value entries), got "
        "'dlq', such as `redrive_policy: {dead_letter_queue: dlq, max_receive_count: 5}`"]


@pytest.mark.parametrize("model", list(SHAPES))
def test_every_shape_shown_is_valid_where_it_is_shown(model):
    """Each example, pasted, is valid for its model (keys and values)."""
    for snippet in example_of(model, None).split(", or "):
        data = parse_yaml(f"x: {snippet}\n", "snippet").data["x"]
        TypeAdapter(model).validate_python(data)
