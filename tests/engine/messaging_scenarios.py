"""Small SNS and EventBridge scenarios built in code (lambda-behaviour.md §20, §21)."""

from __future__ import annotations

from tests.engine.source_scenarios import ACCOUNT, REGION, build

TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:uploads"
RULE_ARN = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/nightly"


def sns_permission(topic: str = "uploads") -> dict:
    return {"sid": "AllowSns", "principal": "sns.amazonaws.com",
            "source_arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:{topic}"}


def events_permission(rule: str = "nightly") -> dict:
    return {"sid": "AllowEvents", "principal": "events.amazonaws.com",
            "source_arn": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{rule}"}


def _fn(permissions, **kw) -> dict:
    return {"type": "function", "handler": "builtin.echo", "role": "fn-role",
            "duration": "100ms", "init_duration": "200ms", "permissions": permissions, **kw}


def fan_out(*, via_s3: bool = False, topic_permissions=None, fn_permissions=None,
            user_policies=None, subscribers=("resize", "audit"), fn_overrides=None,
            script=None, settings=None):
    """user → (photos →) uploads topic → each subscriber."""
    resources = {
        "user": {"type": "actor", "kind": "user", "policies": user_policies if user_policies
                 is not None else [{"action": ["s3:PutObject", "sns:Publish"], "resource": "*"}]},
        "uploads": {"type": "sns_topic",
                    "subscriptions": [{"function": f} for f in subscribers],
                    "permissions": topic_permissions if topic_permissions is not None else [
                        {"sid": "AllowS3Publish", "principal": "s3.amazonaws.com",
                         "source_arn": "arn:aws:s3:::photos", "source_account": ACCOUNT}]},
        "fn-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                    "managed_policies": ["AWSLambdaBasicExecutionRole"]},
    }
    for f in subscribers:
        perms = fn_permissions.get(f, [sns_permission()]) if fn_permissions else [sns_permission()]
        resources[f] = _fn(perms, **((fn_overrides or {}).get(f, {})))
    if via_s3:
        resources["photos"] = {"type": "s3_bucket", "notifications": [
            {"id": "to-topic", "events": ["s3:ObjectCreated:*"], "topic": "uploads"}]}
        default = [{"at": 0, "actor": "user", "action": "put_object", "bucket": "photos",
                    "key": "a b.jpg", "body": "x"}]
    else:
        default = [{"at": 0, "actor": "user", "action": "publish", "topic": "uploads",
                    "message": "hello", "subject": "Greeting", "message_attributes": {"kind": "test"}}]
    return build(resources, script or default, settings)


def nightly(*, expression="cron(0 2 * * ? *)", permissions=None, stop_after="50h",
            fn_overrides=None, pattern=None, script=None, ops_policies=None):
    rule = {"type": "eventbridge_rule", "targets": ["report"]}
    if pattern is not None:
        rule["event_pattern"] = pattern
    else:
        rule["schedule_expression"] = expression
    resources = {
        "ops": {"type": "actor", "kind": "custom_app",
                "policies": ops_policies if ops_policies is not None else
                [{"action": "events:PutEvents", "resource": "*"}]},
        "nightly": rule,
        "fn-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
        "report": _fn(permissions if permissions is not None else [events_permission()],
                      **(fn_overrides or {})),
    }
    settings = {"stop_after": stop_after} if stop_after else {}
    quiet = [{"at": 0, "actor": "ops", "action": "put_events", "source": "ops.console",
               "detail_type": "Deployed"}]  # matches no rule: one request step, nothing runs
    return build(resources, script or quiet, settings)
