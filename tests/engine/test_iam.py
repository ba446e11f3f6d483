"""IAM evaluation: the table of cases the lessons rely on (lambda-behaviour.md §6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from app.engine.iam import Principal, Statement, evaluate
from lambda_scenarios import ECHO_ARN, scenario, simulation

S3 = Principal("s3.amazonaws.com", "service", "photos", "s3.amazonaws.com",
               source_arn="arn:aws:s3:::photos", source_account="123456789012")
USER = Principal("app", "actor", "app", "arn:aws:iam::123456789012:user/app", "123456789012")


@pytest.mark.parametrize("statements, action, resource, expected", [
    ([Statement("Allow", ("s3:GetObject",), ("arn:aws:s3:::photos/*",))],
     "s3:GetObject", "arn:aws:s3:::photos/cat.jpg", "allow"),
    ([Statement("Allow", ("s3:*",), ("*",)), Statement("Deny", ("s3:GetObject",), ("*",))],
     "s3:GetObject", "arn:aws:s3:::photos/cat.jpg", "deny"),
    ([Statement("Deny", ("s3:PutObject",), ("*",)), Statement("Allow", ("s3:*",), ("*",))],
     "s3:GetObject", "arn:aws:s3:::photos/cat.jpg", "allow"),
    ([Statement("Allow", ("S3:getobject",), ("*",))], "s3:GetObject", "arn:aws:s3:::x/y", "allow"),
    ([Statement("Allow", ("s3:Get*",), ("arn:aws:s3:::photos/*",))],
     "s3:GetObject", "arn:aws:s3:::thumbnails/cat.jpg", "implicit-deny"),
    ([Statement("Allow", ("s3:GetObject",), ("arn:aws:s3:::Photos/*",))],
     "s3:GetObject", "arn:aws:s3:::photos/cat.jpg", "implicit-deny"),
    ([Statement("Allow", ("s3:GetObject",), ("arn:aws:s3:::photo?/*",))],
     "s3:GetObject", "arn:aws:s3:::photos/a[1].jpg", "allow"),
    ([], "s3:GetObject", "arn:aws:s3:::photos/cat.jpg", "implicit-deny"),
])
def test_evaluate_table(statements, action, resource, expected):
    """Explicit deny beats allow, allow beats implicit deny; wildcards and case rules as IAM's."""
    outcome, _ = evaluate(statements, USER, action, resource)
    assert outcome == expected


def _rbp(**permission):
    base = {"sid": "AllowS3", "principal": "s3.amazonaws.com"}
    sc = scenario({"echo": {"type": "function", "handler": "builtin.echo", "role": "echo-role",
                            "permissions": [{**base, **permission}]}})
    return simulation(sc).services["iam"]


@pytest.mark.parametrize("permission, principal, expected", [
    ({"source_arn": "arn:aws:s3:::photos"}, S3, "allow"),
    ({"source_arn": "arn:aws:s3:::photo*"}, S3, "allow"),
    ({"source_arn": "arn:aws:s3:::other"}, S3, "deny"),
    ({"source_account": "123456789012"}, S3, "allow"),
    ({"source_account": "999999999999"}, S3, "deny"),
    ({"principal": "apigateway.amazonaws.com"}, S3, "deny"),
    ({"source_arn": "arn:aws:s3:::photos"},
     Principal("s3.amazonaws.com", "service", "photos", "s3.amazonaws.com"), "deny"),
])
def test_resource_policy_source_conditions(permission, principal, expected):
    """SourceArn (with wildcards) and SourceAccount must match what the service sends."""
    decision = _rbp(**permission).check_invoke("echo", principal)
    assert decision.decision == expected
    if expected == "allow":
        assert decision.matched == "AllowS3"
    else:
        assert "resource-based policy of echo" in decision.reason


def test_denied_resource_policy_reason_names_everything():
    """The reason a student reads names the function, the principal, the action and the source."""
    decision = _rbp(source_arn="arn:aws:s3:::other").check_invoke("echo", S3)
    assert decision.reason == ("no statement in the resource-based policy of echo allows "
                               "s3.amazonaws.com to call lambda:InvokeFunction with source "
                               "arn:aws:s3:::photos")


def _with_function_principals(*principals):
    permissions = [{"sid": f"S{i}", "principal": p} for i, p in enumerate(principals)]
    sc = scenario({"echo": {"type": "function", "handler": "builtin.echo", "role": "echo-role",
                            "permissions": permissions}}, app_policies=[])
    return simulation(sc).services["iam"]


def test_actor_needs_identity_policy_or_a_resource_policy_naming_it():
    """Same account: an actor may invoke if its identity policy allows it, or the function's
    policy names the actor's own ARN (or `*`)."""
    iam = simulation(scenario(app_policies=[])).services["iam"]
    denied = iam.check_invoke("echo", iam.actor("app"))
    assert denied.decision == "deny" and denied.policy == "identity policy of app"
    iam = _with_function_principals("arn:aws:iam::123456789012:user/app")
    assert iam.check_invoke("echo", iam.actor("app")).matched == "S0"


