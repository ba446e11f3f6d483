"""Which queues and topics Lambda can deliver its failure records to, whatever the permissions.

A function's dead-letter queue, its asynchronous on-failure / on-success destinations and a
stream mapping's on-failure destination must be a **standard** SQS queue or SNS topic. AWS names
an SQS FIFO queue as an unsupported destination type: the configuration is kept, but every
delivery there fails and counts `DeadLetterErrors` (a DLQ) or `DestinationDeliveryFailures` (a
destination) (docs/reference/lambda-behaviour.md §13 A3d;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). SNS topics
are always standard in LambdaScope. Qt-free; used by the engine and by `check`.
"""

from __future__ import annotations

DELIVERY_FAILED_TAG = "delivery-failed"
"""On a step where Lambda's send to a DLQ or destination fails (the metric counts it there)."""


def unsupported_target(scenario, name: str) -> str | None:
    """Why Lambda cannot deliver a record to resource `name` even with every permission: a short
    reason ("a FIFO queue"), or None for a target it can deliver to. Raises nothing."""
    resource = scenario.resources.get(name)
    if getattr(resource, "type", None) == "sqs_queue" and getattr(resource, "fifo", False):
        return "a FIFO queue"
    return None


def fifo_sentence(target: str, metric: str) -> str:
    """The narration of a delivery to a FIFO queue: what AWS does and which metric counts it."""
    return (f"{target} is a FIFO queue, and Lambda sends these records only to a standard queue "
            f"or topic: AWS lists a FIFO queue as an unsupported destination type. So the "
            f"delivery fails, nothing arrives in {target}, and Lambda counts it in the {metric} "
            f"metric (lambda-behaviour.md §13 A3d).")
