"""The fixes `check` suggests, written so a teacher can paste them as they are.

Every suggestion that adds something names the resource it goes in and the key, and takes the
form that fits the file as it is:

- the key is not there yet: ``add to NAME: `KEY: [ITEM]` ``;
- the key holds a list already (a second `KEY:` would be a duplicate key): ``add `ITEM` as one
  more item of NAME's `KEY:` list``.

ITEM is a YAML flow mapping (or a plain word) that validates as it stands: a resource-based
policy statement carries the `sid` and `principal` AddPermission requires, with a Sid the
resource does not use yet. `tests/commands/test_check_suggestions.py` pastes every kind of
suggestion into a file and checks it again. Qt-free.
"""

from __future__ import annotations

import re

from app.english import possessive

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")

# Sids for the service principals a lesson uses (AddPermission's StatementId is free text).
_SID_BASES = {"s3.amazonaws.com": "AllowS3", "sns.amazonaws.com": "AllowSNS",
              "events.amazonaws.com": "AllowEventBridge", "apigateway.amazonaws.com": "AllowApiGateway",
              "sqs.amazonaws.com": "AllowSQS"}


def scalar(value: str) -> str:
    """`value` as YAML text: bare when YAML reads it back as the same string, else quoted."""
    if _PLAIN.match(value) and value.lower() not in ("true", "false", "null", "yes", "no", "on", "off"):
        try:
            float(value)
        except ValueError:
            return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(item: dict) -> str:
    """`{k: v, …}` with each value written by `scalar` (None values left out)."""
    return "{" + ", ".join(f"{k}: {scalar(str(v))}" for k, v in item.items() if v is not None) + "}"


def add_item(scenario, name: str, key: str, item: str | list[str]) -> str:
    """The words to add `item` (YAML text, or several) under resource `name`'s list `key`;
    see the module."""
    items = [item] if isinstance(item, str) else item
    resource = scenario.resources.get(name)
    if getattr(resource, key, None):
        return "; ".join(f"add `{i}` as one more item of {possessive(name)} `{key}:` list" for i in items)
    return f"add to {name}: `{key}: [{', '.join(items)}]`"


def free_sid(scenario, name: str, principal: str, also_taken=frozenset()) -> str:
    """A Sid for a new statement of resource `name`'s policy for `principal`, not used there yet
    nor in `also_taken` (the Sids of other statements suggested with it)."""
    base = _SID_BASES.get(principal.lower())
    if base is None:
        service = principal.split(".")[0]
        base = "Allow" + "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", service))
    taken = {getattr(p, "sid", None) for p in getattr(scenario.resources.get(name), "permissions", ())}
    taken |= set(also_taken)
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}{n}", n + 1
    return sid


def permission_item(scenario, name: str, principal: str, source_arn: str | None = None,
                    action: str | None = None, also_taken=frozenset()) -> str:
    """One resource-based policy statement for resource `name` (function, queue or topic), as
    YAML text; `action` only when it is not the key's default; its Sid not in `also_taken`."""
    return flow({"sid": free_sid(scenario, name, principal, also_taken), "principal": principal,
                 "action": action, "source_arn": source_arn})


def permission_items(scenario, name: str, wanted) -> list[str]:
    """`permission_item` for each (principal, source_arn, action) in `wanted`, with Sids unique
    among them too (two callers refused by one function need two statements)."""
    out, sids = [], set()
    for principal, source_arn, action in wanted:
        sid = free_sid(scenario, name, principal, sids)
        sids.add(sid)
        out.append(flow({"sid": sid, "principal": principal, "action": action,
                         "source_arn": source_arn}))
    return out


def add_permission(scenario, name: str, principal: str, source_arn: str | None = None,
                   action: str | None = None) -> str:
    """`add_item` for one statement of `name`'s `permissions:` (its resource-based policy)."""
    return add_item(scenario, name, "permissions",
                    permission_item(scenario, name, principal, source_arn, action))


def add_policy_statement(scenario, name: str, action: str, resource: str) -> str:
    """`add_item` for one Allow statement of role or actor `name`'s identity policy."""
    return add_item(scenario, name, "policies", flow({"action": action, "resource": resource}))


def add_managed_policy(scenario, name: str, policy: str) -> str:
    """`add_item` for one AWS managed policy of role `name`."""
    return add_item(scenario, name, "managed_policies", policy)


def add_to_written_list(data, name: str, key: str, item: str) -> str:
    """Like `add_item`, from the file's own data (`data`: the parsed file, for a check that runs
    before the models exist): one more list item, or, where one value is written without a list
    (`trusts: s3.amazonaws.com`), the list of both in its place."""
    resources = data.get("resources") if isinstance(data, dict) else None
    raw = resources.get(name) if isinstance(resources, dict) else None
    value = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(value, list):
        return f"add `{item}` as one more item of {possessive(name)} `{key}:` list"
    if isinstance(value, (str, dict)):
        written = flow(value) if isinstance(value, dict) else scalar(value)
        return f"write `{key}: [{written}, {item}]` in place of {possessive(name)} `{key}:`"
    return f"add to {name}: `{key}: [{item}]`"
