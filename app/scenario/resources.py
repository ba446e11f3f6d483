"""The resources a scenario declares, one model per `type:`.

Field names are the snake_case of the AWS API parameter where one exists (BatchSize →
batch_size, MaximumBatchingWindowInSeconds → maximum_batching_window_in_seconds), and keep
the API's unit (seconds, MB). Durations that have no API counterpart take "250ms"/"2s".
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, WithJsonSchema, model_validator

from app.scenario.fields import STRICT, Duration, Name
from app.scenario.messaging import EventBridgeRule, SnsTopic
from app.scenario.policies import MANAGED_POLICIES, FunctionPermission, PolicyStatement, TrustList
from app.scenario.versions import (QUALIFIED_FUNCTION_PATTERN, Alias, AliasName, Qualifier,
                                   VersionNumber, VersionOverrides, keyed_by_version,
                                   split_function_ref)

FunctionRef = Annotated[Name, WithJsonSchema({
    "type": "string", "pattern": QUALIFIED_FUNCTION_PATTERN,
    "description": "a function, or function:ALIAS / function:VERSION (§18)"})]

ManagedPolicyName = Literal[tuple(MANAGED_POLICIES)]  # type: ignore[valid-type]


class Actor(BaseModel):
    """A person or program outside AWS that starts things: uploads, writes, HTTP calls, invokes."""

    model_config = STRICT
    type: Literal["actor"]
    kind: Literal["user", "browser", "custom_app", "mobile_app"]
    label: str | None = None
    policies: tuple[PolicyStatement, ...] = Field(
        default=(), description="identity policy of the credentials the actor signs with")


class S3Notification(BaseModel):
    """One entry of the bucket's notification configuration: a LambdaFunctionConfiguration
    (`function`), a TopicConfiguration (`topic`) or a QueueConfiguration (`queue`)."""

    model_config = STRICT
    id: str | None = Field(default=None, description="the configuration Id (s3.configurationId in events)")
    events: tuple[str, ...] = Field(min_length=1, description='e.g. ["s3:ObjectCreated:*"]')
    prefix: str | None = Field(default=None, description="key name prefix filter")
    suffix: str | None = Field(default=None, description="key name suffix filter")
    function: FunctionRef | None = Field(default=None, description="a function S3 invokes")
    qualifier: Qualifier | None = Field(default=None, description="the alias or version S3 "
                                                                  "invokes; `function: NAME:QUALIFIER` sets it")
    topic: Name | None = Field(default=None, description="an sns_topic S3 publishes the event to")
    queue: Name | None = Field(default=None, description="an sqs_queue S3 sends the event to")

    _split = model_validator(mode="before")(split_function_ref)

    @property
    def destination(self) -> str:
        """The function, topic or queue this entry sends to."""
        return self.function or self.topic or self.queue or ""


class S3Bucket(BaseModel):
    model_config = STRICT
    type: Literal["s3_bucket"]
    label: str | None = None
    notifications: tuple[S3Notification, ...] = ()
    versioning: bool = Field(default=False, description="versioning enabled: objects and events get a versionId")


class TableStream(BaseModel):
    model_config = STRICT
    enabled: bool = True
    view_type: Literal["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"] = "NEW_AND_OLD_IMAGES"


class DynamoDBTable(BaseModel):
    model_config = STRICT
    type: Literal["dynamodb_table"]
    label: str | None = None
    partition_key: str = "id"
    sort_key: str | None = None
    stream: TableStream | None = Field(default=None, description="DynamoDB Streams on the table")


class KinesisStream(BaseModel):
    model_config = STRICT
    type: Literal["kinesis_stream"]
    label: str | None = None
    shard_count: int = Field(default=1, ge=1, le=64)
    retention_period_hours: int = Field(default=24, ge=24, le=8760)


class ApiRoute(BaseModel):
    model_config = STRICT
    method: Literal["GET", "POST", "PUT", "DELETE", "PATCH", "ANY"]
    path: str = Field(pattern=r"^/", description="resource path, e.g. /orders or /orders/{id}")
    function: Name


class ApiGateway(BaseModel):
    """A REST API with Lambda proxy integrations."""

    model_config = STRICT
    type: Literal["api_gateway"]
    label: str | None = None
    api_id: str | None = Field(default=None, description="fixed API id; derived from the seed if absent")
    stage: str = "prod"
    routes: tuple[ApiRoute, ...] = Field(min_length=1)
    timeout_in_millis: int = Field(default=29_000, ge=50, le=29_000, description="integration timeout")


class CognitoIdentityPool(BaseModel):
    model_config = STRICT
    type: Literal["cognito_identity_pool"]
    label: str | None = None
    authenticated_role: Name | None = None
    unauthenticated_role: Name | None = None
    allow_unauthenticated_identities: bool = False
    allow_classic_flow: bool = False
    supported_login_providers: tuple[str, ...] = ("accounts.google.com",)


class IamRole(BaseModel):
    model_config = STRICT
    type: Literal["iam_role"]
    label: str | None = None
    trusts: TrustList = Field(min_length=1, description="trust policy: who may assume this role")
    policies: tuple[PolicyStatement, ...] = ()
    managed_policies: tuple[ManagedPolicyName, ...] = ()


class DurationDistribution(BaseModel):
    model_config = STRICT
    distribution: Literal["fixed", "exponential", "normal"]
    mean: Duration
    stddev: Duration = 0.0


DurationSpec = Union[Duration, DurationDistribution]


class EventInvokeConfig(BaseModel):
    """PutFunctionEventInvokeConfig: how Lambda retries asynchronous events."""

    model_config = STRICT
    maximum_retry_attempts: int = Field(default=2, ge=0, le=2)
    maximum_event_age_in_seconds: int = Field(default=21_600, ge=60, le=21_600)
    on_success: Name | None = Field(default=None, description="destination queue/topic/function")
    on_failure: Name | None = None


class FailWhen(BaseModel):
    """Fail on a record's data: `path` is dotted inside one record (`body`, `eventName`,
    `dynamodb.NewImage.status.S`; Kinesis `data` is decoded first), with `equals` or `contains`."""

    model_config = STRICT
    path: str = Field(min_length=1, description="dotted path inside one record, e.g. body.status")
    equals: Any = Field(default=None, description="fail when the value at path equals this")
    contains: str | None = Field(default=None, description="fail when the value at path contains this text")

    @model_validator(mode="after")
    def _one_test(self):
        if (self.equals is None) == (self.contains is None):
            raise ValueError("give exactly one of `equals` or `contains`")
        return self


class Faults(BaseModel):
    """Injected failures, so a lesson can show how Lambda reacts to them."""

    model_config = STRICT
    fail: Literal["never", "always"] = "never"
    fail_on_record: int | None = Field(default=None, ge=1,
                                       description="fail any batch holding the Nth record written (1-based)")
    fail_when: FailWhen | None = Field(default=None, description="fail on records whose data matches")
    fail_first_attempts: int = Field(default=0, ge=0, description="fail the first K invocations")
    time_out: bool = Field(default=False, description="run past the function's timeout")
    malformed_response: bool | Literal["missing_status_code", "status_code_not_number",
                                       "body_not_string"] = Field(
        default=False, description="return a reply API Gateway cannot map (§9 APX): which shape is "
                                   "wrong; true = missing_status_code")


class FunctionVersion(VersionOverrides):
    """A published version (§18): the keys in which it differs from the function's `$LATEST`."""

    faults: Faults | None = Field(default=None, description="this version's injected failures")
    duration: DurationSpec | None = Field(default=None, description="how long this version's code runs")
    init_duration: DurationSpec | None = Field(default=None, description="this version's cold-start Init")


