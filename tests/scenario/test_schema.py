"""The JSON Schema is generated from the models and the committed copy never drifts."""

from __future__ import annotations

import json

import pytest

from app.scenario.handler_options import HANDLER_OPTIONS
from app.scenario.resources import RESOURCE_TYPES
from app.scenario.schema import SCHEMA_PATH, build_schema, schema_text


def test_committed_schema_matches_the_models():
    """Regenerate with `python -m app.scenario.schema --write` when this fails."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_schema_header():
    """Draft 2020-12, with an id, a title and a description for editors."""
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] == "LambdaScope scenario" and schema["description"]
    assert set(schema["required"]) == {"title", "teaches", "summary", "resources", "script"}


def test_schema_offers_every_resource_type():
    """Autocompletion of `type:` lists exactly the loader's resource types."""
    defs = build_schema()["$defs"]
    offered = set()
    for definition in defs.values():
        type_prop = definition.get("properties", {}).get("type", {})
        if "const" in type_prop:
            offered.add(type_prop["const"])
        offered.update(type_prop.get("enum", []))
    assert offered == set(RESOURCE_TYPES)


def test_schema_ties_options_to_the_handler():
    """`handler:` lists the built-ins and `options:` follows the chosen handler's option model."""
    function = build_schema()["$defs"]["Function"]
    assert function["properties"]["handler"]["enum"] == list(HANDLER_OPTIONS)
    thens = {rule["if"]["properties"]["handler"]["const"]: rule["then"]["properties"]["options"]["$ref"]
             for rule in function["allOf"]}
    assert thens["builtin.thumbnail"] == "#/$defs/ThumbnailOptions"


def test_schema_accepts_the_shorthands_the_models_accept():
    """`teaches: push` and `trusts: lambda.amazonaws.com` are valid in the schema too."""
    schema = build_schema()
    assert {"type": "array"}.items() <= schema["properties"]["teaches"]["anyOf"][1].items()
    trusts = schema["$defs"]["IamRole"]["properties"]["trusts"]["anyOf"]
    assert trusts[0]["anyOf"][0]["type"] == "string"


def test_schema_rejects_a_misspelt_key():
    """With a validator installed, the schema itself catches `sufix:` (needs jsonschema)."""
    jsonschema = pytest.importorskip("jsonschema")
    data = {"title": "t", "teaches": "push", "summary": "s", "script": [{"at": 0, "actor": "a", "action": "invoke",
                                                                        "function": "f"}],
            "resources": {"b": {"type": "s3_bucket", "notifications": [{"events": ["s3:ObjectCreated:*"],
                                                                        "function": "f", "sufix": ".jpg"}]}}}
    errors = list(jsonschema.Draft202012Validator(json.loads(schema_text())).iter_errors(data))
    assert errors
