"""builtin.http_api: the website lesson's backend, answering API Gateway proxy events.

Returns the proxy response shape API Gateway needs (statusCode, headers, a *string* body:
lambda-behaviour.md §9, APX). With `body` set in the options it returns that JSON; without, it
describes the request it got, so students can see what the proxy event carried.
"""

from __future__ import annotations

import json

MEMORY_MB = 42


def _request_body(event):
    body = event.get("body")
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body


def handler(event, context):
    options = context.options
    method, path = event.get("httpMethod"), event.get("path")
    print(f"{method} {path} (request {event.get('requestContext', {}).get('requestId')})")
    if options.body is not None:
        body = options.body
    else:
        body = {"message": f"{context.function_name} handled {method} {path}",
                "pathParameters": event.get("pathParameters"),
                "queryStringParameters": event.get("queryStringParameters"),
                "received": _request_body(event)}
    return {"statusCode": options.status_code,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(body)}
