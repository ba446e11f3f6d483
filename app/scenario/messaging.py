"""SNS topics and EventBridge rules as a scenario declares them (lambda-behaviour.md §20, §21).

`sns_topic` gains `subscriptions` and `permissions` (the topic policy); `eventbridge_rule` holds
a `schedule_expression` or an `event_pattern` and its `targets`. Field names follow the AWS API
(Subscribe's Protocol/Endpoint become `function:`/`queue:`; PutRule's ScheduleExpression,
EventPattern and State; PutTargets' targets). Rules that need more than one key (exactly one
endpoint, schedule or pattern, a valid expression) are `check` errors in app.scenario.crossrefs,
so the JSON Schema and the models agree on structure.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from app.scenario.fields import STRICT, Name
from app.scenario.policies import FunctionPermission


class SnsSubscription(BaseModel):
    """Subscribe: protocol `lambda` (give `function`) or `sqs` (give `queue`)."""

    model_config = STRICT
    function: Name | None = Field(default=None, description="a function SNS invokes (protocol lambda)")
    queue: Name | None = Field(default=None, description="an sqs_queue SNS sends to (protocol sqs)")
    filter_policy: dict[str, Any] | None = Field(
        default=None, description="FilterPolicy: attribute name → list of allowed values or "
                                  "operators (prefix, anything-but, numeric, exists); at most 5 names")
    filter_policy_scope: Literal["MessageAttributes", "MessageBody"] = Field(
        default="MessageAttributes", description="match message attributes (default) or the "
                                                 "properties of a JSON message")
    dead_letter_queue: Name | None = Field(
        default=None, description="RedrivePolicy: a standard sqs_queue for messages SNS cannot "
                                  "deliver; its queue policy must let sns.amazonaws.com send")

    @property
    def endpoint(self) -> str:
        return self.function or self.queue or ""

    @property
    def protocol(self) -> str:
        return "lambda" if self.function else "sqs"


class TopicPermission(FunctionPermission):
    """One statement of a topic policy (same shape as a function's resource-based policy)."""

    action: str = Field(default="sns:Publish")


class SnsTopic(BaseModel):
    """An SNS topic: fans each published message out to its subscriptions (§20 SNS22); also a
    dead-letter queue or destination."""

    model_config = STRICT
    type: Literal["sns_topic"]
    label: str | None = None
    subscriptions: tuple[SnsSubscription, ...] = Field(default=(), description="who gets each message")
    permissions: tuple[TopicPermission, ...] = Field(
        default=(), description="the topic policy: which services (e.g. s3.amazonaws.com) may publish")
    maximum_message_size: int = Field(
        default=262_144, ge=1_024, le=1_048_576,
        description="MaximumMessageSize, bytes: the largest message (body and attributes) "
                    "Publish accepts; 262144 (256 KiB) unless raised, at most 1048576 (1 MiB) (§20)")


class EventBridgeRule(BaseModel):
    """PutRule + PutTargets on the default event bus (§21 EVB22, EBRBP)."""

    model_config = STRICT
    type: Literal["eventbridge_rule"]
    label: str | None = None
    schedule_expression: str | None = Field(
        default=None, description="rate(5 minutes), rate(1 day) or cron(0 2 * * ? *) (UTC)")
    event_pattern: dict[str, Any] | None = Field(
        default=None, description="an event pattern, e.g. {source: [my.app]}; matched against put_events")
    state: Literal["ENABLED", "DISABLED"] = "ENABLED"
    targets: tuple[Name, ...] = Field(min_length=1, max_length=5,
                                      description="functions the rule invokes (at most 5 targets)")
