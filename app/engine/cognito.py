"""Amazon Cognito identity pools (and the slice of AWS STS the classic flow uses).

The chapter's mobile example, steps 1–2: the app asks Cognito for an identity, then for
temporary AWS credentials of the pool's authenticated or guest role (lambda-behaviour.md §10,
COG). Enhanced flow: GetId → GetCredentialsForIdentity (Cognito calls
AssumeRoleWithWebIdentity itself). Classic flow, only when the pool allows it: GetId →
GetOpenIdToken (10 min, GOT) → the app calls STS AssumeRoleWithWebIdentity. The credentials
replace the app's in `iam.credentials`, so its later Invoke (steps 3–6) is signed with them.
Enhanced-flow guests are cut down by AmazonCognitoUnAuthedIdentitiesSessionPolicy, which has no
Lambda action (§10, UNA): their Invoke is refused even when the guest role allows it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from app.engine.iam import COGNITO_AMR, COGNITO_AUD, COGNITO_PRINCIPAL, Principal, Statement

CREDENTIALS_MS = 3_600_000.0  # §10 (COG): enhanced-flow credentials last 1 h; STS default too
OPEN_ID_TOKEN_MS = 600_000.0  # §10 (GOT): the OpenID token is valid for 10 min
UNAUTH_SESSION_POLICY_NAME = "AmazonCognitoUnAuthedIdentitiesSessionPolicy"
# The managed policy's published v3 (edited 2024-11-01), action for action (§10, UNA): no
# lambda:* and no Cognito action; speech, language, image, maps, analytics and KMS ones.
UNAUTH_SESSION_ACTIONS = (
    "rum:PutRumEvents", "sagemaker:InvokeEndpoint", "polly:*", "comprehend:*", "translate:*",
    "transcribe:*", "rekognition:*", "mobiletargeting:*", "firehose:*", "personalize:*",
    "geo:GetMap*", "geo:SearchPlaceIndex*", "geo:GetPlace", "geo:CalculateRoute*",
    "geo:*Geofence", "geo:*Geofences", "geo:*DevicePosition*", "kms:Encrypt", "kms:Decrypt",
    "kms:ReEncryptTo", "kms:ReEncryptFrom", "kms:GenerateDataKey", "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext")
UNAUTH_SESSION_POLICY = (Statement("Allow", UNAUTH_SESSION_ACTIONS, ("*",),
                                   f"{UNAUTH_SESSION_POLICY_NAME} v3 (no lambda:* action)"),)
UNAUTH_CAVEAT = (
    f"Only v3 (November 2024) of {UNAUTH_SESSION_POLICY_NAME} is known here: it allows actions of "
    f"services such as Polly, Translate, Rekognition, Amazon Location, Firehose, Pinpoint and "
    f"KMS, and no Lambda or Cognito action; a later version AWS publishes is not simulated "
    f"(lambda-behaviour.md §10, UNA).")


@dataclass(frozen=True, slots=True)
class Login:
    """One get_credentials call in progress: who, which pool, signed in or guest."""

    actor: str
    pool: str
    pool_id: str
    authenticated: bool
    provider: str | None
    flow: str  # the trace flow id

    @property
    def amr(self) -> str:
        return "authenticated" if self.authenticated else "unauthenticated"

    @property
    def logins(self) -> dict[str, str] | None:
        """The `Logins` map: the provider's token (the provider sign-in itself is not simulated)."""
        if not self.authenticated:
            return None
        return {self.provider: f"<ID token from {self.provider}>"}


