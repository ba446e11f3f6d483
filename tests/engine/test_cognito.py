"""Cognito identity pools and STS: the mobile app's credentials and what they allow
(lambda-behaviour.md §10 (COG, GOT, UNA), §12 (PYC))."""

from __future__ import annotations

import base64
import json

from app.engine.cognito import UNAUTH_SESSION_POLICY_NAME
from source_scenarios import cognito_resources, of_kind, play, send_clicks, sign_in

HOUR_MS = 3_600_000


def _result(trace):
    results = of_kind(trace, "result")
    return results[0] if results else None


def test_signed_in_app_follows_the_chapter_steps_1_to_6():
    """GetId (1) → credentials (2) → Invoke (3) → role (4) → execute (5) → result (6)."""
    trace = play(cognito_resources(), [sign_in(), send_clicks()])
    assert [s.chapter_step for s in trace.steps if s.chapter_step] == [1, 2, 3, 4, 5, 6]
    assert _result(trace).target == "phone" and _result(trace).payload["total"] == 3


def test_enhanced_flow_step_sequence_and_trust_check():
    """GetId, GetCredentialsForIdentity, Cognito assumes the role with aud/amr checked."""
    trace = play(cognito_resources(), [sign_in()])
    assert [(s.kind, s.source, s.target) for s in trace.steps] == [
        ("request", "phone", "clicks-pool"), ("response", "clicks-pool", "phone"),
        ("request", "phone", "clicks-pool"), ("assume-role", "clicks-pool", "user-role"),
        ("get-credentials", "clicks-pool", "phone")]
    check = trace.steps[3].permission
    assert check.decision == "allow" and check.action == "sts:AssumeRoleWithWebIdentity"
    assert check.principal == "cognito-identity.amazonaws.com"