@pytest.mark.parametrize("account_principal", ["123456789012", "arn:aws:iam::123456789012:root"])
def test_account_principal_only_delegates_to_the_account(account_principal):
    """docs/reference/lambda-behaviour.md §6, §13 A5: a statement naming the account (or its
    :root) delegates; the user still needs an identity-policy Allow
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)."""
    iam = _with_function_principals(account_principal)
    decision = iam.check_invoke("echo", iam.actor("app"))
    assert decision.decision == "deny" and decision.matched is None
    assert "only delegates" in decision.reason and "identity-based policy" in decision.reason
    # With an identity Allow the same user gets in (the identity policy decides).
    sc = scenario({"echo": {"type": "function", "handler": "builtin.echo", "role": "echo-role",
                            "permissions": [{"sid": "Acct", "principal": account_principal}]}})
    iam = simulation(sc).services["iam"]
    assert iam.check_invoke("echo", iam.actor("app")).decision == "allow"


def test_explicit_deny_in_identity_policy_wins():
    """A Deny statement stops the app even though another statement allows the call."""
    iam = simulation(scenario(app_policies=[
        {"action": "lambda:*", "resource": "*"},
        {"sid": "NoEcho", "effect": "Deny", "action": "lambda:InvokeFunction", "resource": ECHO_ARN},
    ])).services["iam"]
    decision = iam.check_invoke("echo", iam.actor("app"))
    assert (decision.decision, decision.matched) == ("deny", "NoEcho")
    assert "explicitly denies" in decision.reason


def test_trust_policy_lambda_and_cognito_conditions():
    """Trust: the principal must be listed; Cognito statements also need the right aud and amr."""
    sc = scenario(extra={
        "pool": {"type": "cognito_identity_pool", "authenticated_role": "auth-role"},
        "auth-role": {"type": "iam_role", "trusts": [{
            "principal": "cognito-identity.amazonaws.com", "action": "sts:AssumeRoleWithWebIdentity",
            "identity_pool": "pool", "amr": "authenticated"}]}})
    sim = simulation(sc)
    iam = sim.services["iam"]
    assert iam.check_trust("echo-role", iam.lambda_principal("echo")).decision == "allow"
    assert iam.check_trust("auth-role", iam.lambda_principal("echo")).decision == "deny"
    cognito = iam.service_principal("cognito-identity.amazonaws.com", "pool")
    pool_id = sim.identity_pool_id("pool")
    good = {"cognito-identity.amazonaws.com:aud": pool_id,
            "cognito-identity.amazonaws.com:amr": "authenticated"}
    assert iam.check_trust("auth-role", cognito, "sts:AssumeRoleWithWebIdentity", good).decision == "allow"
    guest = {**good, "cognito-identity.amazonaws.com:amr": "unauthenticated"}
    assert iam.check_trust("auth-role", cognito, "sts:AssumeRoleWithWebIdentity", guest).decision == "deny"
    other_pool = {**good, "cognito-identity.amazonaws.com:aud": "us-east-1:other"}
    assert iam.check_trust("auth-role", cognito, "sts:AssumeRoleWithWebIdentity", other_pool).decision == "deny"


def test_managed_policy_expands_and_session_policy_intersects():
    """AWSLambdaBasicExecutionRole grants the logs actions; a session policy can take rights away."""
    sc = scenario(extra={"logs-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "managed_policies": ["AWSLambdaBasicExecutionRole"],
                                       "policies": [{"action": "lambda:InvokeFunction"}]}})
    iam = simulation(sc).services["iam"]
    session = iam.role_session("logs-role", "s")
    assert iam.check_identity(session, "logs:PutLogEvents", "*").matched == "AWSLambdaBasicExecutionRole"
    scoped = iam.role_session("logs-role", "guest", session_policy=(
        Statement("Allow", ("logs:*",), ("*",)),), session_policy_name="Cognito guest session policy")
    decision = iam.check_identity(scoped, "lambda:InvokeFunction", ECHO_ARN)
    assert decision.decision == "deny" and decision.policy == "Cognito guest session policy"


_ACTIONS = st.sampled_from(["s3:GetObject", "s3:PutObject", "lambda:InvokeFunction", "kinesis:GetRecords"])
_PATTERNS = st.sampled_from(["*", "s3:*", "s3:Get*", "lambda:Invoke*", "kinesis:GetRecords", "S3:PUTOBJECT"])
_RESOURCES = st.sampled_from(["*", "arn:aws:s3:::photos/*", "arn:aws:s3:::photos/a.jpg", "arn:aws:*"])
_STATEMENTS = st.lists(st.builds(lambda e, a, r: Statement(e, (a,), (r,)),
                                 st.sampled_from(["Allow", "Deny"]), _PATTERNS, _RESOURCES), max_size=6)


@settings(max_examples=200, deadline=None)
@given(statements=_STATEMENTS, action=_ACTIONS, extra=_PATTERNS)
def test_a_matching_deny_always_wins(statements, action, extra):
    """Adding a Deny that matches makes any policy deny; adding an Allow never turns a deny into
    an allow when a Deny already matched."""
    resource = "arn:aws:s3:::photos/a.jpg"
    with_deny = [*statements, Statement("Deny", (action,), ("*",), "Stop")]
    outcome, _ = evaluate(with_deny, USER, action, resource)
    assert outcome == "deny"
    before, _ = evaluate(statements, USER, action, resource)
    after, _ = evaluate([*statements, Statement("Allow", (extra,), ("*",))], USER, action, resource)
    if before == "deny":
        assert after == "deny"
    if before == "allow":
        assert after == "allow"
