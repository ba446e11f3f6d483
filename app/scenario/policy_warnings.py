"""Warnings from the file alone: a policy statement that names an action or a resource that is not there.

IAM does not refuse a policy for an action that does not exist (the console only flags it), and
an ARN is just text: `sqs:SendMesage`, or `…:sqs:us-east-1:123456789012:order` for the queue
`orders`, simply never matches, and the call it was meant to allow is refused as if no statement
were there (docs/reference/lambda-behaviour.md §6: actions match case-insensitively, resources
case-sensitively, both with `*` and `?`). `check` warns at the statement's own line, with the
closest real name, and (app.engine.lesson_warnings) does not repeat the refusal it causes.

What counts as "not there":
- an action of a service LambdaScope simulates that names none of that service's actions
  (app.scenario.iam_actions), case-insensitively, or with wildcards matches none; a service prefix
  that is a near miss of one of those services;
- an ARN of this scenario's account and Region (S3 and IAM ARNs have none) for a kind of resource
  the scenario models, whose name has no wildcard and is not declared. ARNs with wildcards in the
  name, of other accounts or Regions, or of kinds LambdaScope does not model are left alone;
- a principal of a function permission or a trust statement that is a near miss of a service
  principal (`sns.amazon.com` for sns.amazonaws.com).
Qt-free; no engine needed.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterator

from app.scenario.iam_actions import ACTIONS
from app.scenario.timeout_warnings import FileWarning

_LOWER = {service: {a.lower(): a for a in names} for service, names in ACTIONS.items()}


def _glob(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(f"^{body}$", re.IGNORECASE | re.DOTALL)


def action_advice(action: str) -> tuple[str, str | None] | None:
    """None when `action` is fine (or of a service LambdaScope does not know); else (what is
    wrong, the corrected action or None)."""
    if action == "*" or ":" not in action:
        return None if action == "*" else (f"'{action}' is not an action: IAM writes service:Action "
                                           f"(e.g. sqs:SendMessage)", None)
    service, name = action.split(":", 1)
    known = _LOWER.get(service.lower())
    if known is None:
        close = difflib.get_close_matches(service.lower(), list(ACTIONS), n=1, cutoff=0.75)
        if not close:
            return None  # a service LambdaScope does not simulate: nothing to say
        fixed = action_advice(f"{close[0]}:{name}")
        better = fixed[1] if fixed else f"{close[0]}:{name}"
        return f"there is no service prefix '{service}'", better
    if "*" in name or "?" in name:
        pattern = _glob(name)
        if any(pattern.match(a) for a in known):
            return None
        return f"'{action}' matches no action of {service}", None
    if name.lower() in known:
        return None
    close = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
    return (f"{service} has no action '{name}'", f"{service.lower()}:{known[close[0]]}" if close else None)


# service → (resource type, how the ARN's resource part names it)
_ARN_KINDS = {
    "sqs": ("sqs_queue", re.compile(r"^(?P<name>[^:/]+)$")),
    "sns": ("sns_topic", re.compile(r"^(?P<name>[^:/]+)(:[^/]*)?$")),
    "lambda": ("function", re.compile(r"^function:(?P<name>[^:/]+)(:[^/]*)?$")),
    "dynamodb": ("dynamodb_table", re.compile(r"^table/(?P<name>[^/]+)(/.*)?$")),
    "kinesis": ("kinesis_stream", re.compile(r"^stream/(?P<name>[^/]+)(/.*)?$")),
    "events": ("eventbridge_rule", re.compile(r"^rule/(?P<name>[^/]+)$")),
    "s3": ("s3_bucket", re.compile(r"^(?P<name>[^/]+)(/.*)?$")),
    "iam": ("iam_role", re.compile(r"^role/(?P<name>[^/]+)$")),
}
_KIND_WORDS = {"sqs_queue": "queue", "sns_topic": "topic", "function": "function",
               "dynamodb_table": "table", "kinesis_stream": "stream",
               "eventbridge_rule": "rule", "s3_bucket": "bucket", "iam_role": "role"}


def arn_advice(scenario, arn: str) -> tuple[str, str | None] | None:
    """None when `arn` names a resource of this scenario, has a wildcard in the name, or is
    outside it; else (what is wrong, the ARN with the closest name, or None)."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[1] != "aws" or parts[2] not in _ARN_KINDS:
        return None
    _, _, service, region, account, rest = parts
    settings = scenario.settings
    if service in ("s3", "iam"):
        if region or (account if service == "s3" else account != settings.account_id):
            return None  # an access point, a job, another account's role: not modelled
    elif region != settings.region or account != settings.account_id:
        return None  # another Region or account: legitimately outside the scenario
    kind, shape = _ARN_KINDS[service]
    match = shape.match(rest)
    if not match:
        return None
    name = match.group("name")
    if "*" in name or "?" in name:
        return None
    names = list(scenario.of_type(kind))
    if name in names:
        return None
    word = _KIND_WORDS[kind]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    fixed = arn[:len(arn) - len(rest)] + rest[:match.start("name")] + close[0] + rest[match.end("name"):] \
        if close else None
    return f"this scenario has no {word} named '{name}'", fixed


