"""The built-in handlers a scenario may name, and the options each accepts.

Scenario files never contain code: they pick one of these handlers and tune it. The option
models live here (Qt-free, import-light) so the loader can validate a file without importing
the handlers themselves; `app/handlers` implements them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.scenario.fields import STRICT, Name


class ThumbnailOptions(BaseModel):
    """Read the new photo, shrink it with Pillow, write it to `target_bucket`."""

    model_config = STRICT
    target_bucket: Name = Field(description="bucket the thumbnail is written to")
    max_size: tuple[int, int] = Field(default=(128, 128), description="[width, height] in pixels")
    key_prefix: str = Field(default="", description="prefix for the thumbnail's key, e.g. thumbs/")


class StreamMetricsOptions(BaseModel):
    """Aggregate a batch of stream records (DynamoDB Streams or Kinesis) into counts."""

    model_config = STRICT
    group_by: str | None = Field(default=None, description="item attribute or JSON field to count by")
    sum_field: str | None = Field(default=None, description="numeric attribute or JSON field to total")


class HttpApiOptions(BaseModel):
    """Answer an API Gateway proxy event with a JSON body."""

    model_config = STRICT
    status_code: int = Field(default=200, ge=100, le=599)
    body: dict | list | str | int | float | None = Field(
        default=None, description="JSON body to return; default echoes the method and path")


class EchoOptions(BaseModel):
    """Return the event it was given, plus who called: the simplest on-demand function."""

    model_config = STRICT
    greeting: str = Field(default="Hello from Lambda")


class ProcessClicksOptions(BaseModel):
    """Count the clicks a mobile app sends and reply with a total and the caller's identity."""

    model_config = STRICT
    field: str = Field(default="clicks", description="event field holding the list of clicks")


class WorkOptions(BaseModel):
    """Do nothing but take the function's duration: for load and scaling lessons."""

    model_config = STRICT


class ForwardOptions(BaseModel):
    """Write one item/message/record per record received to `to`, through the SDK."""

    model_config = STRICT
    to: Name = Field(description="a dynamodb_table, sqs_queue, sns_topic, kinesis_stream or s3_bucket")


HANDLER_OPTIONS: dict[str, type[BaseModel]] = {
    "builtin.thumbnail": ThumbnailOptions,
    "builtin.stream_metrics": StreamMetricsOptions,
    "builtin.http_api": HttpApiOptions,
    "builtin.echo": EchoOptions,
    "builtin.process_clicks": ProcessClicksOptions,
    "builtin.work": WorkOptions,
    "builtin.forward": ForwardOptions,
}
