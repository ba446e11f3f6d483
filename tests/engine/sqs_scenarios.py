"""Small SQS scenarios built in code for the queue, partial-batch and filtering tests."""

from __future__ import annotations

from app.engine.run import run  # noqa: F401  (re-exported for the tests)
from app.scenario.models import Scenario

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"


def sqs_scenario(*, queue: dict | None = None, esm: dict | None = None, function: dict | None = None,
                 role: dict | None = None, script: list | None = None, extra: dict | None = None,
                 stop_after: str | None = None) -> Scenario:
    """A shop allowed to send to `orders` (with DLQ `orders-dlq`), a function `worker` reading it."""
    resources = {
        "shop": {"type": "actor", "kind": "custom_app",
                 "policies": [{"action": "sqs:SendMessage", "resource": "*"}]},
        "orders": {"type": "sqs_queue", "visibility_timeout": 30,
                   "redrive_policy": {"dead_letter_queue": "orders-dlq", "max_receive_count": 3},
                   # a FIFO queue needs deduplication ids or this (§14): on unless a test says
                   **({"content_based_deduplication": True} if (queue or {}).get("fifo") else {}),
                   **(queue or {})},
        "orders-dlq": {"type": "sqs_queue", **({"fifo": True} if (queue or {}).get("fifo") else {})},
        "worker-role": role or {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                "managed_policies": ["AWSLambdaSQSQueueExecutionRole"]},
        "worker": {"type": "function", "handler": "builtin.work", "role": "worker-role",
                   "timeout": 10, "duration": "100ms", "init_duration": "100ms", **(function or {})},
        "esm": {"type": "event_source_mapping", "source": "orders", "function": "worker",
                **(esm or {})},
        **(extra or {}),
    }
    data = {"title": "sqs test", "teaches": "pull", "summary": "test", "resources": resources,
            "script": script or orders(["book", "poison", "pen"])}
    if stop_after:
        data["settings"] = {"stop_after": stop_after}
    return Scenario.model_validate(data)


def orders(items: list[str], at: str = "0s", group: str | None = None) -> list[dict]:
    """One send_message per item, all at `at`, body {"order": i, "item": item}."""
    return [{"at": at, "actor": "shop", "action": "send_message", "queue": "orders",
             "message_body": {"order": i + 1, "item": item},
             **({"message_group_id": group} if group else {})} for i, item in enumerate(items)]


POISON = {"faults": {"fail_when": {"path": "body.item", "equals": "poison"}}}
WINDOW = {"maximum_batching_window_in_seconds": 1}
RBIF = {"function_response_types": ["ReportBatchItemFailures"]}


def invokes(trace, function: str = "worker"):
    return [s for s in trace if s.kind == "execute" and s.target == function]


def items_of(step) -> list[str]:
    import json
    return [json.loads(r["body"])["item"] for r in step.payload["Records"]]