# The service principals of the services LambdaScope simulates (and that a lesson's policies
# name): a principal one letter or word off one of these never matches (§6).
SERVICE_PRINCIPALS = ("lambda.amazonaws.com", "s3.amazonaws.com", "sns.amazonaws.com",
                      "sqs.amazonaws.com", "events.amazonaws.com", "scheduler.amazonaws.com",
                      "apigateway.amazonaws.com", "cognito-identity.amazonaws.com",
                      "logs.amazonaws.com")


def principal_advice(principal: str) -> tuple[str, str | None] | None:
    """None when `principal` is a service principal LambdaScope knows, an account id, an ARN,
    `*`, or nothing like a known one; else (what is wrong, the service principal meant).
    Principals compare exactly, so `sns.amazon.com` matches no call SNS makes (§6)."""
    if principal in SERVICE_PRINCIPALS or "." not in principal or principal.startswith("arn:"):
        return None
    domain = ".amazonaws.com"
    if principal.endswith(domain):  # the right domain: only a near-miss service name is wrong
        services = [p.removesuffix(domain) for p in SERVICE_PRINCIPALS]
        close = difflib.get_close_matches(principal.removesuffix(domain).lower(), services, n=1,
                                          cutoff=0.75)
        return ("not a service principal", close[0] + domain) if close else None
    close = difflib.get_close_matches(principal.lower(), SERVICE_PRINCIPALS, n=1, cutoff=0.8)
    return ("not a service principal", close[0]) if close else None


def _statements(scenario) -> Iterator[tuple[str, str, int, object]]:
    """(owner, key, index, statement) for every statement that names actions or ARNs."""
    for name, resource in scenario.resources.items():
        for key in ("policies", "permissions", "trusts"):
            for i, statement in enumerate(getattr(resource, key, None) or ()):
                yield name, key, i, statement


def _values(statement, field: str) -> list[tuple[tuple, str]]:
    """(path under the statement, value) for a field holding one string or several."""
    value = getattr(statement, field, None)
    if value is None:
        return []
    if isinstance(value, str):
        return [((field,), value)]
    return [((field,) if len(value) == 1 else (field, j), v) for j, v in enumerate(value)]


def _findings(scenario) -> Iterator[tuple[str, str, int, tuple, str, tuple[str, str | None]]]:
    for owner, key, i, statement in _statements(scenario):
        for sub, action in _values(statement, "action"):
            found = action_advice(action)
            if found:
                yield owner, key, i, sub, action, found
        if key in ("permissions", "trusts"):
            found = principal_advice(statement.principal)
            if found:
                yield owner, key, i, ("principal",), statement.principal, found
        fields = ("resource",) if key == "policies" else ("source_arn",) if key == "permissions" else ()
        for field in fields:
            for sub, arn in _values(statement, field):
                found = arn_advice(scenario, arn)
                if found:
                    yield owner, key, i, sub, arn, found


def policy_warnings(scenario) -> list[FileWarning]:
    """One warning per action or ARN in a policy statement that names nothing real (see the
    module), at its own line, with the corrected value when one is close, in file order."""
    out = []
    for owner, key, i, sub, value, (what, fixed) in _findings(scenario):
        if sub[0] == "principal":
            why = ("so this statement never matches the service's calls (principals compare "
                   "exactly, lambda-behaviour.md §6)")
            aside = ""
        elif sub[0] == "action":
            why = "so this statement never matches the call it was meant for"
            aside = (" (LambdaScope knows the actions of the services it simulates; if AWS added "
                     "this one lately, ignore this warning.)")
        else:
            why = ("so this statement never matches the call it was meant for (ARNs compare "
                   "exactly, case included)")
            aside = ""
        if fixed and len(sub) == 1:
            fix = f" Did you mean {fixed}? Write `{sub[0]}: \"{fixed}\"` in its place."
        elif fixed:
            fix = f" Did you mean {fixed}? Write \"{fixed}\" in its place in the list."
        else:
            fix = ""
        out.append(FileWarning(("resources", owner, key, i, *sub),
                               f"warning: {value}: {what}, {why}.{fix}{aside}"))
    return out


def explains_refusal(scenario, decision) -> bool:
    """Would the refused call in `decision` (a PermissionDecision) be allowed by a statement of
    the refusing policy once its misspelt action or ARN is corrected? Then the statement's own
    warning is the one to read, and the refusal is not warned again."""
    flagged: dict[tuple[str, str, int], dict[tuple, str]] = {}
    for owner, key, i, sub, value, (_, fixed) in _findings(scenario):
        if fixed:
            flagged.setdefault((owner, key, i), {})[sub] = fixed
    for (owner, key, i), fixes in flagged.items():
        if not decision.policy.endswith(f" {owner}"):
            continue
        statement = getattr(scenario.resources[owner], key)[i]
        actions = [fixes.get(sub, v) for sub, v in _values(statement, "action")] or ["lambda:InvokeFunction"]
        if not any(_glob(a).match(decision.action) for a in actions):
            continue
        if key == "policies":
            resources = [fixes.get(sub, v) for sub, v in _values(statement, "resource")]
            if any(re.compile(_glob(r).pattern, re.DOTALL).match(decision.resource) for r in resources):
                return True
        elif fixes.get(("principal",), decision.principal) == decision.principal:
            return any(sub[0] in ("source_arn", "action", "principal") for sub in fixes)
    return False
