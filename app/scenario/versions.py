"""Published versions and aliases of a function, as a scenario file writes them.

docs/reference/lambda-behaviour.md §18 (B13) and §19 (B14); AWS:
https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html,
https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html,
https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html.

A version is a frozen copy of the function: here it is written as the handler options, faults,
duration, memory size and timeout in which it differs from `$LATEST` (the function's own keys).
An alias points at one version and may send a share of its traffic to one more version.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema

from app.scenario.fields import STRICT

VERSION_PATTERN = r"^[1-9][0-9]{0,9}$"
"""A published version number (1, 2, …); `$LATEST` is never written under `versions:`."""
_VERSION_OR_LATEST = r"^([1-9][0-9]{0,9}|\$LATEST)$"
ALIAS_PATTERN = r"^[A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*$"
"""CreateAlias Name: letters, digits, - and _, 1–128 characters, not all digits (§18, BOTOM)."""

VERSION_PATTERN_MESSAGES = {
    VERSION_PATTERN: "is not a version number: published versions are 1, 2, 3, …",
    ALIAS_PATTERN: "is not a valid alias name: use letters, digits, '-' and '_', not only digits",
    _VERSION_OR_LATEST: "is not a version: use a published version number or $LATEST",
}
"""What `check` says when a version number or alias name has the wrong form."""


def _number_as_text(value):
    """YAML reads `1` as a number; a version number is text in the Lambda API."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _version_number_as_text(value):
    """A Qualifier written as a number is a version number, and Lambda numbers versions from 1."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 1:
        raise ValueError(f"{value} is not a version number: Lambda numbers versions from 1")
    return _number_as_text(value)


def _keys_as_text(value):
    if isinstance(value, dict):
        return {_number_as_text(k): v for k, v in value.items()}
    return value


VersionNumber = Annotated[str, BeforeValidator(_number_as_text), Field(pattern=VERSION_PATTERN)]
VersionRef = Annotated[str, BeforeValidator(_number_as_text), Field(pattern=_VERSION_OR_LATEST),
                       WithJsonSchema({"anyOf": [
                           {"type": "integer", "minimum": 1, "description": "a version number"},
                           {"type": "string", "pattern": _VERSION_OR_LATEST}]})]
Qualifier = Annotated[str, BeforeValidator(_version_number_as_text), Field(min_length=1, max_length=128),
                      WithJsonSchema({"anyOf": [
                          {"type": "integer", "minimum": 1, "description": "a version number"},
                          {"type": "string", "minLength": 1, "maxLength": 128,
                           "description": "a version number or alias name"}]})]
"""An Invoke or AddPermission Qualifier: a version number, an alias name or $LATEST."""
AliasName = Annotated[str, Field(pattern=ALIAS_PATTERN, max_length=128)]


QUALIFIED_FUNCTION_PATTERN = (r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}"
                              r"(:([1-9][0-9]{0,9}|[A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*))?$")
"""`name` or `name:QUALIFIER` (a version number or alias), as a trigger's FunctionName (§18)."""


def split_function_ref(data):
    """Before validation of a trigger (S3 notification, event source mapping): a `function:`
    written `name:QUALIFIER` becomes `function: name` plus `qualifier: QUALIFIER`, so every
    reader of `.function` keeps getting the function's own name (§18: triggers may name an
    alias or version ARN)."""
    if isinstance(data, dict) and isinstance(data.get("function"), str) and ":" in data["function"]:
        name, _, qualifier = data["function"].partition(":")
        data = {**data, "function": name, "qualifier": qualifier}
    return data


class VersionOverrides(BaseModel):
    """One published version: only the keys that differ from the function's own (`$LATEST`).
    `faults`, `duration` and `init_duration` are typed by `resources.FunctionVersion`."""

    model_config = STRICT
    description: str | None = Field(default=None, description="what changed in this version")
    options: dict[str, Any] | None = Field(default=None, description="the handler's options")
    memory_size: int | None = Field(default=None, ge=128, le=10_240, description="MB")
    timeout: int | None = Field(default=None, ge=1, le=900, description="seconds")
    provisioned_concurrent_executions: int | None = Field(
        default=None, ge=1, description="PutProvisionedConcurrencyConfig on this version: "
                                        "environments Lambda initialises before traffic")


def keyed_by_version(value):
    """`versions:` keys as text (YAML reads `1:` as a number)."""
    return _keys_as_text(value)


class RoutingConfig(BaseModel):
    """AliasRoutingConfiguration: one extra version and the share of invokes it gets."""

    model_config = STRICT
    additional_version_weights: Annotated[
        dict[VersionNumber, Annotated[float, Field(ge=0.0, le=1.0)]],
        BeforeValidator(_keys_as_text)] = Field(
        max_length=1, description="{VERSION: WEIGHT}: one extra published version, weight from 0 to 1")


class Alias(BaseModel):
    """CreateAlias: a name that points at one published version (never `$LATEST` with weights,
    never another alias)."""

    model_config = STRICT
    function_version: VersionRef = Field(description="the version the alias points at, e.g. \"1\"")
    description: str | None = None
    routing_config: RoutingConfig | None = Field(
        default=None, description="weighted alias: send a share of invokes to one more version")
    provisioned_concurrent_executions: int | None = Field(
        default=None, ge=1, description="PutProvisionedConcurrencyConfig on this alias: "
                                        "environments Lambda initialises before traffic")


def invoked_timeout(fn, qualifier: str | None) -> tuple[int, str]:
    """The timeout (seconds) of the version a trigger's `qualifier` runs on function `fn`, and
    which version that is in words ("version 1", "through alias live, which points at version
    1"; "" for `$LATEST`).
    An alias counts as the version it points at (its main version, §18 ALI); a version number as
    itself; no qualifier, `$LATEST` or an unknown one as `$LATEST` (the unknown one is a problem
    of its own). A version without its own `timeout` keeps the function's."""
    if not qualifier or qualifier == "$LATEST":
        return fn.timeout, ""
    alias = fn.aliases.get(qualifier)
    version = alias.function_version if alias is not None else qualifier
    frozen = fn.versions.get(version)
    if frozen is None:
        return fn.timeout, ""
    timeout = frozen.timeout if frozen.timeout is not None else fn.timeout
    return timeout, (f"through alias {qualifier}, which points at version {version}"
                     if alias is not None else f"version {version}")
