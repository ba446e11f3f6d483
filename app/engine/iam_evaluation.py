"""IAM's evaluation rule and what it weighs: policy statements, the principal calling, and the
statements a scenario's roles, functions and managed policies stand for.

IAM's rule, in order (lambda-behaviour.md §6): an explicit Deny in any applicable statement wins,
then any Allow, otherwise the request is implicitly denied. Actions match case-insensitively
(`S3:getobject` = `s3:GetObject`), resources case-sensitively; both take `*` and `?` wildcards.
app.engine.iam turns an outcome into a PermissionDecision; this module holds no state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Literal

from app.scenario.policies import MANAGED_POLICIES

COGNITO_AUD = "cognito-identity.amazonaws.com:aud"
COGNITO_AMR = "cognito-identity.amazonaws.com:amr"


@dataclass(frozen=True, slots=True)
class Statement:
    """One normalised policy statement. `conditions`: (operator, key, value) triples."""

    effect: Literal["Allow", "Deny"]
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ("*",)
    sid: str | None = None
    principals: tuple[str, ...] = ()  # resource-based and trust policies only
    conditions: tuple[tuple[str, str, str], ...] = ()

    def render(self) -> str:
        """The Sid, or a short rendering a student can read."""
        if self.sid:
            return self.sid
        text = f"{self.effect} {', '.join(self.actions)}"
        if self.principals:
            text += f" for {', '.join(self.principals)}"
        if self.resources != ("*",):
            text += f" on {', '.join(self.resources)}"
        return text


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling.

    kind: `service` (s3.amazonaws.com, with the source_arn/source_account it sends), `actor`
    (an app or user signing with long-term credentials and an identity policy), or
    `role-session` (temporary credentials of an assumed role: a function's execution role, or a
    Cognito identity's role, optionally cut down by a session policy).
    `node` is the scenario node the call comes from (for step source/target).
    """

    name: str
    kind: Literal["service", "actor", "role-session", "anonymous"]
    node: str
    arn: str = ""
    account: str | None = None
    policies: tuple[Statement, ...] = ()
    policy_name: str = ""
    session_policy: tuple[Statement, ...] | None = None
    session_policy_name: str = "session policy"
    source_arn: str | None = None
    source_account: str | None = None
    identity: dict[str, Any] | None = None  # Cognito identity: {cognito_identity_id, cognito_identity_pool_id}
    role: str | None = None  # role-session: the role's resource name
    expires_ms: float | None = None  # temporary credentials: simulated time they stop working

    @property
    def display(self) -> str:
        """The principal as narration names it: its ARN, or its name when it has none."""
        return self.arn or self.name


# ---------------------------------------------------------------- matching