class CognitoService:
    """`sim.services["cognito"]`: identity pools, their identities, and the STS calls."""

    def __init__(self, sim):
        self.sim = sim
        self.pools = sim.scenario.of_type("cognito_identity_pool")
        # Identity id → (pool, actor, authenticated): every identity Cognito has created.
        self._identities: dict[str, tuple[str, str, bool]] = {}
        self._linked: dict[tuple[str, str], str] = {}  # (pool, actor's login) → its identity
        self._sdk_cache: dict[tuple[str, str], str] = {}  # what each app's SDK stored (guests)
        for name in self.pools:
            sim.recorder.set_state(name, "identity_pool_id", sim.identity_pool_id(name))
            sim.recorder.set_state(name, "identities", {})

    # ------------------------------------------------------------------ script action
    def get_credentials(self, stimulus, caller):
        """SimPy process: the app gets an identity id, then temporary credentials."""
        pool = self.pools[stimulus.identity_pool]
        login = Login(stimulus.actor, stimulus.identity_pool,
                      self.sim.identity_pool_id(stimulus.identity_pool), stimulus.login,
                      stimulus.provider or (pool.supported_login_providers or ("login.provider",))[0],
                      f"cognito-{self.sim.ids.hex(8)}")
        yield self.sim.env.timeout(0)
        identity_id = self._cached_guest_id(login) or self.get_id(login)
        if identity_id is None:
            return None
        if not login.authenticated:
            self._sdk_cache[(login.actor, login.pool)] = identity_id
        if stimulus.flow == "classic":
            return self._classic(login, identity_id)
        return self.get_credentials_for_identity(login, identity_id)

    # ------------------------------------------------------------------ GetId
    def get_id(self, login: Login) -> str | None:
        """Chapter step 1: the app sends the pool id (and its login) to Cognito."""
        pool = self.pools[login.pool]
        request = {"AccountId": self.sim.account, "IdentityPoolId": login.pool_id}
        if login.logins:
            request["Logins"] = login.logins
        who = f"signed in with {login.provider}" if login.authenticated else "as a guest"
        self._record("request", login.actor, login.pool,
                     f"{login.actor} asks {login.pool} for an identity (GetId, {who})",
                     f"{login.actor}, {who}, sends GetId to Amazon Cognito with the identity pool "
                     f"id of {login.pool}: which identity am I?", login, payload=request,
                     chapter_step=1)
        if not login.authenticated and not pool.allow_unauthenticated_identities:
            self._error(login, login.pool, 400, "NotAuthorizedException",
                        "Unauthenticated access is not supported for this identity pool.",
                        f"{login.pool} does not allow guest (unauthenticated) identities, so "
                        f"Cognito refuses {login.actor}. It gets no credentials and cannot call "
                        f"AWS at all.")
            return None
        identity_id = self._identity_id(login)
        if login.authenticated:
            said = (f"Cognito returns the identity linked to {login.actor}'s {login.provider} "
                    f"login; the same login gets the same id next time.")
        else:
            said = (f"Without a login Cognito has nothing to recognise, so every GetId creates a "
                    f"brand-new identity. {login.actor}'s AWS SDK stores this id on the device and "
                    f"reuses it, so the app calls GetId only once.")
        self._record("response", login.pool, login.actor,
                     f"{login.pool} answers with identity {identity_id}", said,
                     login, payload={"IdentityId": identity_id}, status=200)
        return identity_id

    def _identity_id(self, login: Login) -> str:
        """A login's linked identity; a guest's GetId mints a new one every call (§13 A8,
        COGFAQ: https://aws.amazon.com/cognito/faqs/ "cache the response from GetId")."""
        if login.authenticated and (login.pool, login.actor) in self._linked:
            return self._linked[(login.pool, login.actor)]
        identity_id = f"{self.sim.region}:{self.sim.ids.uuid()}"
        self._identities[identity_id] = (login.pool, login.actor, login.authenticated)
        if login.authenticated:
            self._linked[(login.pool, login.actor)] = identity_id
        self.sim.recorder.set_state(login.pool, "identities", {
            identity: {"actor": actor, "authenticated": auth}
            for identity, (pool, actor, auth) in sorted(self._identities.items())
            if pool == login.pool})
        return identity_id

    def _cached_guest_id(self, login: Login) -> str | None:
        """The identity id the app's SDK stored after an earlier guest GetId, if any."""
        if login.authenticated:
            return None
        cached = self._sdk_cache.get((login.actor, login.pool))
        if cached is not None:
            self._record("request", login.actor, login.actor,
                         f"{login.actor}'s SDK reuses its cached identity {cached} (no GetId)",
                         f"{login.actor} already holds a guest identity from {login.pool}: its AWS "
                         f"SDK's credentials provider stored the id on the device. It does not "
                         f"call GetId again, because each GetId without a login would create a "
                         f"new identity (and a new guest in the pool's count).", login,
                         payload={"IdentityId": cached, "cached": True}, chapter_step=1)
        return cached

    # ------------------------------------------------------------------ enhanced flow
    def get_credentials_for_identity(self, login: Login, identity_id: str) -> Principal | None:
        """Chapter step 2: Cognito assumes the pool's role and hands back credentials."""
        request = {"IdentityId": identity_id}
        if login.logins:
            request["Logins"] = login.logins
        self._record("request", login.actor, login.pool,
                     f"{login.actor} asks {login.pool} for credentials (GetCredentialsForIdentity)",
                     f"{login.actor} asks Cognito for temporary AWS credentials for identity "
                     f"{identity_id}.", login, payload=request)
        role = self._role_for(login, login.pool)
        if role is None or not self._assume(login, role, login.pool):
            return None
        guest = not login.authenticated
        principal = self._session(login, role, identity_id,
                                  UNAUTH_SESSION_POLICY if guest else None,
                                  "CognitoIdentityCredentials")
        creds = self._credentials_document(principal, secret_key_name="SecretKey")
        narration = (f"Cognito returns temporary credentials for {role} to {login.actor}; they "
                     f"expire in 1 hour. The app will sign its AWS calls with them.")
        if guest:
            narration += (f" Because {login.actor} is a guest, Cognito also attaches the session "
                          f"policy {UNAUTH_SESSION_POLICY_NAME}: the credentials can do only what "
                          f"both the role and that policy allow, and the policy allows no "
                          f"Lambda action.")
        self._record("get-credentials", login.pool, login.actor,
                     f"{login.pool} returns temporary credentials for {role} to {login.actor}",
                     narration, login, payload={"IdentityId": identity_id, "Credentials": creds},
                     status=200, chapter_step=2, caveat=UNAUTH_CAVEAT if guest else None)
        return self._activate(login, principal)

    # ------------------------------------------------------------------ classic flow
    def _classic(self, login: Login, identity_id: str) -> Principal | None:
        """GetOpenIdToken from Cognito, then the app itself calls STS with the token."""
        pool = self.pools[login.pool]
        request = {"IdentityId": identity_id, **({"Logins": login.logins} if login.logins else {})}
        self._record("request", login.actor, login.pool,
                     f"{login.actor} asks {login.pool} for an OpenID token (GetOpenIdToken)",
                     f"In the classic (basic) flow {login.actor} first asks Cognito for an "
                     f"OpenID Connect token for identity {identity_id}.", login, payload=request)
        if not pool.allow_classic_flow:
            self._error(login, login.pool, 400, "InvalidParameterException",
                        "Basic (classic) flow is not enabled, please use enhanced flow.",
                        f"{login.pool} does not allow the classic flow (it is off unless the pool "
                        f"turns it on), so {login.actor} gets no token.")
            return None
        token = self._open_id_token(login, identity_id)
        self._record("response", login.pool, login.actor,
                     f"{login.pool} returns an OpenID token (valid 10 min)",
                     f"Cognito returns a signed OpenID token that says who {login.actor} is. It "
                     f"is valid for 10 minutes and is not yet an AWS credential.", login,
                     payload={"IdentityId": identity_id, "Token": token}, status=200)
        return self._assume_role_with_web_identity(login, identity_id, token)

    def _assume_role_with_web_identity(self, login, identity_id, token) -> Principal | None:
        role = self._role_for(login, "sts")
        if role is None:
            return None
        session_name = f"{login.actor}-session"
        self._record("request", login.actor, "sts",
                     f"{login.actor} calls STS AssumeRoleWithWebIdentity for {role}",
                     f"{login.actor} hands the token to AWS STS and asks to become {role}.", login,
                     payload={"RoleArn": self.sim.role_arn(role), "RoleSessionName": session_name,
                              "WebIdentityToken": token, "DurationSeconds": 3600})
        if not self._assume(login, role, "sts"):
            return None
        principal = self._session(login, role, identity_id, None, session_name)
        self._record("get-credentials", "sts", login.actor,
                     f"STS returns temporary credentials for {role} to {login.actor}",
                     f"STS checked the token against {role}'s trust policy and returns temporary "
                     f"credentials (1 hour). No Cognito session policy is added in the classic "
                     f"flow: the role's policy alone decides.", login,
                     payload={"Credentials": self._credentials_document(principal),
                              "SubjectFromWebIdentityToken": identity_id,
                              "AssumedRoleUser": {"AssumedRoleId": f"AROA{self.sim.ids.alnum(17).upper()}:{session_name}",
                                                  "Arn": principal.arn},
                              "Provider": COGNITO_PRINCIPAL, "Audience": login.pool_id},
                     status=200, chapter_step=2)
        return self._activate(login, principal)

    def _open_id_token(self, login: Login, identity_id: str) -> str:
        """A JWT-shaped token (header.claims.signature) with the claims STS checks."""
        now_s = int(self.sim.epoch_seconds())
        claims = {"sub": identity_id, "aud": login.pool_id, "amr": [login.amr],
                  "iss": "https://cognito-identity.amazonaws.com",
                  "iat": now_s, "exp": now_s + int(OPEN_ID_TOKEN_MS / 1000)}
        part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
        return f"{part({'kid': f'{self.sim.region}-1', 'typ': 'JWS', 'alg': 'RS512'})}.{part(claims)}.{self.sim.ids.alnum(43)}"

    # ------------------------------------------------------------------ shared pieces
    def _role_for(self, login: Login, answering: str) -> str | None:
        pool = self.pools[login.pool]
        role = pool.authenticated_role if login.authenticated else pool.unauthenticated_role
        if role is None:
            self._error(login, answering, 400, "InvalidIdentityPoolConfigurationException",
                        "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
                        f"{login.pool} has no {'authenticated' if login.authenticated else 'guest'} "
                        f"role, so there is nothing to hand out credentials for.")
        return role

    def _assume(self, login: Login, role: str, assumer: str) -> bool:
        """The role's trust policy must let Cognito identities of this pool (aud, amr) in."""
        iam = self.sim.services["iam"]
        principal = iam.service_principal(COGNITO_PRINCIPAL, login.pool)
        decision = iam.check_trust(role, principal, "sts:AssumeRoleWithWebIdentity",
                                   {COGNITO_AUD: login.pool_id, COGNITO_AMR: login.amr})
        ok = decision.decision == "allow"
        enhanced = assumer == login.pool
        # Classic flow: the app itself calls STS with its token (§10, COG); STS only answers.
        caller = assumer if enhanced else login.actor
        summary = (f"Cognito assumes {role} for {login.actor}" if enhanced
                   else f"{login.actor} assumes {role} with its Cognito token (through STS)")
        who = (f"Cognito calls sts:AssumeRoleWithWebIdentity on {role} for {login.actor}"
               if enhanced else f"{login.actor} calls sts:AssumeRoleWithWebIdentity on {role}, "
                                f"handing STS the OpenID token")
        self._record("assume-role", caller, role, summary + ("" if ok else " (refused)"),
                     f"{who}. The role's trust policy must trust the federated identity "
                     f"provider {COGNITO_PRINCIPAL} (\"Principal\": {{\"Federated\": "
                     f"\"{COGNITO_PRINCIPAL}\"}}, not a \"Service\" principal) for pool "
                     f"{login.pool_id} and {login.amr} identities: "
                     + (f"it does ({decision.matched})." if ok else f"{decision.reason}."),
                     login, permission=decision, tags=() if ok else ("denied",))
        if not ok:
            if assumer == "sts":
                self._error(login, "sts", 403, "AccessDenied",
                            "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                            f"STS refuses: {role} does not trust this identity.")
            else:
                self._error(login, login.pool, 400, "InvalidIdentityPoolConfigurationException",
                            "Invalid identity pool configuration. Check assigned IAM roles for "
                            "this pool.", f"Cognito could not assume {role}, so {login.actor} "
                                          f"gets no credentials.")
        return ok

    def _session(self, login, role, identity_id, session_policy, session_name) -> Principal:
        return self.sim.services["iam"].role_session(
            role, session_name, node=login.actor, session_policy=session_policy,
            session_policy_name=UNAUTH_SESSION_POLICY_NAME,
            identity={"cognito_identity_id": identity_id,
                      "cognito_identity_pool_id": login.pool_id},
            expires_ms=self.sim.now + CREDENTIALS_MS)

    def _credentials_document(self, principal: Principal, secret_key_name="SecretAccessKey") -> dict:
        """GetCredentialsForIdentity calls the secret `SecretKey`; STS `SecretAccessKey`."""
        return {"AccessKeyId": "ASIA" + self.sim.ids.alnum(16).upper(),
                secret_key_name: self.sim.ids.alnum(40),
                "SessionToken": base64.b64encode(bytes.fromhex(self.sim.ids.hex(128))).decode(),
                # JSON (Cognito): epoch seconds; XML (STS): ISO 8601 (§10; API_Credentials pages)
                "Expiration": (int(self.sim.epoch_seconds(principal.expires_ms))
                               if secret_key_name == "SecretKey"
                               else self.sim.iso_time(principal.expires_ms))}

    def _activate(self, login: Login, principal: Principal) -> Principal:
        """From now on the app signs with these credentials."""
        self.sim.services["iam"].credentials[login.actor] = principal
        self.sim.recorder.set_state(login.actor, "credentials", {
            "role": principal.role, "arn": principal.arn,
            "cognito_identity_id": principal.identity["cognito_identity_id"],
            "expires": self.sim.iso_time(principal.expires_ms),
            "session_policy": UNAUTH_SESSION_POLICY_NAME if principal.session_policy else None})
        return principal

    def _record(self, kind, source, target, summary, narration, login: Login, **extra):
        return self.sim.recorder.record(kind, source, target, "on-demand", summary, narration,
                                        flow=login.flow, **extra)

    def _error(self, login: Login, source: str, status: int, code: str, message: str,
               narration: str) -> None:
        self._record("error", source, login.actor, f"{source} refuses: {status} {code}",
                     narration, login, payload={"__type": code, "message": message},
                     status=status, headers={"x-amzn-ErrorType": code}, tags=("denied",))
