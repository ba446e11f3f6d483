"""The AccessDenied message names the kind of policy that refused (IAM User Guide, "Troubleshoot
access denied error messages"; lambda-behaviour.md §6 (RBP, AGL), §10 (UNA))."""

from __future__ import annotations

import pytest

from app.engine.iam import access_denied_suffix
from app.engine.trace import PermissionDecision
from app.handlers.sdk import ClientError
from lambda_scenarios import ECHO_ARN, invoke, scenario, simulation
from source_scenarios import (api_resources, cognito_resources, get, of_kind, play, send_clicks,
                              sign_in, thumbnail_resources, upload)

NO_RBP = "because no resource-based policy allows the lambda:InvokeFunction action"


def _denied_message(trace) -> str:
    error = next(s for s in trace.steps if s.status == 403 and s.payload
                 and "not authorized" in str(s.payload.get("message", "")))
    return error.payload["message"]


def test_s3_refused_by_the_function_policy_gets_the_resource_based_wording():
    """S3 has no identity policy: its 403 says no resource-based policy allows the invoke.
    (S3 itself refuses such a trigger when it is saved, §13 A4; this is the permission being
    removed after that, which Lambda then refuses.)"""
    sim = simulation(scenario())
    s3 = sim.services["iam"].service_principal("s3.amazonaws.com", "photos",
                                               source_arn="arn:aws:s3:::photos",
                                               source_account="123456789012")
    box = invoke(sim, caller=s3, source="photos")
    sim.env.run()
    message = box["response"].payload["message"]
    assert message.startswith("User: s3.amazonaws.com is not authorized")
    assert message.endswith(NO_RBP) and "identity-based" not in message


def test_api_gateway_refused_by_the_function_policy_gets_the_resource_based_wording():
    """API Gateway without an AddPermission statement: the 403 names the resource-based policy."""
    assert _denied_message(play(api_resources(permissions=[]), [get("/orders")])).endswith(NO_RBP)


def test_enhanced_guest_refused_by_the_session_policy_gets_the_session_wording():
    """The guest's role allows the invoke; the Cognito session policy does not, and IAM says so."""
    message = _denied_message(play(cognito_resources(), [sign_in(login=False), send_clicks()]))
    assert message.endswith("because no session policy allows the lambda:InvokeFunction action")
    assert "assumed-role/guest-role/" in message


def _app_invoke(app_policies):
    sim = simulation(scenario(app_policies=app_policies))
    box = invoke(sim)
    sim.env.run()
    return box["response"].payload["message"]


def test_app_without_an_allow_gets_the_identity_based_wording():
    """A user whose policy does not mention the function: no identity-based policy allows it."""
    other = [{"action": "s3:GetObject", "resource": "*"}]
    assert _app_invoke(other).endswith(
        "because no identity-based policy allows the lambda:InvokeFunction action")


def test_explicit_deny_in_the_app_policy_gets_the_explicit_deny_wording():
    """A Deny statement wins over the Allow and IAM says it was an explicit deny."""
    policies = [{"action": "lambda:InvokeFunction", "resource": "*"},
                {"effect": "Deny", "action": "lambda:InvokeFunction", "resource": ECHO_ARN}]
    message = _app_invoke(policies)
    assert message.endswith("with an explicit deny in an identity-based policy")
    assert "because no" not in message


def test_sdk_call_refused_by_an_explicit_deny_says_so():
    """The function's own S3 call hit a Deny in its role: the ClientError says explicit deny."""
    role = [{"action": ["s3:GetObject", "s3:PutObject"], "resource": "arn:aws:s3:::*"},
            {"effect": "Deny", "action": "s3:PutObject", "resource": "arn:aws:s3:::thumbnails/*"}]
    trace = play(thumbnail_resources(role_policies=role), [upload()])
    lines = str(of_kind(trace, "log")[0].payload["lines"])
    assert "with an explicit deny in an identity-based policy" in lines


@pytest.mark.parametrize("policy, matched, expected", [
    ("resource-based policy of f", "Deny it", " with an explicit deny in a resource-based policy"),
    ("trust policy of r", None, " because no resource-based policy allows the a:B action"),
    ("identity policy of role r", None, " because no identity-based policy allows the a:B action"),
    ("temporary credentials", None, ""),
])
def test_suffix_by_kind_of_policy(policy, matched, expected):
    """Each kind of deciding policy maps to IAM's own wording; expired credentials get none."""
    decision = PermissionDecision("deny", "p", "a:B", "arn", policy, matched, "why")
    assert access_denied_suffix(decision) == expected
