"""The shipped JSON Schema and `check` agree on a file's structure (issue 13 item 3).

Documents come from the schema itself (tests/scenario/schema_strategy.py) and from mutations of
the built-in scenarios. For each, the schema's verdict (jsonschema, draft 2020-12) and the
loader's structural verdict (the Scenario model, before cross-references) must be the same.
Cross-references (a role that names no resource, …) are checked by `check` only: a JSON Schema
cannot see across the file, so the property is restricted to structure.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from schema_strategy import _ANY, documents

from app.scenario.coercions import converted_booleans
from app.scenario.handler_options import HANDLER_OPTIONS
from app.scenario.models import Scenario
from app.scenario.script import Request
from app.scenario.safety import read_scenario_text
from app.scenario.schema import build_schema
from app.scenario.yaml_source import parse_yaml

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = build_schema()
LOAD_REQUEST = TypeAdapter(Request)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
BUILTINS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
BUILTIN_DATA = [parse_yaml(read_scenario_text(p), str(p)).data for p in BUILTINS]


def _model_accepts(doc) -> tuple[bool, str]:
    """check's structural verdict: the Scenario model (no true/false read as a number), each
    load's request and each function's
    handler options (check validates those two beside the cross-references, in
    app.scenario.crossrefs, because they depend on another key: the handler, the load)."""
    try:
        scenario = Scenario.model_validate(doc)
        if converted_booleans(scenario, doc):  # check refuses true/false read as a number
            return False, f"booleans as numbers: {converted_booleans(scenario, doc)}"
        for stimulus in scenario.script:  # check validates a load's request beside the references
            if stimulus.action == "load":
                request = dict(stimulus.request)
                if {"at", "actor", "repeat", "every"} & set(request):
                    return False, "a load's request takes no at/actor/repeat/every"
                LOAD_REQUEST.validate_python({**request, "at": stimulus.at, "actor": stimulus.actor})
        for fn in scenario.of_type("function").values():
            if fn.handler not in HANDLER_OPTIONS:
                return False, f"unknown handler {fn.handler!r}"
            HANDLER_OPTIONS[fn.handler].model_validate(fn.options)
    except ValidationError as exc:
        return False, repr(str(exc).splitlines()[0:3])
    return True, ""


def _verdicts(doc) -> tuple[bool, bool, str]:
    found = list(VALIDATOR.iter_errors(doc))
    errors = [f"{best.json_path}: {best.message[-160:]}"
              for best in (jsonschema.exceptions.best_match([e]) for e in found)]
    accepted, why = _model_accepts(doc)
    return not errors, accepted, f"schema: {errors[:3]}; check: {why}"


def _agree(doc) -> None:
    schema_ok, check_ok, detail = _verdicts(doc)
    assert schema_ok == check_ok, detail


FAST = settings(max_examples=int(os.environ.get('SCHEMA_AGREE_EXAMPLES', 150)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])


@FAST
@given(documents(SCHEMA))
def test_documents_from_the_schema_get_the_same_verdict_from_check(doc):
    _agree(doc)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


def _at(doc, path):
    for part in path:
        doc = doc[part]
    return doc


@st.composite
def mutated_builtins(draw):
    doc = copy.deepcopy(draw(st.sampled_from(BUILTIN_DATA)))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _at(doc, path[:-1]), path[-1]
        how = draw(st.sampled_from(["delete", "replace", "wrap", "unwrap", "unknown-key"]))
        if how == "delete":
            del parent[key]
        elif how == "replace":
            parent[key] = draw(_ANY)
        elif how == "wrap":
            parent[key] = [parent[key]]
        elif how == "unwrap" and isinstance(parent[key], list) and len(parent[key]) == 1:
            parent[key] = parent[key][0]
        elif how == "unknown-key" and isinstance(parent[key], dict):
            parent[key]["colour"] = "blue"
    return doc


@FAST
@given(mutated_builtins())
def test_mutated_builtins_get_the_same_verdict_from_schema_and_check(doc):
    _agree(doc)


def test_a_single_long_form_trust_statement_is_accepted_by_both():
    """`trusts:` with one mapping (no list) passed the schema but check said "expected a list"."""
    doc = copy.deepcopy(next(d for d in BUILTIN_DATA if "app-user-role" in d["resources"]))
    role = doc["resources"]["app-user-role"]
    role["trusts"] = role["trusts"][0]
    assert _verdicts(doc)[:2] == (True, True)


@pytest.mark.parametrize("change", [
    lambda d: d["resources"]["make-thumbnail"].pop("options"),  # check: target_bucket is required
    lambda d: d["resources"]["make-thumbnail"].update(timeout=True),  # schema: true is no number
    lambda d: d.update(positions={"user": [False, 3]}),
    lambda d: d["resources"].update({"": {"type": "sqs_queue"}}),  # schema: not a valid name
    lambda d: d.update(narration=[{"kind": "invoke"}]),  # schema: neither text nor note
    lambda d: d.update(narration=[{"text": "a", "note": "b"}]),  # schema: both
])
def test_what_the_property_found_is_refused_by_both(change):
    """Differences the property tests found: a thumbnail function without options passed the
    schema; `true`/`false` as a number passed check (pydantic reads true as 1)."""
    doc = copy.deepcopy(next(d for d in BUILTIN_DATA if "make-thumbnail" in d["resources"]))
    change(doc)
    assert _verdicts(doc)[:2] == (False, False)


def test_a_qualifier_of_zero_is_refused_by_both():
    """The property found `qualifier: 0` on an invoke: the schema wants a version number from 1,
    check read it as the text "0" (docs/reference/lambda-behaviour.md §18: versions count from 1)."""
    doc = copy.deepcopy(next(d for d in BUILTIN_DATA
                             if any(e.get("action") == "invoke" for e in d["script"])))
    entry = next(e for e in doc["script"] if e.get("action") == "invoke")
    entry["qualifier"] = 0
    assert _verdicts(doc)[:2] == (False, False)


def test_fail_when_with_only_a_path_is_refused_by_both():
    """The property found `fail_when: {path: body}`: check wants exactly one of equals or
    contains, the schema took the path alone."""
    doc = copy.deepcopy(next(d for d in BUILTIN_DATA if "make-thumbnail" in d["resources"]))
    doc["resources"]["make-thumbnail"]["faults"] = {"fail_when": {"path": "body"}}
    assert _verdicts(doc)[:2] == (False, False)
    doc["resources"]["make-thumbnail"]["faults"] = {"fail_when": {"path": "body", "equals": "x"}}
    assert _verdicts(doc)[:2] == (True, True)


@pytest.mark.parametrize("age, valid", [(0, False), (59, False), (-1, True), (60, True),
                                        (604_800, True), (604_801, False)])
def test_a_record_age_under_60_is_refused_by_both(age, valid):
    """The property found `maximum_record_age_in_seconds: 0`: the schema took -1 to 604,800,
    check refuses 0-59 as CreateEventSourceMapping does (lambda-behaviour.md §5, ESM)."""
    doc = copy.deepcopy(next(d for d in BUILTIN_DATA if any(
        r.get("type") == "event_source_mapping" and r.get("starting_position")
        for r in d["resources"].values())))  # a stream's mapping
    mapping = next(r for r in doc["resources"].values()
                   if r.get("type") == "event_source_mapping" and r.get("starting_position"))
    mapping["maximum_record_age_in_seconds"] = age
    assert _verdicts(doc)[:2] == (valid, valid)
