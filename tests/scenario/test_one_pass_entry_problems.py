"""A repaired key inside an entry does not hide the entry's own problems (app.scenario.salvage,
crossrefs.CrossRefs.after_repair): one `check` run lists both."""

from __future__ import annotations

from scenario_texts import minimal_with


def test_reserved_name_is_reported_beside_a_broken_key_of_the_same_function(problems):
    """'sts' is a reserved name; its `timeout: x` is repaired to check the rest: both are said."""
    text = minimal_with({11: "  sts:", 14: "    role: worker-role\n    timeout: x",
                         16: "  - {at: 0s, actor: app, action: invoke, function: sts}"})
    found = problems(text)
    assert any("resources.sts.timeout: expected a whole number" in p for p in found), found
    assert any("resources.sts:" in p and "reserved" in p for p in found), found


def test_the_reserved_name_alone_is_reported_once(problems):
    text = minimal_with({11: "  sts:", 16: "  - {at: 0s, actor: app, action: invoke, function: sts}"})
    found = problems(text)
    assert len([p for p in found if "reserved" in p]) == 1, found