@lru_cache(maxsize=4096)
def _pattern(glob: str, ignore_case: bool) -> re.Pattern[str]:
    """IAM wildcards: `*` any run, `?` one character; nothing else is special."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)
    return re.compile(f"^{body}$", re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def matches(glob: str, value: str, *, ignore_case: bool = False) -> bool:
    """Does `value` match the IAM wildcard pattern `glob` (`*` any run, `?` one character)?
    Case-sensitive unless `ignore_case` (IAM action names are compared without case)."""
    return _pattern(glob, ignore_case).match(value) is not None


def action_matches(pattern: str, action: str) -> bool:
    """Actions compare case-insensitively, including the service prefix."""
    return matches(pattern, action, ignore_case=True)


def _principal_matches(listed: str, principal: Principal) -> bool:
    if listed == "*":
        return True
    if principal.kind == "service":
        return listed.lower() == principal.name.lower()
    if listed == principal.arn or listed == principal.name:
        return True
    # An account id (or its root ARN) names every identity of that account.
    return principal.account is not None and listed in (
        principal.account, f"arn:aws:iam::{principal.account}:root")


def names_identity(listed: str, principal: Principal) -> bool:
    """A resource-policy principal that grants this identity itself: `*` or its own ARN.

    An account id or `arn:aws:iam::ID:root` names the account, which only delegates: the
    account's users still need an identity-policy Allow (docs/reference/lambda-behaviour.md §6
    and §13 A5; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
    """
    return listed == "*" or (principal.kind != "service" and listed in (principal.arn, principal.name))


def _condition_holds(op: str, key: str, expected: str, context: dict[str, Any]) -> bool:
    actual = context.get(key)
    if actual is None:
        return False  # IAM: a condition on a key the request lacks does not match
    if op in ("ArnLike", "StringLike"):
        return matches(expected, str(actual))
    return str(actual) == expected  # StringEquals, ArnEquals


def statement_applies(st: Statement, principal: Principal | None, action: str, resource: str,
                      context: dict[str, Any]) -> bool:
    """Does statement `st` apply to this request: its Action, Resource, Principal (when the
    statement names one) and Condition all match? `context`: the request's condition keys
    (aws:SourceArn, aws:SourceAccount…). Allow or Deny is the caller's to weigh (IAM's
    evaluation logic, lambda-behaviour.md §6)."""
    if not any(action_matches(a, action) for a in st.actions):
        return False
    if not any(matches(r, resource) for r in st.resources):
        return False
    if st.principals and (principal is None or
                          not any(_principal_matches(p, principal) for p in st.principals)):
        return False
    return all(_condition_holds(op, key, value, context) for op, key, value in st.conditions)


def evaluate(statements: Iterable[Statement], principal: Principal | None, action: str,
             resource: str, context: dict[str, Any] | None = None
             ) -> tuple[Literal["allow", "deny", "implicit-deny"], Statement | None]:
    """Explicit Deny beats Allow beats implicit deny. Returns the outcome and the deciding statement."""
    context = context or {}
    allowed: Statement | None = None
    for st in statements:
        if statement_applies(st, principal, action, resource, context):
            if st.effect == "Deny":
                return "deny", st
            allowed = allowed or st
    return ("allow", allowed) if allowed else ("implicit-deny", None)


# ---------------------------------------------------------------- scenario → statements


def identity_statements(policies, managed: Iterable[str] = ()) -> tuple[Statement, ...]:
    """Scenario `PolicyStatement`s plus expanded AWS managed policies (§6, MPK/MPD)."""
    out = [Statement(p.effect, tuple(p.action), tuple(p.resource), p.sid) for p in policies]
    for name in managed:
        out.append(Statement("Allow", MANAGED_POLICIES[name], ("*",), name))
    return tuple(out)


def function_policy_statements(function_arn: str, permissions) -> tuple[Statement, ...]:
    """A function's resource-based policy, as AddPermission writes it (§6, RBP). A statement
    with a `qualifier` covers only that version's or alias's ARN (§18, ALI/RBP: a permission on
    alias PROD does not cover the unqualified function, nor the version behind PROD; one without
    covers only the unqualified function)."""
    out = []
    for p in permissions:
        qualifier = getattr(p, "qualifier", None)
        resources = (f"{function_arn}:{qualifier}",) if qualifier else (function_arn,)
        conditions = []
        if p.source_arn:
            conditions.append(("ArnLike", "aws:SourceArn", p.source_arn))
        if p.source_account:
            conditions.append(("StringEquals", "aws:SourceAccount", p.source_account))
        out.append(Statement("Allow", (p.action,), resources, p.sid,
                             (p.principal,), tuple(conditions)))
    return tuple(out)


def trust_statements(role, pool_id=lambda name: name) -> tuple[Statement, ...]:
    """A role's trust policy; Cognito statements carry their aud/amr conditions (§10).

    `pool_id` turns a pool's resource name into its IdentityPoolId, the value `aud` holds.
    """
    out = []
    for t in role.trusts:
        conditions = []
        if t.identity_pool:
            conditions.append(("StringEquals", COGNITO_AUD, pool_id(t.identity_pool)))
        if t.amr:
            conditions.append(("StringLike", COGNITO_AMR, t.amr))
        out.append(Statement("Allow", (t.action,), ("*",), None, (t.principal,), tuple(conditions)))
    return tuple(out)
