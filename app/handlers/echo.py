"""builtin.echo: return the event and who called, the simplest on-demand function."""

from __future__ import annotations

MEMORY_MB = 38


def handler(event, context):
    greeting = context.options.greeting
    n = len(event) if hasattr(event, "__len__") else 1
    print(f"{greeting}: {context.function_name} got {n} {'field' if n == 1 else 'fields'}")
    result = {"message": greeting, "received": event, "requestId": context.aws_request_id}
    if context.identity is not None:
        result["cognitoIdentityId"] = context.identity.cognito_identity_id
    return result
