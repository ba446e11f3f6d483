"""What the mappers share while turning one expanded template into scenario resources.

`Context` holds each resource's resolved properties, the scenario resources made so far
(`out`: name → mapping, in the order they will be written), the index from ARNs, URLs and
names back to scenario resources, and the two lists the lesson reports: what was left out
(`left_out`) and what was guessed (`guessed`).
"""

from __future__ import annotations

import json

from dataclasses import dataclass, field
from typing import Any, Iterable

from app.importers.names import Names

# CloudFormation type → scenario type, for the types the importer maps to a resource of its own.
SCENARIO_TYPE = {
    "AWS::Lambda::Function": "function", "AWS::S3::Bucket": "s3_bucket",
    "AWS::SQS::Queue": "sqs_queue", "AWS::SNS::Topic": "sns_topic",
    "AWS::DynamoDB::Table": "dynamodb_table", "AWS::Kinesis::Stream": "kinesis_stream",
    "AWS::IAM::Role": "iam_role", "AWS::Events::Rule": "eventbridge_rule",
    "AWS::ApiGateway::RestApi": "api_gateway", "AWS::ApiGatewayV2::Api": "api_gateway",
    "AWS::Lambda::EventSourceMapping": "event_source_mapping",
    "AWS::Cognito::IdentityPool": "cognito_identity_pool", "AWS::Scheduler::Schedule": "eventbridge_rule",
}


@dataclass
class Target:
    """A scenario resource an ARN, URL or name points at; `qualifier` for alias/version ARNs."""

    kind: str
    name: str
    qualifier: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.name}:{self.qualifier}" if self.qualifier else self.name


@dataclass
class Context:
    """One import's shared state (see the module docstring)."""

    names: Names
    types: dict[str, str]  # logical id → CloudFormation type (existing resources only)
    props: dict[str, dict[str, Any]]  # logical id → resolved Properties
    region: str
    account: str
    out: dict[str, dict[str, Any]] = field(default_factory=dict)
    logical_of: dict[str, str] = field(default_factory=dict)  # scenario name → logical id
    index: dict[str, Target] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    policy_gaps: list[str] = field(default_factory=list)  # policy statements left out (also in left_out)

    def of_type(self, cfn_type: str) -> list[tuple[str, dict[str, Any]]]:
        """(logical id, resolved properties) of every resource of that type, in template order."""
        return [(k, self.props.get(k, {})) for k, t in self.types.items() if t == cfn_type]

    def lookup(self, value: Any) -> Target | None:
        """The scenario resource behind an ARN, queue URL or name (None: not in the template)."""
        if not isinstance(value, str):
            return None
        if value in self.index:
            return self.index[value]
        if ":function:" in value:  # a qualified function ARN
            base, _, qualifier = value.rpartition(":")
            found = self.index.get(base)
            if found and found.kind == "function":
                return Target("function", found.name, qualifier)
        return None

    def leave_out(self, logical: str, what: str, why: str = "not simulated") -> None:
        self.left_out.append(f"{logical}: {what}: {why}")

    def rest(self, logical: str, props: dict[str, Any], used: set[str], quiet=("Tags",)) -> None:
        """List every property of `props` that the mapper did not use."""
        for key in props:
            if key not in used and key not in quiet:
                self.leave_out(logical, key)


def build_index(ctx: Context) -> None:
    """ARNs, URLs and names of every mapped resource → its scenario resource."""
    names = ctx.names
    for logical, cfn_type in ctx.types.items():
        kind = SCENARIO_TYPE.get(cfn_type)
        if kind is None or kind == "event_source_mapping":  # named by the mapper: SOURCE-to-FUNCTION
            continue
        name = names.name(logical)
        ctx.logical_of[name] = logical
        target = Target(kind, name)
        keys = {names.ref(logical), names.getatt(logical, "Arn")}
        if cfn_type == "AWS::DynamoDB::Table":
            keys.add(names.getatt(logical, "StreamArn"))
        for key in keys:
            if isinstance(key, str):
                ctx.index[key] = target
    for logical, cfn_type in ctx.types.items():
        if cfn_type in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
            arn = names.ref(logical)
            base, _, qualifier = arn.rpartition(":")
            found = ctx.index.get(base)
            if found is not None:
                ctx.index[arn] = Target("function", found.name, qualifier)


def unqualify_permissions(ctx: Context, function: str, principal: str) -> None:
    """A trigger the scenario can only point at the bare function (SNS, EventBridge, an API
    route): the function's permissions for that `principal` lose their qualifier too."""
    for permission in ctx.out[function].get("permissions", []):
        if permission.get("principal") == principal:
            permission.pop("qualifier", None)


def as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def copy_ints(target: dict[str, Any], props: dict[str, Any], keys: Iterable[tuple[str, str]]) -> None:
    """For each (scenario key, CloudFormation property) in `keys`, in order: `target[key]` = the
    property's value when it reads as a whole number (as_int); properties without one are skipped."""
    for key, prop in keys:
        value = as_int(props.get(prop))
        if value is not None:
            target[key] = value


def as_object(value: Any) -> dict | None:
    """A JSON object given either as a mapping or as JSON text (CloudFormation accepts both for
    policy documents, RedrivePolicy and EventPattern); None for anything else or bad JSON."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None
