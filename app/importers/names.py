"""Physical names and ARNs for the resources of an expanded template.

Each mapped resource gets the scenario name it will have: its physical name where the template
sets one (BucketName, FunctionName, QueueName, TopicName, TableName, Name, RoleName, …), else a
readable name made from its logical id (`ThumbnailFunction` → `thumbnail-function`), made fit
for a scenario (letters, digits, `.`, `_`, `-`, at most 63 characters, unique, not `lambda` or
`sts`). `Ref` and `Fn::GetAtt` of a resource answer with that name, in the shape CloudFormation
documents for each type ("Ref" and "Fn::GetAtt" return values in the AWS resource reference),
and with the ARNs the engine uses (app.engine.simulation).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from app.importers.arns import ARN_KIND, arn

NAME_PROPERTY = {
    "AWS::Lambda::Function": "FunctionName", "AWS::S3::Bucket": "BucketName",
    "AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName",
    "AWS::DynamoDB::Table": "TableName", "AWS::Kinesis::Stream": "Name",
    "AWS::IAM::Role": "RoleName", "AWS::Events::Rule": "Name",
    "AWS::Cognito::IdentityPool": "IdentityPoolName", "AWS::Scheduler::Schedule": "Name",
}
RESERVED = {"lambda", "sts"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_BAD = re.compile(r"[^A-Za-z0-9._-]+")
STREAM_LABEL = "2026-01-01T00:00:00.000"  # the engine's label: a table made at simulated time 0


def readable(logical_id: str) -> str:
    """`ThumbnailFunction` → `thumbnail`, `ThumbnailFunctionRole` → `thumbnail-role`,
    `SQSQueue` → `sqs-queue`: the words, lower case, without SAM's `Function` filler."""
    words = _CAMEL.sub("-", logical_id).lower().split("-")
    kept = [w for w in words if w != "function"]
    return "-".join(kept if kept else words)


def fit(name: str) -> str:
    """A scenario resource name from any text: allowed characters only, at most 63."""
    name = _BAD.sub("-", name).strip("-._") or "resource"
    if not name[0].isalnum():
        name = "r" + name
    return name[:63].rstrip("-._") or "resource"