class Function(BaseModel):
    model_config = STRICT
    type: Literal["function"]
    label: str | None = None
    handler: str = Field(description="a built-in handler, e.g. builtin.thumbnail")
    options: dict[str, Any] = Field(default_factory=dict, description="the handler's options")
    runtime: str = "python3.12"
    memory_size: int = Field(default=128, ge=128, le=10_240, description="MB")
    timeout: int = Field(default=3, ge=1, le=900, description="seconds")
    role: Name = Field(description="execution role")
    reserved_concurrent_executions: int | None = Field(default=None, ge=0)
    permissions: tuple[FunctionPermission, ...] = Field(default=(), description="resource-based policy")
    event_invoke_config: EventInvokeConfig = EventInvokeConfig()
    dead_letter_queue: Name | None = None
    recursive_loop: Literal["Terminate", "Allow"] = Field(
        default="Terminate",
        description="RecursiveLoop (PutFunctionRecursionConfig): Terminate stops a loop through "
                    "S3, SQS, SNS or Lambda after about 16 invocations; Allow lets it run")
    duration: DurationSpec = Field(default=120.0, description="how long the code runs per invoke")
    init_duration: DurationSpec = Field(default=250.0, description="cold-start Init phase")
    faults: Faults = Faults()
    versions: Annotated[dict[VersionNumber, FunctionVersion], BeforeValidator(keyed_by_version)] = Field(
        default_factory=dict, description="published versions (§18): number → what differs from $LATEST")
    aliases: dict[AliasName, Alias] = Field(
        default_factory=dict, description="aliases (§18): name → the version it points at")


class RedrivePolicy(BaseModel):
    """The queue's RedrivePolicy: after max_receive_count receives, SQS moves a message to the
    dead-letter queue (lambda-behaviour.md §14, SQSERR)."""

    model_config = STRICT
    dead_letter_queue: Name = Field(description="the sqs_queue that gets the messages (deadLetterTargetArn)")
    max_receive_count: int = Field(ge=1, le=1000, description="maxReceiveCount; AWS suggests at least 5 "
                                                               "for a queue Lambda reads")


class QueuePermission(FunctionPermission):
    """One statement of a queue policy (same shape as a function's resource-based policy)."""

    action: str = Field(default="sqs:SendMessage")


