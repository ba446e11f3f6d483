"""The `context` a handler receives: the Python runtime's fields, read from simulated time.

Fields follow the Python context object (lambda-behaviour.md §12, PYC). `options` (the handler's
validated options) and `sdk` (the simulated AWS SDK) are ours: real code would read environment
variables and create a boto3 client instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True, slots=True)
class CognitoIdentity:
    """`context.identity` for calls signed with Cognito credentials (mobile apps)."""

    cognito_identity_id: str | None = None
    cognito_identity_pool_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClientContext:
    """`context.client_context` as the mobile SDKs send it (client.*, custom, env)."""

    client: dict[str, Any] | None = None
    custom: dict[str, Any] | None = None
    env: dict[str, Any] | None = None


class LambdaContext:
    """One invocation's context; `get_remaining_time_in_millis` counts down on simulated time."""

    function_version = "$LATEST"

    def __init__(self, *, function_name: str, invoked_function_arn: str, memory_limit_in_mb: int,
                 aws_request_id: str, log_stream_name: str, deadline_ms: float,
                 clock: Callable[[], float], identity: CognitoIdentity | None = None,
                 client_context: ClientContext | None = None, options: Any = None,
                 sdk: Any = None):
        self.function_name = function_name
        self.invoked_function_arn = invoked_function_arn
        self.memory_limit_in_mb = memory_limit_in_mb
        self.aws_request_id = aws_request_id
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = log_stream_name
        self.identity = identity
        self.client_context = client_context
        self.options = options
        self.sdk = sdk
        self._deadline_ms = deadline_ms
        self._clock = clock

    @classmethod
    def shared(cls, *, function_name: str, invoked_function_arn: str, memory_limit_in_mb: int,
               clock: Callable[[], float], options: Any = None) -> dict:
        """What the contexts of one function's invocations share (app.engine.fast_invoke keeps it
        per function): the attributes of a context with these fields, in the order `__init__`
        sets them, the per-invocation ones None. See `of`."""
        return vars(cls(function_name=function_name, invoked_function_arn=invoked_function_arn,
                        memory_limit_in_mb=memory_limit_in_mb, aws_request_id=None,
                        log_stream_name=None, deadline_ms=None, clock=clock, options=options))

    @classmethod
    def of(cls, shared: dict, aws_request_id: str, log_stream_name: str, deadline_ms: float,
           identity: CognitoIdentity | None, sdk: Any) -> "LambdaContext":
        """The context `LambdaContext(**fields, aws_request_id=…, log_stream_name=…,
        deadline_ms=…, identity=…, sdk=…)` gives (the same attributes in the same order, no
        client context), made from `shared(**fields)` without calling `__init__` (one per
        request of a load)."""
        context = cls.__new__(cls)
        values = context.__dict__
        values.update(shared)
        values["aws_request_id"], values["log_stream_name"] = aws_request_id, log_stream_name
        values["identity"], values["sdk"], values["_deadline_ms"] = identity, sdk, deadline_ms
        return context

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int(self._deadline_ms - self._clock()))


def log_stream_name(date: str, hex32: str, version: str = "$LATEST") -> str:
    """`YYYY/MM/DD/[VERSION]<32 hex>`: one stream per execution environment; the bracket holds
    the version it runs ($LATEST or a number, docs/reference/lambda-behaviour.md §18)."""
    return f"{date}/[{version}]{hex32}"
