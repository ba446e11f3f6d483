"""Who may do what: the one permission check every service uses, and its decisions.

IAM's rule, in order (lambda-behaviour.md §6): an explicit Deny in any applicable statement wins,
then any Allow, otherwise the request is implicitly denied (evaluated in app.engine.iam_evaluation,
whose statements, principals and matching are importable from here too).
Checks return a `PermissionDecision` the caller puts on a `permission-check` (or other) step.
"""

from __future__ import annotations

from typing import Any

from app.engine.iam_evaluation import (  # noqa: F401 (the rest re-exported: callers import them from here)
    COGNITO_AMR, COGNITO_AUD, Principal, Statement, action_matches, evaluate, function_policy_statements,
    identity_statements, matches, names_identity, statement_applies, trust_statements,
)
from app.engine.trace import PermissionDecision

LAMBDA_PRINCIPAL = "lambda.amazonaws.com"
COGNITO_PRINCIPAL = "cognito-identity.amazonaws.com"
# Actor kinds that hold no AWS keys unless the file gives them an identity policy.
KEYLESS_KINDS = ("browser", "mobile_app")


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
    return decide_with_source(f"resource-based policy of {function}", statements, principal,
                              action, resource)


def decide_with_source(policy: str, statements: tuple[Statement, ...], principal: Principal,
                       action: str, resource: str) -> PermissionDecision:
    """A resource-based policy (a function's, or a topic policy) weighed for `principal`'s call.

    In: `policy`, the policy's name as the inspector says it ("topic policy of alerts"); its
    `statements`; the caller (its `source_arn` / `source_account` fill the aws:SourceArn and
    aws:SourceAccount condition keys); the IAM action and resource ARN. Out: the
    PermissionDecision, carrying the aws:SourceArn weighed. Raises nothing.
    AWS: an explicit Deny wins, then an Allow, else an implicit deny (lambda-behaviour.md §6)."""
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
                       or any(names_identity(p, principal) for p in st.principals))
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
