"""API Gateway REST proxy integration: the event Lambda receives, and the response it must return
(lambda-behaviour.md §9, sources APX and AGL).

The event's `path` is the resource path the client called (`/orders`); `requestContext.path`
carries the stage too (`/prod/orders`). Absent query strings and path parameters are `null`,
not `{}`, which is what handlers that do `event["queryStringParameters"] or {}` expect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PROXY_RESPONSE_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body",
                                 "isBase64Encoded"})
INTERNAL_SERVER_ERROR = {"message": "Internal server error"}
MISSING_AUTH_TOKEN = {"message": "Missing Authentication Token"}


def request_time(epoch_ms: float) -> str:
    """`27/Nov/2026:08:37:20 +0000`, the CLF-style time API Gateway puts in requestContext."""
    t = dt.datetime.fromtimestamp(epoch_ms / 1000.0, tz=dt.timezone.utc)
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


def multi_value(single: dict[str, str] | None) -> dict[str, list[str]] | None:
    """API Gateway sends every header and query parameter twice: single- and multi-value."""
    return None if not single else {k: [v] for k, v in single.items()}


def proxy_event(*, resource: str, path: str, method: str, headers: dict[str, str],
                query: dict[str, str], path_parameters: dict[str, str], body: str | None,
                context: dict[str, Any]) -> dict[str, Any]:
    """The REST API (v1) proxy event; `context` comes from `request_context`."""
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": dict(headers),
        "multiValueHeaders": multi_value(headers) or {},
        "queryStringParameters": dict(query) or None,
        "multiValueQueryStringParameters": multi_value(query),
        "pathParameters": dict(path_parameters) or None,
        "stageVariables": None,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": False,
    }


def request_context(*, account: str, api_id: str, region: str, stage: str, resource_id: str,
                    resource: str, path: str, method: str, request_id: str,
                    extended_request_id: str, epoch_ms: float, source_ip: str,
                    user_agent: str) -> dict[str, Any]:
    """`requestContext` of a REST proxy event for an unauthenticated (no authorizer) call."""
    return {
        "resourceId": resource_id,
        "resourcePath": resource,
        "httpMethod": method,
        "extendedRequestId": extended_request_id,
        "requestTime": request_time(epoch_ms),
        "path": f"/{stage}{path}",
        "accountId": account,
        "protocol": "HTTP/1.1",
        "stage": stage,
        "domainPrefix": api_id,
        "requestTimeEpoch": int(epoch_ms),
        "requestId": request_id,
        "identity": {
            "cognitoIdentityPoolId": None, "accountId": None, "cognitoIdentityId": None,
            "caller": None, "sourceIp": source_ip, "principalOrgId": None, "accessKey": None,
            "cognitoAuthenticationType": None, "cognitoAuthenticationProvider": None,
            "userArn": None, "userAgent": user_agent, "user": None,
        },
        "domainName": f"{api_id}.execute-api.{region}.amazonaws.com",
        "apiId": api_id,
    }


def proxy_response_problem(result: Any) -> str | None:
    """Why API Gateway cannot map a function's result to HTTP, or None when it can.

    A REST proxy integration accepts only an object with statusCode (an integer), optional
    headers/multiValueHeaders, a string body and isBase64Encoded; anything else is a 502.
    """
    if not isinstance(result, dict):
        return f"the function returned {type(result).__name__}, not an object with statusCode"
    unknown = sorted(set(result) - PROXY_RESPONSE_KEYS)
    if unknown:
        return (f"unexpected {'field' if len(unknown) == 1 else 'fields'} {', '.join(unknown)} in "
                f"the proxy response")
    code = result.get("statusCode")
    if isinstance(code, bool) or not isinstance(code, int):
        return "statusCode is missing or not an integer"
    if not 100 <= code <= 599:
        return f"statusCode {code} is not an HTTP status"
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        return f"body must be a string (use json.dumps), got {type(body).__name__}"
    headers = result.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return "headers must map names to strings"
    multi = result.get("multiValueHeaders") or {}
    if not isinstance(multi, dict) or not all(isinstance(v, list) for v in multi.values()):
        return "multiValueHeaders must map names to lists of strings"
    return None