class SqsQueue(BaseModel):
    """An SQS queue: a DLQ or destination, or the source of an event source mapping (§14)."""

    model_config = STRICT
    type: Literal["sqs_queue"]
    label: str | None = None
    fifo: bool = Field(default=False, description="FIFO queue: order kept per message group")
    content_based_deduplication: bool = Field(
        default=False, description="FIFO only (ContentBasedDeduplication): SQS makes each message's "
        "MessageDeduplicationId from a SHA-256 of its body, so a send may omit it (§14)")
    visibility_timeout: int = Field(default=30, ge=0, le=43_200,
                                    description="VisibilityTimeout, seconds")
    message_retention_period: int = Field(default=345_600, ge=60, le=1_209_600,
                                          description="MessageRetentionPeriod, seconds (default 4 days)")
    redrive_policy: RedrivePolicy | None = Field(default=None, description="where SQS moves messages "
                                                                           "received too often")
    permissions: tuple[QueuePermission, ...] = Field(default=(), description="queue policy")


class OnFailure(BaseModel):
    model_config = STRICT
    destination: Name


class ScalingConfig(BaseModel):
    """ScalingConfig of an SQS mapping (lambda-behaviour.md §14, SQSSC)."""

    model_config = STRICT
    maximum_concurrency: int | None = Field(default=None, ge=2, le=1000,
                                            description="concurrent invokes this mapping may use")


class EventFilter(BaseModel):
    model_config = STRICT
    pattern: str = Field(min_length=1, description="an EventBridge-style pattern, as JSON text")


class FilterCriteria(BaseModel):
    """FilterCriteria: records that match no filter never reach the function (§16, EVF)."""

    model_config = STRICT
    filters: tuple[EventFilter, ...] = Field(min_length=1, max_length=5,
                                             description="at most 5; a record passes if any matches")


def _record_age(value: int) -> int:
    """MaximumRecordAgeInSeconds in s: -1 (no limit) or 60-604,800; anything else raises ValueError.

    CreateEventSourceMapping refuses 0-59 although they lie inside the parameter's range
    (lambda-behaviour.md §5, ESM:
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html).
    """
    if 0 <= value < 60:
        raise ValueError("maximum_record_age_in_seconds must be -1 (never discard) or 60 to "
                         "604,800 seconds: Lambda refuses 0-59, its smallest record age is 60 s")
    return value


class EventSourceMapping(BaseModel):
    """CreateEventSourceMapping: a Lambda resource that polls a stream or queue for a function."""

    model_config = STRICT
    type: Literal["event_source_mapping"]
    label: str | None = None
    source: Name = Field(description="a kinesis_stream, a dynamodb_table with its stream on, or an sqs_queue")
    function: FunctionRef
    qualifier: Qualifier | None = Field(default=None, description="the alias or version Lambda "
                                                                  "invokes; `function: NAME:QUALIFIER` sets it")

    _split = model_validator(mode="before")(split_function_ref)
    enabled: bool = True
    batch_size: int | None = Field(default=None, ge=1, le=10_000,
                                   description="default 100 for streams, 10 for queues (FIFO: at most 10)")
    maximum_batching_window_in_seconds: int = Field(default=0, ge=0, le=300)
    starting_position: Literal["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"] | None = Field(
        default=None, description="streams only, and required there")
    function_response_types: tuple[Literal["ReportBatchItemFailures"], ...] = Field(
        default=(), max_length=1, description="[ReportBatchItemFailures]: partial batch responses")
    filter_criteria: FilterCriteria | None = None
    scaling_config: ScalingConfig = Field(default=ScalingConfig(), description="SQS only")

    @property
    def report_batch_item_failures(self) -> bool:
        return "ReportBatchItemFailures" in self.function_response_types
    created_at: Duration = Field(default=0.0, description="simulated time the mapping is created; "
                                                          "LATEST reads only records written after it")
    starting_position_timestamp: Duration | None = Field(
        default=None, description="AT_TIMESTAMP only: simulated time to start reading from")
    maximum_retry_attempts: int = Field(default=-1, ge=-1, le=10_000)
    maximum_record_age_in_seconds: Annotated[int, AfterValidator(_record_age), WithJsonSchema({
        "description": "-1 (never discard) or 60-604,800 s",  # the schema refuses 0-59 as check does
        "anyOf": [{"const": -1}, {"type": "integer", "minimum": 60, "maximum": 604_800}]})] = Field(
        default=-1, ge=-1, le=604_800, description="-1 (never discard) or 60-604,800 s")
    bisect_batch_on_function_error: bool = False
    parallelization_factor: int = Field(
        default=1, ge=1, le=10,
        description="streams: batches of one shard processed at once, in order per partition key")
    on_failure: Name | None = Field(default=None, description="queue or topic for discarded batches")


Resource = Annotated[
    Union[Actor, S3Bucket, DynamoDBTable, KinesisStream, ApiGateway, CognitoIdentityPool, IamRole,
          Function, SqsQueue, EventSourceMapping, SnsTopic, EventBridgeRule],
    Field(discriminator="type"),
]

RESOURCE_TYPES = ("actor", "s3_bucket", "dynamodb_table", "kinesis_stream", "api_gateway",
                  "cognito_identity_pool", "iam_role", "function", "sqs_queue", "sns_topic",
                  "event_source_mapping", "eventbridge_rule")
