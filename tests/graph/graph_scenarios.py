"""Small scenarios for the graph and canvas tests, one per invocation model, built in code.

Loading goes through the real loader when it exists, so the built-in files are read the way
the app reads them; the in-code scenarios are validated by the same pydantic model.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from app.scenario.models import Scenario

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "scenarios"
LAMBDA_TRUST = "lambda.amazonaws.com"


def load_file(path: Path) -> Scenario:
    try:
        from app.scenario.loader import load_scenario
    except ImportError:  # the loader is being written in parallel
        return Scenario.model_validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    return load_scenario(path)


def photo_thumbnails() -> Scenario:
    return load_file(SCENARIOS_DIR / "photo-thumbnails.yaml")


def _role(*policies, managed=()):
    return {"type": "iam_role", "trusts": LAMBDA_TRUST, "policies": list(policies),
            "managed_policies": list(managed)}


def stream_metrics() -> Scenario:
    """Pull model: an app writes to a DynamoDB table; a mapping polls its stream; DLQ on failure."""
    return Scenario.model_validate({
        "title": "Stream metrics", "teaches": "pull", "summary": "pull",
        "resources": {
            "app": {"type": "actor", "kind": "custom_app"},
            "orders": {"type": "dynamodb_table", "stream": {"enabled": True}},
            "metrics-role": _role(managed=["AWSLambdaDynamoDBExecutionRole"]),
            "count-orders": {"type": "function", "handler": "builtin.stream_metrics",
                             "role": "metrics-role"},
            "failed-batches": {"type": "sqs_queue"},
            "orders-mapping": {"type": "event_source_mapping", "source": "orders",
                               "function": "count-orders", "starting_position": "LATEST",
                               "batch_size": 10, "on_failure": "failed-batches"},
        },
        "script": [{"at": 0, "actor": "app", "action": "put_item", "table": "orders",
                    "item": {"id": "1"}}],
    })


def website() -> Scenario:
    """On demand through API Gateway, plus async retries with a DLQ and an on-success topic."""
    return Scenario.model_validate({
        "title": "Website", "teaches": "on-demand", "summary": "web",
        "resources": {
            "browser": {"type": "actor", "kind": "browser"},
            "shop-api": {"type": "api_gateway", "routes": [
                {"method": "GET", "path": "/orders", "function": "list-orders"},
                {"method": "POST", "path": "/orders", "function": "list-orders"}]},
            "api-role": _role({"action": "dynamodb:PutItem",
                               "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/orders"}),
            "orders": {"type": "dynamodb_table"},
            "list-orders": {"type": "function", "handler": "builtin.http_api", "role": "api-role",
                            "dead_letter_queue": "dlq",
                            "event_invoke_config": {"on_success": "done"}},
            "dlq": {"type": "sqs_queue"},
            "done": {"type": "sns_topic"},
        },
        "script": [{"at": 0, "actor": "browser", "action": "http_request", "api": "shop-api",
                    "method": "GET", "path": "/orders"}],
    })


def mobile_clicks(classic: bool = True) -> Scenario:
    """Cognito: a mobile app gets credentials from an identity pool, then invokes directly."""
    return Scenario.model_validate({
        "title": "Mobile clicks", "teaches": "on-demand", "summary": "mobile",
        "resources": {
            "phone": {"type": "actor", "kind": "mobile_app"},
            "pool": {"type": "cognito_identity_pool", "authenticated_role": "signed-in",
                     "unauthenticated_role": "guest", "allow_unauthenticated_identities": True,
                     "allow_classic_flow": classic},
            "signed-in": {"type": "iam_role", "trusts": [
                {"principal": "cognito-identity.amazonaws.com",
                 "action": "sts:AssumeRoleWithWebIdentity", "identity_pool": "pool",
                 "amr": "authenticated"}],
                "policies": [{"action": "lambda:InvokeFunction", "resource": "*"}]},
            "guest": {"type": "iam_role", "trusts": [
                {"principal": "cognito-identity.amazonaws.com",
                 "action": "sts:AssumeRoleWithWebIdentity", "identity_pool": "pool",
                 "amr": "unauthenticated"}]},
            "clicks-role": _role(managed=["AWSLambdaBasicExecutionRole"]),
            "process-clicks": {"type": "function", "handler": "builtin.process_clicks",
                               "role": "clicks-role"},
        },
        "script": [
            {"at": 0, "actor": "phone", "action": "get_credentials", "identity_pool": "pool"},
            {"at": 1, "actor": "phone", "action": "invoke", "function": "process-clicks",
             "invocation_type": "Event"},
        ],
    })


def typed_edges(graph) -> set[tuple[str, str, str]]:
    return {(u, v, d["type"]) for u, v, d in graph.edges(data=True)}
