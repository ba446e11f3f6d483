"""Before any policy: can the caller sign the request at all, and are its credentials still valid?

Two things happen before IAM looks at a single policy (docs/reference/lambda-behaviour.md §6 and
§13 A6):

- An actor that holds no AWS keys (a `mobile_app` that has not yet got credentials from Cognito,
  a `browser`) cannot sign a request. The AWS SDK stops before anything is sent (boto3:
  `NoCredentialsError: Unable to locate credentials`; the JavaScript SDK: `CredentialsProviderError:
  Could not load credentials from any providers`), so the service never hears of it and there is
  no IAM decision and no AccessDenied. Such an actor is never an IAM user.
- Temporary credentials past their `Expiration` reach the service, which refuses them before
  any policy with ExpiredTokenException (Lambda and the common AWS errors: HTTP 403, "The security
  token included in the request is expired"; S3 calls it `ExpiredToken`, HTTP 400). Sources:
  https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html and
  https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.

Services call `stopped_before_sending` first, then use `expired_error` to answer an expired
decision with the right code.
"""

from __future__ import annotations

from app.engine.trace import PermissionDecision

EXPIRED_POLICY = "temporary credentials"  # the `policy` of the decision `IamService.expired` gives
# Per service: (HTTP status, error code, message) for expired temporary credentials.
_EXPIRED = {
    "lambda": (403, "ExpiredTokenException", "The security token included in the request is expired"),
    "dynamodb": (400, "ExpiredTokenException", "The security token included in the request is expired"),
    "kinesis": (400, "ExpiredTokenException", "The security token included in the request is expired"),
    "s3": (400, "ExpiredToken", "The provided token has expired."),
}
_SDK_ERRORS = ("boto3 raises NoCredentialsError (\"Unable to locate credentials\"), the "
               "JavaScript SDK CredentialsProviderError (\"Could not load credentials from any "
               "providers\")")


def holds_no_keys(principal) -> bool:
    """True for an actor with no AWS credentials at all (IamService gives it kind `anonymous`)."""
    return principal.kind == "anonymous"


def what_to_do_first(sim, actor: str) -> str:
    """The sentence that tells the class how this kind of actor gets credentials."""
    kind = getattr(sim.scenario.resources.get(actor), "kind", None)
    pools = sim.scenario.of_type("cognito_identity_pool")
    if kind == "mobile_app":
        pool = next(iter(pools), None)
        where = f"the identity pool {pool}" if pool else "an Amazon Cognito identity pool"
        return (f"{actor} must first get temporary credentials from {where} (a get_credentials "
                f"line before this one: GetId, then GetCredentialsForIdentity) and sign with them.")
    if kind == "browser":
        return (f"A browser holds no AWS keys: it should call an API Gateway route that invokes "
                f"the function, or first get temporary credentials from an Amazon Cognito "
                f"identity pool.")
    return (f"{actor} must first be given credentials to sign with (give it an identity policy "
            f"in the file, i.e. an IAM user's access key, or temporary credentials from Cognito).")


def stopped_before_sending(sim, caller, actor: str, service_node: str, api: str, model: str,
                           flow: str | None = None) -> bool:
    """Record the SDK's refusal when `caller` holds no keys; True when the request stopped there.

    In: the caller's `Principal`, the actor node, the node the request was meant for, the API
    name ("Invoke", "PutItem", ...). Out: True (one `error` step from the actor to itself, tagged
    `unsigned`) or False (nothing recorded). Raises nothing.
    """
    if not holds_no_keys(caller):
        return False
    why = (f"{actor} holds no AWS credentials, so its AWS SDK cannot sign the {api} request "
           f"(Signature Version 4 needs an access key) and stops before sending anything: "
           f"{_SDK_ERRORS}. Nothing reaches AWS, so there is no permission check and no "
           f"AccessDenied: {actor} is not an IAM user. {what_to_do_first(sim, actor)}")
    sim.recorder.record("error", actor, actor, model,
                        f"{actor} cannot sign {api}: no credentials (nothing sent to {service_node})",
                        why, payload={"error": "NoCredentialsError",
                                      "message": "Unable to locate credentials"},
                        flow=flow, tags=("denied", "unsigned"))
    return True


def expired_error(decision: PermissionDecision, service: str) -> tuple[int, str, str] | None:
    """(status, code, message) when `decision` is the refusal of expired credentials, else None."""
    if decision.decision != "deny" or decision.policy != EXPIRED_POLICY:
        return None
    return _EXPIRED[service]
