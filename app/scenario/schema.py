"""The scenario format as a JSON Schema, so editors can autocomplete and check scenario files.

Generated from the pydantic models, then adjusted where the models accept more than their
types say (one string where a list is expected, `trusts: lambda.amazonaws.com`) and where a
field's shape depends on another (`options` on `handler`, `load.request` on `action`).
The committed `scenario.schema.json` is regenerated with `python -m app.scenario.schema --write`;
a test fails when it drifts from the models.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

from app.scenario.handler_options import HANDLER_OPTIONS
from app.scenario.models import Scenario

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")
SCHEMA_ID = "urn:lambdascope:scenario-format:1"
REQUEST_DEFS = ("Invoke", "HttpRequest", "PutRecord", "PutItem", "PutObject")
_LOAD_DECIDES = ("at", "actor", "repeat", "every")

DESCRIPTIONS = {
    "Scenario": "A LambdaScope scenario: resources, what actors do over time, and how to present it.",
    "S3Bucket": "An Amazon S3 bucket. Its notifications are the bucket's notification configuration: "
                "for S3 the event source mapping lives here, not in Lambda.",
    "DynamoDBTable": "A DynamoDB table; turn its stream on so an event source mapping can read it.",
    "KinesisStream": "A Kinesis data stream that Lambda polls through an event source mapping.",
    "CognitoIdentityPool": "An Amazon Cognito identity pool that hands mobile apps temporary AWS credentials.",
    "IamRole": "An IAM role: a trust policy (who may assume it) and permissions policies.",
    "Function": "A Lambda function running one of the built-in handlers.",
    "TableStream": "DynamoDB Streams settings of a table.",
    "DurationDistribution": "A random duration drawn from the scenario's seeded generator.",
    "OnFailure": "Where discarded records go.",
    "ApiRoute": "One method and path of the API, integrated with a function (Lambda proxy integration).",
    "PutObject": "An actor uploads an object to a bucket (S3 PutObject).",
    "DeleteObject": "An actor deletes an object (S3 DeleteObject).",
    "PutItem": "An actor writes an item to a table (DynamoDB PutItem).",
    "UpdateItem": "An actor changes attributes of an item (DynamoDB UpdateItem).",
    "DeleteItem": "An actor deletes an item (DynamoDB DeleteItem).",
    "PutRecord": "An actor writes a record to a stream (Kinesis PutRecord).",
    "HttpRequest": "A browser or app sends an HTTP request to the API.",
    "Invoke": "An actor calls the Lambda Invoke API directly (the on-demand model).",
}


def _one_or_many(prop: dict) -> dict:
    """`x` or `[x, …]`: the models accept a single value where a list is expected."""
    array = {k: v for k, v in prop.items() if k not in ("title", "description", "default")}
    outer = {k: prop[k] for k in ("title", "description", "default") if k in prop}
    return {**outer, "anyOf": [copy.deepcopy(prop["items"]), array]}


def _handler_options(defs: dict) -> None:
    """`handler:` is one of the built-ins, and `options:` follows that handler's option model."""
    function = defs["Function"]
    function["properties"]["handler"]["enum"] = list(HANDLER_OPTIONS)
    rules = []
    for handler, model in HANDLER_OPTIONS.items():
        option_schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(option_schema.pop("$defs", {}))
        defs[model.__name__] = option_schema
        then = {"properties": {"options": {"$ref": f"#/$defs/{model.__name__}"}}}
        if option_schema.get("required"):  # e.g. builtin.thumbnail needs its target_bucket
            then["required"] = ["options"]
        rules.append({"if": {"properties": {"handler": {"const": handler}}, "required": ["handler"]},
                      "then": then})
    function["allOf"] = rules


def _load_requests(defs: dict) -> None:
    """A load's `request` is one of five actions, written without at/actor (the load supplies them)."""
    refs = []
    for name in REQUEST_DEFS:
        request = copy.deepcopy(defs[name])
        for key in _LOAD_DECIDES:
            request["properties"].pop(key, None)
        request["required"] = [r for r in request.get("required", []) if r not in _LOAD_DECIDES]
        request["title"] = f"Load{name}"
        defs[f"Load{name}"] = request
        refs.append({"$ref": f"#/$defs/Load{name}"})
    load = defs["Load"]["properties"]["request"]
    defs["Load"]["properties"]["request"] = {"description": load.get("description", ""), "oneOf": refs}
    # a burst sends every request at once: `rate` and `duration` are refused on it (Load's validator)
    defs["Load"]["if"] = {"properties": {"pattern": {"const": "burst"}}, "required": ["pattern"]}
    defs["Load"]["then"] = {"not": {"anyOf": [{"required": ["rate"]}, {"required": ["duration"]}]}}


def _only_pattern_keys(node: Any) -> None:
    """`dict[Name, …]` comes out as patternProperties, which lets any other key through; the
    models refuse a key that is not a valid name, so the schema does too."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _only_pattern_keys(value)
    elif isinstance(node, list):
        for value in node:
            _only_pattern_keys(value)


def _exactly_one(defs: dict, name: str, keys: dict[str, dict]) -> None:
    """Let definition `name` hold exactly one of `keys` (each with the schema its value needs)."""
    if name in defs and set(keys) <= set(defs[name].get("properties", {})):
        defs[name]["oneOf"] = [{"required": [key], "properties": {key: rule}}
                               for key, rule in keys.items()]


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    schema = Scenario.model_json_schema()
    defs = schema["$defs"]
    props = schema["properties"]
    props["teaches"] = _one_or_many(props["teaches"])
    statement = defs["PolicyStatement"]["properties"]
    for key in ("action", "resource"):
        statement[key] = _one_or_many(statement[key])
    trusts = defs["IamRole"]["properties"]["trusts"]
    trusts["items"] = {"anyOf": [{"type": "string", "description": "a service principal"}, trusts["items"]]}
    defs["IamRole"]["properties"]["trusts"] = _one_or_many(trusts)
    _handler_options(defs)
    _load_requests(defs)
    _only_pattern_keys(schema)
    # the models' "exactly one of" rules: a narration entry's text (replaces the narration) or
    # note (adds to it); fail_when's equals or contains (null counts as absent, as in the model)
    _exactly_one(defs, "NarrationOverride", {"text": {"type": "string"}, "note": {"type": "string"}})
    _exactly_one(defs, "FailWhen", {"equals": {"not": {"type": "null"}}, "contains": {"type": "string"}})
    for name, text in DESCRIPTIONS.items():
        (schema if name == "Scenario" else defs.get(name, {})).setdefault("description", text)
    schema["title"] = "LambdaScope scenario"
    header = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID}
    return {**header, **{k: v for k, v in schema.items() if k != "$defs"},
            "$defs": dict(sorted(defs.items()))}


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.scenario.schema", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {SCHEMA_PATH.name} next to this module")
    args = parser.parse_args(argv)
    if args.write:
        SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
    else:
        sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
