"""The simulated AWS SDK a handler calls through `context.sdk` (boto3-shaped).

`sdk.s3.put_object(Bucket=..., Key=..., Body=...)` becomes `sdk.call("s3", "PutObject", ...)`:
ask the service which IAM action, resource ARN and node the call touches
(`service.sdk_target(operation, params) -> SdkTarget`), check the execution role's identity
policy, record an `sdk-call` step (function → node), then run
`service.sdk_<snake_operation>(params, caller=principal, flow=flow)` and return its dict.
A denied call raises `ClientError` inside the handler, as boto3 would: a function error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.engine.iam import access_denied_suffix

CLIENTS = {"s3": "s3", "dynamodb": "dynamodb", "kinesis": "kinesis", "lambda_": "lambda",
           "sqs": "queues", "sns": "sns"}


@dataclass(frozen=True, slots=True)
class SdkTarget:
    action: str  # IAM action, e.g. s3:PutObject
    resource: str  # ARN the action is on
    node: str  # scenario resource the step points at
    summary: str | None = None  # one line for the step; a default is made from the operation


class ClientError(Exception):
    """What botocore raises for an error response; `response["Error"]` has Code and Message."""

    def __init__(self, code: str, operation: str, message: str):
        self.response = {"Error": {"Code": code, "Message": message}}
        self.operation_name = operation
        super().__init__(f"An error occurred ({code}) when calling the {operation} operation: {message}")


def snake(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def pascal(method: str) -> str:
    return "".join(part.capitalize() for part in method.split("_"))


class _ServiceClient:
    """`sdk.s3`, `sdk.dynamodb`, …: any snake_case method becomes the PascalCase operation."""

    def __init__(self, sdk: "SdkClient", service: str):
        self._sdk, self._service = sdk, service

    def __getattr__(self, method: str):
        if method.startswith("_"):
            raise AttributeError(method)
        return lambda **params: self._sdk.call(self._service, pascal(method), **params)


class SdkClient:
    """Signs every call with `principal` (the execution role session) on behalf of `function`."""

    def __init__(self, sim, function: str, principal, flow: str | None, model: str = "internal"):
        self.sim, self.function, self.principal, self.flow, self.model = (
            sim, function, principal, flow, model)

    def __getattr__(self, name: str) -> _ServiceClient:
        if name in CLIENTS:
            return _ServiceClient(self, CLIENTS[name])
        raise AttributeError(name)

    def kind_of(self, name: str) -> str | None:
        """The `type:` of resource `name` (what a real function learns from its configuration,
        e.g. an environment variable naming its target); None when there is no such resource."""
        return getattr(self.sim.scenario.resources.get(name), "type", None)

    def call(self, service: str, operation: str, **params: Any) -> dict[str, Any]:
        svc = self.sim.services.get(service)
        if svc is None or not hasattr(svc, f"sdk_{snake(operation)}"):
            raise ClientError("UnknownOperation", operation,
                              f"the simulator has no {service} {operation}")
        target: SdkTarget = svc.sdk_target(operation, params)
        decision = self.sim.services["iam"].check_identity(self.principal, target.action,
                                                           target.resource)
        role = self.principal.role or self.principal.name
        ok = decision.decision == "allow"
        self.sim.recorder.record(
            "sdk-call", self.function, target.node, self.model,
            target.summary or f"{self.function} calls {operation} on {target.node}"
            + ("" if ok else " (denied)"),
            (f"The function's code calls {operation} on {target.node}. It signs the request with "
             f"the temporary credentials of its execution role {role}, and IAM "
             + ("allows it." if ok else f"refuses: {decision.reason}.")),
            payload={"operation": operation, "params": _printable(params)},
            permission=decision, flow=self.flow, tags=() if ok else ("denied",))
        if not ok:
            raise ClientError(
                "AccessDenied" if service == "s3" else "AccessDeniedException", operation,
                f"User: {self.principal.arn} is not authorized to perform: {target.action} "
                f"on resource: {target.resource}{access_denied_suffix(decision)}")
        recorded = len(self.sim.recorder.steps)
        response = getattr(svc, f"sdk_{snake(operation)}")(params, caller=self.principal, flow=self.flow)
        if len(self.sim.recorder.steps) == recorded:  # the call's only step shows its effect
            self.sim.recorder.attach_to_last()
        return response


def _printable(params: dict[str, Any]) -> dict[str, Any]:
    """Bodies can be bytes (a thumbnail): show their size, not the bytes."""
    return {k: (f"<{len(v)} bytes>" if isinstance(v, (bytes, bytearray)) else v)
            for k, v in params.items()}