class Names:
    """The scenario name, Ref value and GetAtt values of each resource.

    `resources`: logical id → resource dict of the expanded template (only those that exist:
    resources whose Condition is false are left out by the caller). `name_of(logical_id, raw)`
    is given a callback that resolves a property value (to follow `!Sub` in names)."""

    def __init__(self, resources: dict[str, dict], region: str, account: str) -> None:
        self.resources = resources
        self.region = region
        self.account = account
        self.names: dict[str, str] = {}
        self._taken: set[str] = set()
        self._versions: dict[str, str] = {}
        self._resolving: set[str] = set()
        self.resolve_property = lambda logical, value: value  # set by the importer

    # -- names -------------------------------------------------------------------------------
    def name(self, logical: str) -> str:
        """The scenario name of a resource (computed once)."""
        if logical in self.names:
            return self.names[logical]
        resource = self.resources.get(logical) or {}
        kind = resource.get("Type", "")
        wanted = None
        prop = NAME_PROPERTY.get(kind)
        props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        if prop and prop in props and logical not in self._resolving:
            self._resolving.add(logical)
            try:
                value = self.resolve_property(logical, props[prop])
            finally:
                self._resolving.discard(logical)
            if isinstance(value, str) and value:
                wanted = value
        if logical in self.names:  # a cycle through the name property settled it already
            return self.names[logical]
        base = fit(wanted or readable(logical))
        from app.importers.context import as_bool  # context imports this module

        if kind == "AWS::SQS::Queue" and as_bool(props.get("FifoQueue")) \
                and not base.endswith(".fifo"):  # read as map_services reads it ("True" too)
            base = fit(base[:58]) + ".fifo"
        self.names[logical] = self.claim(base)
        return self.names[logical]

    def claim(self, base: str) -> str:
        """`base` made fit and unique (`-2`, `-3`, … when taken), and reserved."""
        base = fit(base)
        name, n = base, 2
        while name in self._taken or name in RESERVED:
            suffix = f"-{n}"
            name, n = fit(base[:63 - len(suffix)]) + suffix, n + 1
        self._taken.add(name)
        return name

    def version_number(self, logical: str) -> str:
        """AWS::Lambda::Version resources are numbered 1, 2, … per function, in template order."""
        if not self._versions:
            counts: dict[str, int] = {}
            for key, res in self.resources.items():
                if res.get("Type") == "AWS::Lambda::Version":
                    fn = _logical_in(res.get("Properties", {}).get("FunctionName"))
                    counts[fn] = counts.get(fn, 0) + 1
                    self._versions[key] = str(counts[fn])
        return self._versions.get(logical, "1")

    def api_id(self, logical: str) -> str:
        return hashlib.sha1(logical.encode()).hexdigest()[:10]

    # -- Ref and GetAtt ----------------------------------------------------------------------
    def ref(self, logical: str) -> Any:
        """What `!Ref logical` returns, or None when there is no such resource."""
        resource = self.resources.get(logical)
        if resource is None:
            return None
        kind = resource.get("Type", "")
        name = self.name(logical)
        r, a = self.region, self.account
        props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        if kind == "AWS::SQS::Queue":
            return f"https://sqs.{r}.amazonaws.com/{a}/{name}"
        if kind == "AWS::SNS::Topic":
            return arn("sns_topic", name, r, a)
        if kind in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"):
            return self.api_id(logical)
        if kind == "AWS::ApiGateway::Stage":
            stage = props.get("StageName")
            return stage if isinstance(stage, str) else name
        if kind == "AWS::Lambda::Version":
            fn = self.function_of(props.get("FunctionName"))
            return f"{arn('function', fn, r, a)}:{self.version_number(logical)}"
        if kind == "AWS::Lambda::Alias":
            fn = self.function_of(props.get("FunctionName"))
            alias = props.get("Name") if isinstance(props.get("Name"), str) else name
            return f"{arn('function', fn, r, a)}:{alias}"
        if kind == "AWS::Cognito::IdentityPool":
            return f"{r}:{hashlib.sha1(logical.encode()).hexdigest()[:8]}-0000-4000-8000-000000000000"
        return name

    def getatt(self, logical: str, attribute: str) -> Any:
        """What `!GetAtt logical.attribute` returns, or None when there is no such resource."""
        resource = self.resources.get(logical)
        if resource is None:
            return None
        kind = resource.get("Type", "")
        name, r, a = self.name(logical), self.region, self.account
        if attribute in ("Arn", "TopicArn", "AliasArn") and kind in ARN_KIND:
            return arn(ARN_KIND[kind], name, r, a)
        if kind == "AWS::DynamoDB::Table" and attribute in ("StreamArn", "LatestStreamArn"):
            return f"{arn('dynamodb_table', name, r, a)}/stream/{STREAM_LABEL}"
        if kind == "AWS::Lambda::Version" and attribute == "Version":
            return self.version_number(logical)
        if kind in ("AWS::Lambda::Alias", "AWS::Lambda::Version") and attribute in ("Arn", "AliasArn"):
            return self.ref(logical)
        simple = {"QueueName": name, "TopicName": name, "Name": name, "RoleId": f"AROA{name.upper()}",
                  "QueueUrl": self.ref(logical), "DomainName": f"{name}.s3.amazonaws.com",
                  "RegionalDomainName": f"{name}.s3.{r}.amazonaws.com",
                  "RootResourceId": "root", "Id": self.ref(logical)}
        if attribute in simple:
            return simple[attribute]
        return f"{name}-{attribute.lower()}"

    def function_of(self, value: Any) -> str:
        """The function name in a FunctionName property (a logical-id Ref, a name or an ARN)."""
        logical = _logical_in(value)
        if logical in self.resources:
            return self.name(logical)
        if isinstance(value, str):
            return value.split(":function:", 1)[-1].split(":")[0]
        return "unknown"


def _logical_in(value: Any) -> str:
    """The logical id inside `{"Ref": X}` or `{"Fn::GetAtt": [X, …]}` (else "")."""
    if isinstance(value, dict) and len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref" and isinstance(arg, str):
            return arg
        if key == "Fn::GetAtt":
            if isinstance(arg, str):
                return arg.split(".", 1)[0]
            if isinstance(arg, list) and arg and isinstance(arg[0], str):
                return arg[0]
    return ""
