"""The YAML reader: plain data, a position for every key, YAML 1.2 scalars, and only ScenarioError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.scenario.errors import ScenarioError
from app.scenario.yaml_source import parse_yaml


def test_positions_of_keys_and_items():
    """Keys map to their own line and column (1-based); list items to the item."""
    source = parse_yaml("a:\n  b: 1\n  c: [x, y]\n", "f.yaml")
    assert source.data == {"a": {"b": 1, "c": ["x", "y"]}}
    assert source.locations.of(("a", "b")) == (2, 3)
    assert source.locations.of(("a", "c", 1)) == (3, 10)
    assert source.locations.of(("a", "missing")) == (1, 1)  # falls back to the nearest parent


def test_yaml_1_2_scalars():
    """Only true/false are booleans; yes/on stay text; dates stay text; numbers in all bases."""
    source = parse_yaml("a: [yes, on, true, False, ~, 0x1F, 0o17, 1_000, 1.5e3, 2024-01-01, '12']\n", "f")
    assert source.data["a"] == ["yes", "on", True, False, None, 31, 15, 1000, 1500.0, "2024-01-01", "12"]


def test_anchors_aliases_and_merges():
    """`<<: *base` merges, explicit keys win, and merged keys point at the anchored lines."""
    source = parse_yaml("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", "f")
    assert source.data["other"] == {"x": 1, "y": 3}
    assert source.locations.of(("other", "x")) == (1, 11)


def test_every_duplicate_key_is_reported():
    """Two duplicates give two problems, not one."""
    try:
        parse_yaml("a: 1\na: 2\nb: 1\nb: 2\n", "f")
    except ScenarioError as exc:
        assert [str(p) for p in exc.problems] == [
            "f:2:1: a: duplicate key 'a' (first written at line 1)",
            "f:4:1: b: duplicate key 'b' (first written at line 3)"]
    else:
        raise AssertionError("duplicates must be refused")


YAMLISH = st.text(alphabet=st.sampled_from(list("ab01:-[]{}&*!<>|'\"#?,.~% \n\t")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_gives_data_or_scenario_error(text):
    """Random YAML-ish text never raises anything but ScenarioError, and problems carry lines."""
    try:
        source = parse_yaml(text, "f")
    except ScenarioError as exc:
        assert exc.problems and all(p.line >= 1 and p.col >= 1 for p in exc.problems)
    else:
        assert isinstance(source.data, dict)
