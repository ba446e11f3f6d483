"""The REST proxy event and the proxy response rules (lambda-behaviour.md §9, APX)."""

from __future__ import annotations

import pytest

from app.engine.events.api_gateway import (proxy_event, proxy_response_problem, request_context,
                                           request_time)

EVENT_KEYS = {"resource", "path", "httpMethod", "headers", "multiValueHeaders",
              "queryStringParameters", "multiValueQueryStringParameters", "pathParameters",
              "stageVariables", "requestContext", "body", "isBase64Encoded"}


def _context(**kw):
    base = dict(account="123456789012", api_id="abc123defg", region="us-east-1", stage="prod",
                resource_id="a1b2c3", resource="/orders", path="/orders", method="GET",
                request_id="r-1", extended_request_id="X=", epoch_ms=1_767_225_600_123.0,
                source_ip="198.51.100.7", user_agent="test")
    return request_context(**{**base, **kw})


def test_event_has_exactly_the_rest_proxy_keys():
    """Nothing missing, nothing of ours added; absent parts are null."""
    event = proxy_event(resource="/orders", path="/orders", method="GET", headers={"Host": "h"},
                        query={}, path_parameters={}, body=None, context=_context())
    assert set(event) == EVENT_KEYS
    assert event["queryStringParameters"] is None and event["pathParameters"] is None
    assert event["multiValueHeaders"] == {"Host": ["h"]} and event["isBase64Encoded"] is False


def test_request_context_puts_the_stage_in_front_of_the_path():
    """requestContext.path is /prod/orders while the event's path is /orders."""
    ctx = _context()
    assert ctx["path"] == "/prod/orders" and ctx["requestTimeEpoch"] == 1_767_225_600_123
    assert ctx["identity"]["sourceIp"] == "198.51.100.7" and ctx["domainPrefix"] == "abc123defg"


def test_request_time_format():
    """CLF-style time, as API Gateway writes requestTime."""
    assert request_time(1_767_225_600_000.0) == "01/Jan/2026:00:00:00 +0000"


@pytest.mark.parametrize("reply, problem", [
    ({"statusCode": 200, "body": "ok"}, None),
    ({"statusCode": 204}, None),
    ({"statusCode": 200, "headers": {"a": "b"}, "multiValueHeaders": {"c": ["d"]},
      "body": "{}", "isBase64Encoded": False}, None),
    ({"body": "ok"}, "statusCode"),
    ({"statusCode": "200", "body": "ok"}, "statusCode"),
    ({"statusCode": 200, "body": {"not": "a string"}}, "body must be a string"),
    ({"statusCode": 200, "body": "ok", "extra": 1}, "unexpected field extra"),
    ({"statusCode": 200, "headers": {"n": 1}}, "headers"),
    ("just text", "not an object"),
])
def test_proxy_response_rules(reply, problem):
    """Only the documented shape with a string body maps to HTTP; anything else is a 502."""
    found = proxy_response_problem(reply)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
