"""A tab between tokens on a line is valid YAML (1.2 spec 6.2, separation in a line), so a file
with `key:<TAB>value` or `value<TAB># comment` loads; a tab that indents stays an error, and a
tab inside a plain value gets a message about the value, not about indentation (issue 13 item 4)."""

from __future__ import annotations

import pytest
from scenario_texts import MINIMAL, minimal_with

from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario_text


@pytest.mark.parametrize("line, text", [
    (1, "title:\tMinimal"),
    (2, "teaches: on-demand\t# the lesson's model"),
    (2, "teaches:\ton-demand \t\t# tabs on both sides"),
    (6, "    type:\t\tactor\t"),
    (16, "  - {at: 0s,\tactor: app, action: invoke, function: worker}"),
])
def test_a_tab_between_tokens_is_read_as_a_space(line, text):
    scenario = load_scenario_text(minimal_with({line: text}), "tabs.yaml")
    assert scenario == load_scenario_text(MINIMAL, "tabs.yaml")


def test_a_tab_that_indents_is_still_refused_at_its_line():
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(minimal_with({5: "\tapp:"}), "tabs.yaml")
    assert str(caught.value).startswith("tabs.yaml:5:1: not valid YAML: a tab character; "
                                        "YAML indents with spaces only")


def test_a_tab_inside_a_plain_value_is_not_called_indentation():
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(minimal_with({1: "title: Mini\tmal"}), "tabs.yaml")
    message = str(caught.value)
    assert message.startswith("tabs.yaml:1:12: not valid YAML: a tab inside a value; put the whole "
                              "value in quotes") and "indents" not in message


def test_a_tab_read_as_a_space_keeps_every_position():
    """Reading the tab as a space keeps columns, so a later error still points at its column."""
    line = "  - {at: 0s,\tactor: app, action: invok, function: worker}"
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(minimal_with({16: line}), "tabs.yaml")
    assert str(caught.value).startswith(f"tabs.yaml:16:{line.index('action') + 1}: script[0].action:")
