"""Small push and on-demand scenarios built in code: S3 → thumbnail, API Gateway, Cognito."""

from __future__ import annotations

from app.engine.run import run
from app.scenario.models import Scenario

ACCOUNT = "123456789012"
REGION = "us-east-1"
API_ID = "abc123defg"


def fn_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def build(resources: dict, script: list, settings: dict | None = None) -> Scenario:
    data = {"title": "test", "teaches": "push", "summary": "test scenario",
            "resources": resources, "script": script, "settings": settings or {},
            "chapter_steps": True}  # these mirror the chapter's examples, tags included
    return Scenario.model_validate(data)


def s3_permission(bucket: str = "photos", **kw) -> dict:
    return {"sid": "AllowS3Invoke", "principal": "s3.amazonaws.com",
            "source_arn": f"arn:aws:s3:::{bucket}", "source_account": ACCOUNT, **kw}


def thumbnail_resources(*, notifications=None, permissions=None, target="thumbnails",
                        key_prefix: str = "", role_policies=None, user_policies=None,
                        versioning: bool = False, fn_overrides: dict | None = None) -> dict:
    """user → photos (notifies make-thumbnail) → thumbnails; everything allowed by default."""
    return {
        "user": {"type": "actor", "kind": "user", "policies": user_policies if user_policies
                 is not None else [{"action": ["s3:PutObject", "s3:DeleteObject"],
                                    "resource": "arn:aws:s3:::photos/*"}]},
        "photos": {"type": "s3_bucket", "versioning": versioning,
                   "notifications": notifications if notifications is not None else
                   [{"id": "thumbs", "events": ["s3:ObjectCreated:*"], "function": "make-thumbnail"}]},
        "thumbnails": {"type": "s3_bucket"},
        "thumb-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                       "policies": role_policies if role_policies is not None else [
                           {"action": ["s3:GetObject", "s3:PutObject"], "resource": "arn:aws:s3:::*"}]},
        "make-thumbnail": {"type": "function", "handler": "builtin.thumbnail", "role": "thumb-role",
                           "options": {"target_bucket": target, "max_size": [64, 64],
                                       "key_prefix": key_prefix},
                           "timeout": 30, "duration": "300ms", "init_duration": "200ms",
                           "permissions": permissions if permissions is not None else [s3_permission()],
                           **(fn_overrides or {})},
    }


def upload(key: str = "red flower.jpg", asset: str | None = "photos/cat.jpg", at=0, **kw) -> dict:
    step = {"at": at, "actor": "user", "action": "put_object", "bucket": "photos", "key": key, **kw}
    if asset:
        step["asset"] = asset
    return step


def api_resources(*, routes=None, fn: dict | None = None, permissions=None,
                  api: dict | None = None) -> dict:
    """browser → orders-api → orders (builtin.http_api), allowed for any stage/method/path."""
    return {
        "browser": {"type": "actor", "kind": "browser"},
        "orders-api": {"type": "api_gateway", "api_id": API_ID, "stage": "prod",
                       "routes": routes or [{"method": "GET", "path": "/orders", "function": "orders"},
                                            {"method": "GET", "path": "/orders/{id}", "function": "orders"},
                                            {"method": "POST", "path": "/orders", "function": "orders"}],
                       **(api or {})},
        "orders-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
        "orders": {"type": "function", "handler": "builtin.http_api", "role": "orders-role",
                   "duration": "50ms", "init_duration": "100ms",
                   "permissions": permissions if permissions is not None else [
                       {"sid": "AllowApi", "principal": "apigateway.amazonaws.com",
                        "source_arn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/*"}],
                   **(fn or {})},
    }


def get(path: str, at=0, method: str = "GET", **kw) -> dict:
    return {"at": at, "actor": "browser", "action": "http_request", "api": "orders-api",
            "method": method, "path": path, **kw}


def cognito_resources(*, pool: dict | None = None, user_policies=None, guest_policies=None,
                      user_amr: str = "authenticated") -> dict:
    """phone → clicks-pool (user and guest roles, both allowed to invoke) → process-clicks."""
    invoke_all = [{"sid": "InvokeClicks", "action": "lambda:InvokeFunction",
                   "resource": fn_arn("process-clicks")}]

    def web_identity(amr):
        return [{"principal": "cognito-identity.amazonaws.com",
                 "action": "sts:AssumeRoleWithWebIdentity", "identity_pool": "clicks-pool",
                 "amr": amr}]

    return {
        "phone": {"type": "actor", "kind": "mobile_app"},
        "clicks-pool": {"type": "cognito_identity_pool", "authenticated_role": "user-role",
                        "unauthenticated_role": "guest-role",
                        "allow_unauthenticated_identities": True, **(pool or {})},
        "user-role": {"type": "iam_role", "trusts": web_identity(user_amr),
                      "policies": invoke_all if user_policies is None else user_policies},
        "guest-role": {"type": "iam_role", "trusts": web_identity("unauthenticated"),
                       "policies": invoke_all if guest_policies is None else guest_policies},
        "clicks-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
        "process-clicks": {"type": "function", "handler": "builtin.process_clicks",
                           "role": "clicks-role", "duration": "30ms", "init_duration": "100ms"},
    }


def sign_in(at=0, **kw) -> dict:
    return {"at": at, "actor": "phone", "action": "get_credentials", "identity_pool": "clicks-pool",
            **kw}


def send_clicks(at=1, clicks=("like", "like", "share")) -> dict:
    return {"at": at, "actor": "phone", "action": "invoke", "function": "process-clicks",
            "payload": {"clicks": [{"target": c} for c in clicks]}}


def play(resources: dict, script: list, settings: dict | None = None):
    return run(build(resources, script, settings))


def of_kind(trace, kind: str) -> list:
    return [s for s in trace.steps if s.kind == kind]
