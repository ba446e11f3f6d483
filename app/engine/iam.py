"""Who may do what: principals, policy statements and the one evaluation every service uses.

IAM's rule, in order (lambda-behaviour.md §6): an explicit Deny in any applicable statement wins,
then any Allow, otherwise the request is implicitly denied. Actions match case-insensitively
(`S3:getobject` = `s3:GetObject`), resources case-sensitively; both take `*` and `?` wildcards.
Checks return a `PermissionDecision` the caller puts on a `permission-check` (or other) step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Literal

from app.engine.trace import PermissionDecision
from app.scenario.policies import MANAGED_POLICIES

LAMBDA_PRINCIPAL = "lambda.amazonaws.com"
COGNITO_PRINCIPAL = "cognito-identity.amazonaws.com"
COGNITO_AUD = "cognito-identity.amazonaws.com:aud"
COGNITO_AMR = "cognito-identity.amazonaws.com:amr"
# Actor kinds that hold no AWS keys unless the file gives them an identity policy.
KEYLESS_KINDS = ("browser", "mobile_app")


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
        return self.arn or self.name


# ---------------------------------------------------------------- matching


@lru_cache(maxsize=4096)
def _pattern(glob: str, ignore_case: bool) -> re.Pattern[str]:
    """IAM wildcards: `*` any run, `?` one character; nothing else is special."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)
    return re.compile(f"^{body}$", re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def matches(glob: str, value: str, *, ignore_case: bool = False) -> bool:
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


def _names_identity(listed: str, principal: Principal) -> bool:
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


# ---------------------------------------------------------------- decisions


def _decision(outcome, st, principal: Principal, action: str, resource: str, policy: str,
              reason: str, source_arn: str | None = None) -> PermissionDecision:
    """`evaluate`'s outcome as a PermissionDecision; `reason` is said for an implicit deny,
    `source_arn` is the aws:SourceArn the policy weighed (resource-based policies only)."""
    if outcome == "allow":
        return PermissionDecision("allow", principal.display, action, resource, policy, st.render(),
                                  source_arn=source_arn)
    if outcome == "deny":
        return PermissionDecision("deny", principal.display, action, resource, policy, st.render(),
                                  f"statement {st.render()} in the {policy} explicitly denies it",
                                  source_arn)
    return PermissionDecision("deny", principal.display, action, resource, policy, None, reason,
                              source_arn)


def decide_identity(principal: Principal, action: str, resource: str) -> PermissionDecision:
    """Identity policy of the caller; a session policy (Cognito guests) must allow it too."""
    policy = principal.policy_name or f"identity policy of {principal.node}"
    outcome, st = evaluate(principal.policies, principal, action, resource)
    decision = _decision(outcome, st, principal, action, resource, policy,
                         f"no statement in the {policy} allows {action} on {resource}")
    if decision.decision == "allow" and principal.session_policy is not None:
        s_outcome, s_st = evaluate(principal.session_policy, principal, action, resource)
        if s_outcome != "allow":
            return _decision(s_outcome, s_st, principal, action, resource,
                             principal.session_policy_name,
                             f"the role allows {action}, but the {principal.session_policy_name} "
                             f"does not, and credentials get only what both allow")
    return decision


def decide_resource_policy(function: str, statements: tuple[Statement, ...], principal: Principal,
                           action: str, resource: str) -> PermissionDecision:
    """A function's resource-based policy, with aws:SourceArn / aws:SourceAccount conditions."""
    policy = f"resource-based policy of {function}"
    context = {"aws:SourceArn": principal.source_arn, "aws:SourceAccount": principal.source_account}
    outcome, st = evaluate(statements, principal, action, resource, context)
    why = f"no statement in the {policy} allows {principal.name} to call {action}"
    if principal.source_arn:
        why += f" with source {principal.source_arn}"
    return _decision(outcome, st, principal, action, resource, policy, why, principal.source_arn)


def decide_trust(role_name: str, statements: tuple[Statement, ...], principal: Principal,
                 action: str, resource: str, context: dict[str, Any] | None = None
                 ) -> PermissionDecision:
    policy = f"trust policy of {role_name}"
    outcome, st = evaluate(statements, principal, action, resource, context)
    why = f"the {policy} does not let {principal.name} call {action}"
    if context:
        why += " with " + ", ".join(f"{k.split(':')[-1]}={v}" for k, v in context.items())
    return _decision(outcome, st, principal, action, resource, policy, why)




def access_denied_suffix(decision: PermissionDecision) -> str:
    """The end of IAM's AccessDenied message, which names the kind of policy that refused.

    IAM User Guide, "Troubleshoot access denied error messages": "with an explicit deny in a(n)
    <type> policy" when a Deny statement matched, otherwise "because no <type> policy allows the
    <action> action". A service principal has no identity policy, so its refusal is the
    resource-based policy's; a Cognito guest's comes from the session policy (§10, UNA).
    """
    policy = decision.policy.lower()
    if policy.startswith(("resource-based", "trust policy")):
        kind, article = "resource-based", "a"
    elif "session" in policy:
        kind, article = "session", "a"
    elif policy in ("none", "temporary credentials"):
        return ""  # unsigned or expired: IAM never got to a policy
    else:
        kind, article = "identity-based", "an"
    if decision.matched:
        return f" with an explicit deny in {article} {kind} policy"
    return f" because no {kind} policy allows the {decision.action} action"


class IamService:
    """`sim.services["iam"]`: the scenario's roles and policies, and the checks services call."""

    def __init__(self, sim):
        self.sim = sim
        sc = sim.scenario
        self.roles = sc.of_type("iam_role")
        self._role_policies = {n: identity_statements(r.policies, r.managed_policies)
                               for n, r in self.roles.items()}
        self._trust = {n: trust_statements(r, sim.identity_pool_id) for n, r in self.roles.items()}
        self._function_policies = {
            n: function_policy_statements(sim.function_arn(n), f.permissions)
            for n, f in sc.of_type("function").items()}
        # Credentials an actor currently signs with; Cognito replaces a mobile app's here.
        self.credentials: dict[str, Principal] = {}
        self._actors: dict[str, Principal] = {}  # an actor's own credentials never change
        # Identity-policy decisions are pure in (principal, action, resource); a load of 100,000
        # invokes by one actor asks the same question each time. Keyed by the principal's id,
        # which stays unique because the entry holds the principal.
        self._identity_decisions: dict[tuple[int, str, str], tuple[Principal, PermissionDecision]] = {}
        self._invoke_decisions: dict[tuple, tuple[Principal, PermissionDecision]] = {}  # likewise

    # -- principals
    def service_principal(self, service: str, node: str, source_arn: str | None = None,
                          source_account: str | None = None) -> Principal:
        """An AWS service calling on behalf of resource `node` (e.g. s3.amazonaws.com for photos)."""
        return Principal(service, "service", node, service, None, source_arn=source_arn,
                         source_account=source_account)

    def actor(self, name: str) -> Principal:
        """The credentials actor `name` signs with now (its own, or ones Cognito gave it)."""
        if name in self.credentials:
            return self.credentials[name]
        if name not in self._actors:
            self._actors[name] = self._own_credentials(name)
        return self._actors[name]

    def _own_credentials(self, name: str) -> Principal:
        res = self.sim.scenario.resources[name]
        if getattr(res, "kind", None) in KEYLESS_KINDS and not res.policies:
            # No keys of its own: never an IAM user (docs/reference/lambda-behaviour.md §13 A6,
            # app.engine.signing). A mobile app gets keys only from Cognito (§10).
            return Principal(name, "anonymous", name, "", None, policy_name=f"{name} (unsigned)")
        arn = f"arn:aws:iam::{self.sim.account}:user/{name}"
        return Principal(name, "actor", name, arn, self.sim.account,
                         identity_statements(getattr(res, "policies", ())),
                         f"identity policy of {name}")

    def role_session(self, role: str, session_name: str, node: str | None = None,
                     session_policy: tuple[Statement, ...] | None = None,
                     session_policy_name: str = "session policy",
                     identity: dict[str, Any] | None = None,
                     expires_ms: float | None = None) -> Principal:
        """Temporary credentials of `role` (what sts:AssumeRole* hands out)."""
        arn = f"arn:aws:sts::{self.sim.account}:assumed-role/{role}/{session_name}"
        return Principal(session_name, "role-session", node or role, arn, self.sim.account,
                         self._role_policies.get(role, ()), f"identity policy of role {role}",
                         session_policy, session_policy_name, identity=identity, role=role,
                         expires_ms=expires_ms)

    def expired(self, principal: Principal, action: str, resource: str) -> PermissionDecision | None:
        """A deny when temporary credentials are past their Expiration (ExpiredTokenException)."""
        if principal.expires_ms is None or self.sim.now < principal.expires_ms:
            return None
        return PermissionDecision(
            "deny", principal.display, action, resource, "temporary credentials",
            reason=f"the temporary credentials expired at {self.sim.iso_time(principal.expires_ms)} "
                   f"(ExpiredTokenException: the security token included in the request is "
                   f"expired); the app must get new ones")

    # -- checks
    def check_identity(self, principal: Principal, action: str, resource: str) -> PermissionDecision:
        return self.expired(principal, action, resource) or self._decide_identity(principal, action,
                                                                                   resource)

    def _decide_identity(self, principal: Principal, action: str, resource: str) -> PermissionDecision:
        """`decide_identity`, remembered (see `_identity_decisions`)."""
        key = (id(principal), action, resource)
        hit = self._identity_decisions.get(key)
        if hit is not None and hit[0] is principal:
            return hit[1]
        if len(self._identity_decisions) >= 4096:  # many short-lived sessions: start afresh
            self._identity_decisions.clear()
        decision = decide_identity(principal, action, resource)
        self._identity_decisions[key] = (principal, decision)
        return decision

    def check_function_policy(self, function: str, principal: Principal,
                              action: str = "lambda:InvokeFunction",
                              qualifier: str | None = None) -> PermissionDecision:
        return decide_resource_policy(function, self._function_policies.get(function, ()),
                                      principal, action, self.sim.function_arn(function, qualifier))

    def check_invoke(self, function: str, principal: Principal,
                     action: str = "lambda:InvokeFunction",
                     qualifier: str | None = None) -> PermissionDecision:
        """Services need the function's resource-based policy; identities in the same account
        need either their identity policy or the resource-based policy, and no explicit deny.
        With a `qualifier` the resource is the qualified ARN (§18, APR). Remembered like
        `_decide_identity` (policies do not change during a run), except for credentials that
        expire (their answer depends on the time)."""
        if principal.expires_ms is not None:
            return self._check_invoke(function, principal, action, qualifier)
        key = (id(principal), function, action, qualifier)
        hit = self._invoke_decisions.get(key)
        if hit is None or hit[0] is not principal:
            if len(self._invoke_decisions) >= 4096:
                self._invoke_decisions.clear()
            hit = self._invoke_decisions[key] = (
                principal, self._check_invoke(function, principal, action, qualifier))
        return hit[1]

    def _check_invoke(self, function: str, principal: Principal, action: str,
                      qualifier: str | None) -> PermissionDecision:
        if principal.kind == "service":
            return self.check_function_policy(function, principal, action, qualifier)
        resource = self.sim.function_arn(function, qualifier)
        if principal.kind == "anonymous":
            return PermissionDecision("deny", principal.name, action, resource, "none",
                                      reason=f"{principal.node} sends unsigned requests; "
                                             "Lambda's Invoke API needs signed credentials")
        expired = self.expired(principal, action, resource)
        if expired:
            return expired
        by_identity = self._decide_identity(principal, action, resource)
        if by_identity.decision == "allow" or by_identity.matched:
            return by_identity  # allowed, or explicitly denied
        by_resource = self.check_function_policy(function, principal, action, qualifier)
        if by_resource.decision != "allow":
            return by_identity
        statements = self._function_policies.get(function, ())
        direct = tuple(st for st in statements if st.effect == "Deny"
                       or any(_names_identity(p, principal) for p in st.principals))
        named = decide_resource_policy(function, direct, principal, action, resource)
        if named.decision == "allow":
            return named
        # The statement names only the account: a delegation, not a grant (§13 A5, IAMP/IAME).
        return PermissionDecision(
            "deny", principal.display, action, resource, by_identity.policy, None,
            f"statement {by_resource.matched} in the resource-based policy of {function} names "
            f"the account {principal.account}, which only delegates to that account: its users "
            f"and roles still need an identity-based policy that allows {action}, and no "
            f"statement in the {by_identity.policy} does")

    def check_trust(self, role: str, principal: Principal, action: str = "sts:AssumeRole",
                    context: dict[str, Any] | None = None) -> PermissionDecision:
        return decide_trust(role, self._trust.get(role, ()), principal, action,
                            self.sim.role_arn(role), context)

    def lambda_principal(self, function: str) -> Principal:
        """Lambda assuming `function`'s execution role."""
        return Principal(LAMBDA_PRINCIPAL, "service", "lambda", LAMBDA_PRINCIPAL,
                         source_arn=self.sim.function_arn(function),
                         source_account=self.sim.account)
