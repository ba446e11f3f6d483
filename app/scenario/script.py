"""The script: what actors do, and when, in simulated time.

Each stimulus names the API call an actor makes (put_object, put_item, put_record, invoke, …).
`repeat`/`every` turn one line into many; `{n}` in any string is replaced by 1, 2, 3, ….
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, StrictFloat, StrictInt, ValidationInfo, field_validator

from app.scenario.fields import STRICT, Duration, Name
from app.scenario.versions import Qualifier

JSONValue = Any


class _Stimulus(BaseModel):
    model_config = STRICT
    at: Duration = Field(description="when it happens, e.g. 0s, 1.5s, 2min")
    actor: Name
    repeat: int = Field(default=1, ge=1, le=100_000, description="do it this many times")
    every: Duration = Field(default=0.0, description="time between repeats")
    note: str | None = Field(default=None, description="a line for the teacher; shown with the first step")
    expect: Literal["allowed", "denied"] | None = Field(
        default=None, description="what the lesson means to happen: `denied` when the refusal is the "
        "lesson (check then warns if the call is allowed), `allowed` to be warned of any refusal")


class PutObject(_Stimulus):
    action: Literal["put_object"]
    bucket: Name
    key: str = Field(min_length=1, max_length=1024)
    asset: str | None = Field(default=None, description="file to upload, relative to the scenario's "
                                                        "folder or to the bundled assets/")
    body: str | None = Field(default=None, description="text body, when no asset is given")
    content_type: str | None = None


class DeleteObject(_Stimulus):
    action: Literal["delete_object"]
    bucket: Name
    key: str = Field(min_length=1, max_length=1024)


class PutItem(_Stimulus):
    action: Literal["put_item"]
    table: Name
    item: dict[str, JSONValue] = Field(description="plain JSON; typed as DynamoDB attribute values")


class UpdateItem(_Stimulus):
    action: Literal["update_item"]
    table: Name
    key: dict[str, JSONValue]
    set: dict[str, JSONValue] = Field(description="attributes to set")


class DeleteItem(_Stimulus):
    action: Literal["delete_item"]
    table: Name
    key: dict[str, JSONValue]


class PutRecord(_Stimulus):
    action: Literal["put_record"]
    stream: Name
    partition_key: str = Field(min_length=1, max_length=256)
    data: JSONValue = Field(description="a string, or JSON that is serialised before base64")


class SendMessage(_Stimulus):
    """An actor sends one message to an SQS queue (SendMessage; lambda-behaviour.md §14)."""

    action: Literal["send_message"]
    queue: Name
    message_body: JSONValue = Field(description="a string, or JSON that is serialised to text")
    message_group_id: str | None = Field(default=None, max_length=128,
                                         description="FIFO queues: the message group (required there); "
                                                     "standard queues: a fair queue's tenant")
    message_deduplication_id: str | None = Field(
        default=None, min_length=1, max_length=128,
        description="FIFO queues: MessageDeduplicationId; a repeat within 5 minutes is accepted but "
                    "not delivered. Needed unless the queue has content_based_deduplication (§14)")
    delay_seconds: int = Field(default=0, ge=0, le=900, description="DelaySeconds before it is visible")
    message_attributes: dict[str, str] = Field(default_factory=dict,
                                               description="name → string value (DataType String)")


class HttpRequest(_Stimulus):
    action: Literal["http_request"]
    api: Name
    method: Literal["GET", "POST", "PUT", "DELETE", "PATCH"]
    path: str = Field(pattern=r"^/")
    query: dict[str, str] = Field(default_factory=dict)
    headers: dict[str, str] = Field(default_factory=dict)
    body: JSONValue = None


class Invoke(_Stimulus):
    action: Literal["invoke"]
    function: Name
    invocation_type: Literal["RequestResponse", "Event", "DryRun"] = "RequestResponse"
    payload: JSONValue = Field(default_factory=dict)
    log_type: Literal["None", "Tail"] = "None"
    qualifier: Qualifier | None = Field(default=None, description="a version number or alias name (§18); "
                                                            "none invokes $LATEST")


class GetCredentials(_Stimulus):
    """A mobile app signs in (or not) and gets temporary credentials from an identity pool."""

    action: Literal["get_credentials"]
    identity_pool: Name
    login: bool = Field(default=True, description="signed in with a provider, or a guest")
    provider: str | None = Field(default=None, description="login provider; the pool's first by default")
    flow: Literal["enhanced", "classic"] = Field(
        default="enhanced", description="enhanced: GetId → GetCredentialsForIdentity; classic "
                                        "(pool must allow it): GetId → GetOpenIdToken → STS")


class Publish(_Stimulus):
    """An actor publishes one message to an SNS topic (Publish; lambda-behaviour.md §20)."""

    action: Literal["publish"]
    topic: Name
    message: str = Field(description="the message text (Sns.Message in the record)")
    subject: str | None = Field(default=None, max_length=100, description="Sns.Subject; null when absent")
    message_attributes: dict[str, str | StrictInt | StrictFloat] = Field(
        default_factory=dict,
        description="name → value: text is Type String, a number Type Number (filter policies "
                    "compare numbers only with Number attributes)")


class PutEvents(_Stimulus):
    """An actor puts one event on the default event bus (PutEvents; lambda-behaviour.md §21)."""

    action: Literal["put_events"]
    source: str = Field(min_length=1, description="the event's source, e.g. my.shop (not aws.*)")
    detail_type: str = Field(min_length=1, description="the event's detail-type")
    detail: dict[str, JSONValue] = Field(default_factory=dict, description="the event's detail")


Request = Annotated[Union[PutObject, PutItem, PutRecord, SendMessage, HttpRequest, Invoke],
                    Field(discriminator="action")]


class Load(BaseModel):
    """Many requests over time, for scaling lessons: constant, Poisson or a burst."""

    model_config = STRICT
    at: Duration
    actor: Name
    action: Literal["load"]
    pattern: Literal["constant", "poisson", "burst"]
    rate: float = Field(default=10.0, gt=0, le=100_000, description="requests per second")
    duration: Duration = Field(default=10_000.0)
    count: int | None = Field(default=None, ge=1, le=1_000_000,
                              description="burst: how many arrive at once; others: stop after this many")
    request: dict[str, Any] = Field(description="the request each arrival makes: an invoke, "
                                                "http_request, put_record, send_message, put_item "
                                                "or put_object, "
                                                "without at/actor")
    note: str | None = None

    @field_validator("rate", "duration")
    @classmethod
    def _not_for_a_burst(cls, value, info: ValidationInfo):
        """A burst sends `count` requests at one instant: a `rate` or `duration` written for it
        would be ignored without a word, so it is refused at its key."""
        if info.data.get("pattern") == "burst":
            raise ValueError(f"a burst sends all `count` requests at once, so `{info.field_name}` "
                             f"is not used: remove it, or use `pattern: constant` (or poisson) "
                             f"for requests spread at `rate` per second")
        return value


Stimulus = Annotated[
    Union[PutObject, DeleteObject, PutItem, UpdateItem, DeleteItem, PutRecord, SendMessage,
          HttpRequest, Invoke,
          GetCredentials, Load, Publish, PutEvents],
    Field(discriminator="action"),
]

ACTIONS = ("put_object", "delete_object", "put_item", "update_item", "delete_item", "put_record",
           "send_message", "http_request", "invoke", "get_credentials", "load", "publish",
           "put_events")
