"""A reply API Gateway cannot map: 502, and the reason is in API Gateway's execution log.

Sources: docs/reference/lambda-behaviour.md §9 (APX: the proxy response must be
{statusCode, headers?, multiValueHeaders?, body (a string), isBase64Encoded?}; any other shape is
a 502: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html;
AGL: https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html). The function itself
succeeded, so its own log shows no error; API Gateway's execution log (log group
API-Gateway-Execution-Logs_{api-id}/{stage}) says "Malformed Lambda proxy response".
"""

from __future__ import annotations

import pytest

from source_scenarios import API_ID, api_resources, get, of_kind, play


def _shape_check(shape, payload):
    if shape == "missing_status_code":
        return "statusCode" not in payload
    if shape == "status_code_not_number":
        return isinstance(payload["statusCode"], str)
    return not isinstance(payload["body"], str)  # body_not_string


@pytest.mark.parametrize("shape", ["missing_status_code", "status_code_not_number",
                                   "body_not_string"])
def test_each_malformed_shape_is_a_502_logged_by_api_gateway(shape):
    trace = play(api_resources(fn={"faults": {"malformed_response": shape}}), [get("/orders")])
    result = of_kind(trace, "result")[0]
    assert result.status == 200 and "function-error" not in result.tags
    assert _shape_check(shape, result.payload)
    answer = [s for s in trace.steps if s.target == "browser"][-1]
    assert answer.status == 502 and answer.payload == {"message": "Internal server error"}
    assert "function's logs" not in answer.narration
    gateway_logs = [s for s in of_kind(trace, "log") if s.source == "orders-api"]
    assert len(gateway_logs) == 1
    log = gateway_logs[0]
    assert log.payload["logGroupName"] == f"API-Gateway-Execution-Logs_{API_ID}/prod"
    lines = log.payload["lines"]
    assert any("Execution failed due to configuration error: Malformed Lambda proxy response"
               in line for line in lines)
    assert lines[-1].endswith("Method completed with status: 502")
    function_log = [s for s in of_kind(trace, "log") if s.source == "orders"][0]
    assert not any("Malformed" in line or "ERROR" in line for line in function_log.payload["lines"])
    assert log.index < answer.index


def test_true_keeps_its_old_meaning():
    """`malformed_response: true` is still a reply without statusCode."""
    trace = play(api_resources(fn={"faults": {"malformed_response": True}}), [get("/orders")])
    assert "statusCode" not in of_kind(trace, "result")[0].payload


def test_function_error_is_logged_by_api_gateway_too():
    trace = play(api_resources(fn={"faults": {"fail": "always"}}), [get("/orders")])
    log = [s for s in of_kind(trace, "log") if s.source == "orders-api"][0]
    assert any("Lambda execution failed with status 200 due to customer function error" in line
               for line in log.payload["lines"])