def test_credentials_are_temporary_and_expire_after_an_hour():
    """AccessKeyId ASIA…, SecretKey, SessionToken, Expiration one hour after issue."""
    trace = play(cognito_resources(), [sign_in()])
    step = of_kind(trace, "get-credentials")[0]
    creds = step.payload["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert set(creds) == {"AccessKeyId", "SecretKey", "SessionToken", "Expiration"}
    # GetCredentialsForIdentity is a JSON API: Expiration is an epoch timestamp in seconds
    # (docs/reference/lambda-behaviour.md §10; https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_Credentials.html)
    assert creds["Expiration"] == 1767229200  # 2026-01-01T01:00:00Z: issued at 00:00:00 (t = 0)
    identity = trace.steps[1].payload["IdentityId"]
    assert identity.startswith("us-east-1:") and step.payload["IdentityId"] == identity


def test_context_identity_carries_the_cognito_ids():
    """The function sees the identity id from GetId and the pool id in context.identity."""
    trace = play(cognito_resources(), [sign_in(), send_clicks()])
    identity_id = trace.steps[1].payload["IdentityId"]
    pool_id = trace.steps[0].payload["IdentityPoolId"]
    result = _result(trace).payload
    assert (result["cognitoIdentityId"], result["cognitoIdentityPoolId"]) == (identity_id, pool_id)


def test_guest_refused_when_the_pool_does_not_allow_guests():
    """login false on a pool without unauthenticated identities: NotAuthorizedException."""
    trace = play(cognito_resources(pool={"allow_unauthenticated_identities": False}),
                 [sign_in(login=False), send_clicks()])
    error = of_kind(trace, "error")[0]
    assert error.status == 400 and error.payload["__type"] == "NotAuthorizedException"
    assert not of_kind(trace, "get-credentials") and not of_kind(trace, "execute")


def test_enhanced_guest_cannot_invoke_even_if_the_guest_role_allows_it():
    """The unauth session policy has no Lambda action: Invoke denied, reason names it."""
    trace = play(cognito_resources(), [sign_in(login=False), send_clicks()])
    check = of_kind(trace, "permission-check")[0].permission
    assert check.decision == "deny" and check.policy == UNAUTH_SESSION_POLICY_NAME
    assert "role allows lambda:InvokeFunction" in check.reason
    assert not of_kind(trace, "execute") and of_kind(trace, "error")[-1].status == 403
    assert of_kind(trace, "get-credentials")[0].caveat  # the abridged policy is said loudly


def test_classic_guest_has_no_session_policy():
    """Classic flow (allowed by the pool): STS alone decides, so the guest role's Allow works."""
    trace = play(cognito_resources(pool={"allow_classic_flow": True}),
                 [sign_in(login=False, flow="classic"), send_clicks()])
    assert of_kind(trace, "permission-check")[0].permission.decision == "allow"
    assert _result(trace).payload["total"] == 3


def test_classic_flow_goes_through_sts_with_a_ten_minute_token():
    """GetId → GetOpenIdToken (10 min) → STS AssumeRoleWithWebIdentity → credentials from sts."""
    trace = play(cognito_resources(pool={"allow_classic_flow": True}), [sign_in(flow="classic")])
    assert [(s.kind, s.source, s.target) for s in trace.steps][2:] == [
        ("request", "phone", "clicks-pool"), ("response", "clicks-pool", "phone"),
        ("request", "phone", "sts"), ("assume-role", "phone", "user-role"),
        ("get-credentials", "sts", "phone")]
    token = trace.steps[3].payload["Token"]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["exp"] - claims["iat"] == 600 and claims["amr"] == ["authenticated"]
    creds = trace.steps[-1].payload["Credentials"]
    assert "SecretAccessKey" in creds and trace.steps[-1].chapter_step == 2


def test_classic_assume_role_is_the_apps_own_call_to_sts():
    """Classic flow: the app, not STS, calls AssumeRoleWithWebIdentity; STS is not said to call
    itself, and the trust is to the federated provider cognito-identity.amazonaws.com (§10, COG)."""
    trace = play(cognito_resources(pool={"allow_classic_flow": True}), [sign_in(flow="classic")])
    assume = of_kind(trace, "assume-role")[0]
    assert assume.source == "phone" and assume.summary.startswith("Phone assumes user-role")
    assert assume.narration.startswith("Phone calls sts:AssumeRoleWithWebIdentity")
    assert "STS calls" not in assume.narration
    assert '"Federated": "cognito-identity.amazonaws.com"' in assume.narration


def test_enhanced_assume_role_names_the_federated_principal():
    """Enhanced flow: Cognito assumes the role; the trust principal is called federated."""
    trace = play(cognito_resources(), [sign_in()])
    assume = of_kind(trace, "assume-role")[0]
    assert assume.source == "clicks-pool"
    assert "federated identity provider cognito-identity.amazonaws.com" in assume.narration


def test_classic_flow_refused_when_the_pool_keeps_it_off():
    """A pool without allow_classic_flow answers GetOpenIdToken with InvalidParameterException."""
    trace = play(cognito_resources(), [sign_in(flow="classic")])
    error = of_kind(trace, "error")[0]
    assert error.payload["__type"] == "InvalidParameterException"
    assert not of_kind(trace, "get-credentials")


def test_role_without_invoke_permission_is_refused():
    """The authenticated role has no lambda:InvokeFunction: Lambda answers 403."""
    trace = play(cognito_resources(user_policies=[]), [sign_in(), send_clicks()])
    check = of_kind(trace, "permission-check")[0].permission
    assert check.decision == "deny" and "identity policy of role user-role" in check.reason
    assert not of_kind(trace, "execute")


def test_trust_policy_for_the_wrong_amr_stops_cognito():
    """A role trusting only unauthenticated identities cannot be assumed for a signed-in user."""
    trace = play(cognito_resources(user_amr="unauthenticated"), [sign_in(), send_clicks()])
    assume = of_kind(trace, "assume-role")[0]
    assert assume.permission.decision == "deny" and "amr=authenticated" in assume.permission.reason
    error = of_kind(trace, "error")[0]
    assert error.payload["__type"] == "InvalidIdentityPoolConfigurationException"
    assert not of_kind(trace, "get-credentials")


def test_expired_credentials_are_refused():
    """An Invoke one hour and one second later is denied with ExpiredTokenException."""
    trace = play(cognito_resources(), [sign_in(), send_clicks(at=HOUR_MS / 1000 + 1)])
    check = of_kind(trace, "permission-check")[0].permission
    assert check.decision == "deny" and "ExpiredTokenException" in check.reason
    assert not of_kind(trace, "execute")


def test_app_state_shows_its_credentials():
    """After sign-in the app node's state names the role and the identity."""
    trace = play(cognito_resources(), [sign_in()])
    state = trace.state_at(len(trace) - 1)["phone"]["credentials"]
    assert state["role"] == "user-role" and state["session_policy"] is None
    assert state["cognito_identity_id"] == trace.steps[1].payload["IdentityId"]


def test_mobile_scenario_user_gets_a_total_and_the_guest_is_refused(scenarios_dir):
    """mobile-cognito.yaml: the signed-in app gets total 3; the guest's Invoke is denied."""
    from app.commands.play import load
    from app.engine.run import run
    scenario, _ = load(str(scenarios_dir / "mobile-cognito.yaml"))
    trace = run(scenario)
    (result,) = of_kind(trace, "result")
    assert result.target == "clicks-app" and result.payload["total"] == 3
    assert result.payload["byTarget"] == {"like-button": 2, "share-button": 1}
    guest_check = [s for s in of_kind(trace, "permission-check") if s.source == "guest-app"][0]
    assert guest_check.permission.decision == "deny"
    assert guest_check.permission.policy == UNAUTH_SESSION_POLICY_NAME


def test_sts_expiration_in_the_classic_flow_is_an_iso_timestamp():
    """STS answers in XML, where Expiration is an ISO 8601 date-time (API_Credentials of STS)."""
    trace = play(cognito_resources(pool={"allow_classic_flow": True}), [sign_in(flow="classic")])
    creds = of_kind(trace, "get-credentials")[0].payload["Credentials"]
    assert creds["Expiration"] == "2026-01-01T01:00:00.000Z"


def test_unauthenticated_get_id_mints_a_new_identity_on_every_call():
    """docs/reference/lambda-behaviour.md §13 A8 (https://aws.amazon.com/cognito/faqs/): GetId
    without a login creates a new identity each time; with a login it returns the linked one."""
    from app.engine.cognito import Login
    from app.engine.run import build_services
    from app.engine.simulation import Simulation
    from source_scenarios import build

    sim = Simulation(build(cognito_resources(), [sign_in()]), None)
    build_services(sim)
    cognito = sim.services["cognito"]
    pool_id = sim.identity_pool_id("clicks-pool")
    guest = Login("phone", "clicks-pool", pool_id, False, None, "f")
    user = Login("phone", "clicks-pool", pool_id, True, "accounts.google.com", "f")
    assert cognito.get_id(guest) != cognito.get_id(guest)
    assert cognito.get_id(user) == cognito.get_id(user)


def test_the_sdk_caches_a_guest_identity_and_skips_get_id():
    """The same app asks twice: one GetId; the second time its SDK reuses the cached id."""
    trace = play(cognito_resources(), [sign_in(login=False), sign_in(at=5000, login=False)])
    get_ids = [s for s in trace.steps if s.kind == "request" and "(GetId" in s.summary]
    assert len(get_ids) == 1
    cached = [s for s in trace.steps if "cached" in s.summary]
    assert len(cached) == 1 and cached[0].source == cached[0].target == "phone"
    assert "new identity" in cached[0].narration
    ids = [s.payload["IdentityId"] for s in of_kind(trace, "get-credentials")]
    assert len(ids) == 2 and ids[0] == ids[1]
    assert trace.steps[1].payload["IdentityId"] == ids[0]
