"""Property: whatever is done to a built-in file, loading raises ScenarioError or nothing else."""

from __future__ import annotations

import copy
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario_text
from app.scenario.yaml_source import parse_yaml

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
TEXTS = {p: p.read_text(encoding="utf-8") for p in SCENARIOS}
DATA = {p: parse_yaml(text, str(p)).data for p, text in TEXTS.items()}
YAML_SNIPPETS = st.sampled_from([
    "&a ", "*a", "<<: *a\n", "!!python/object:os.system ", "!x ", "[", "]", "{", "}", "- ", ": ", "\t",
    "\n---\n", "? ", "|\n", ">-\n", "'", '"', "#", "%YAML 1.1\n", "\n  ", "~", ".inf", "0x1F", "\x00",
])
JARGON = ("Input should", "instance of", "errors.pydantic.dev", "function-before", "[key]")

odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["", "ten", "2s", "lambda", "sts", "make-thumbnail", "photos",
                                           "AT_TIMESTAMP", "builtin.work", "function", "load", "{n}"]),
    st.lists(st.integers(0, 5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _containers(node, path=()):
    """Every (path, mapping-or-list) in the data, the root first."""
    found = [(path, node)] if isinstance(node, (dict, list)) else []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found += _containers(child, (*path, key))
    return found


def _mutate(data, draw) -> None:
    _, node = draw(st.sampled_from(_containers(data)))
    if not node:
        return
    key = draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
    op = draw(st.sampled_from(["delete", "replace", "rename", "duplicate"]))
    if op == "delete":
        del node[key]
    elif op == "replace":
        node[key] = draw(odd_values)
    elif op == "rename" and isinstance(node, dict):
        node[draw(st.text(min_size=1, max_size=10)) + key[1:]] = node.pop(key)
    elif isinstance(node, list):
        node.insert(key, copy.deepcopy(node[key]))


def _dump(data) -> str:
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(data, stream)
    return stream.getvalue()


@st.composite
def mutated_files(draw):
    path = draw(st.sampled_from(SCENARIOS))
    if draw(st.booleans()):
        text = TEXTS[path]
        at = draw(st.integers(0, len(text)))
        return path, text[:at] + draw(st.one_of(st.text(max_size=20), YAML_SNIPPETS)) + text[at:]
    data = copy.deepcopy(DATA[path])
    for _ in range(draw(st.integers(1, 3))):
        _mutate(data, draw)
    return path, _dump(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files())
def test_mutated_builtin_files_raise_only_scenario_error(case):
    """Deleting keys, odd values, renamed keys, duplicated items or stray text never crash the loader."""
    path, text = case
    try:
        load_scenario_text(text, path)
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError always carries at least one problem"
        for problem in exc.problems:
            assert problem.line >= 1 and problem.col >= 1, problem
            assert problem.message and not any(j in problem.message for j in JARGON), problem
