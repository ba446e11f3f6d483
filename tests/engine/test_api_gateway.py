"""API Gateway REST proxy integration: routing, the resource-based policy, and how the function's
reply (or Lambda's refusal) becomes HTTP (lambda-behaviour.md §9 (APX, AGL, AGT), §6 (AGL))."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.engine.api_gateway import match_route
from source_scenarios import ACCOUNT, API_ID, REGION, api_resources, get, of_kind, play


def _route(method, path, function="f"):
    return SimpleNamespace(method=method, path=path, function=function)


def _answer(trace):
    """The last step API Gateway sends to the browser."""
    return [s for s in trace.steps if s.source == "orders-api" and s.target == "browser"][-1]


@pytest.mark.parametrize("method, path, expected, params", [
    ("GET", "/orders", "list", {}),
    ("GET", "/orders/17", "one", {"id": "17"}),
    ("DELETE", "/orders/17", "any", {"id": "17"}),
    ("GET", "/files/a/b/c.txt", "proxy", {"proxy": "a/b/c.txt"}),
    ("GET", "/orders/17/items", None, None),
    ("GET", "/order", None, None),
])
def test_routes_match_like_a_rest_api(method, path, expected, params):
    """Literal segments beat {param}, named methods beat ANY, {proxy+} takes the rest."""
    routes = [_route("GET", "/orders", "list"), _route("GET", "/orders/{id}", "one"),
              _route("ANY", "/orders/{id}", "any"), _route("ANY", "/files/{proxy+}", "proxy")]
    found = match_route(routes, method, path)
    if expected is None:
        assert found is None
    else:
        assert (found.route.function, found.path_parameters) == (expected, params)


def test_get_is_invoked_synchronously_and_answered_200():
    """GET /orders: request → Invoke (RequestResponse) as apigateway.amazonaws.com → 200."""
    trace = play(api_resources(), [get("/orders")])
    invoke = of_kind(trace, "invoke")[0]
    assert (invoke.source, invoke.target) == ("orders-api", "orders")
    assert invoke.headers["X-Amz-Invocation-Type"] == "RequestResponse"
    check = of_kind(trace, "permission-check")[0]
    assert check.permission.principal == "apigateway.amazonaws.com"
    assert check.permission.decision == "allow"
    answer = _answer(trace)
    assert answer.status == 200 and answer.headers["Content-Type"] == "application/json"
    assert answer.payload["message"] == "orders handled GET /orders"


def test_source_arn_names_api_stage_method_and_resource_path():
    """A permission for /*/GET/orders lets GET in and keeps POST out."""
    only_get = [{"sid": "GetOnly", "principal": "apigateway.amazonaws.com",
                 "source_arn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/*/GET/orders"}]
    trace = play(api_resources(permissions=only_get),
                 [get("/orders"), get("/orders", at=1, method="POST", body={"item": "mug"})])
    decisions = [s.permission.decision for s in of_kind(trace, "permission-check")]
    assert decisions == ["allow", "deny"]
    assert [s.status for s in trace.steps if s.target == "browser"] == [200, 500]


def test_unknown_route_is_403_missing_authentication_token_and_calls_nothing():
    """No resource for /order: 403 with the REST API's message, no invoke at all."""
    trace = play(api_resources(), [get("/order")])
    answer = _answer(trace)
    assert answer.status == 403 and answer.payload == {"message": "Missing Authentication Token"}
    assert not of_kind(trace, "invoke")


def test_proxy_event_fields():
    """The event carries path, resource, nulls for absent parts, and the stage in requestContext."""
    trace = play(api_resources(), [get("/orders/42"),
                                   get("/orders", at=1, method="POST", body={"item": "mug"},
                                       query={"dry": "yes"})])
    first, second = (s.payload for s in of_kind(trace, "invoke"))
    assert (first["resource"], first["path"], first["httpMethod"]) == ("/orders/{id}", "/orders/42", "GET")
    assert first["pathParameters"] == {"id": "42"} and first["queryStringParameters"] is None
    assert first["multiValueQueryStringParameters"] is None and first["stageVariables"] is None
    assert first["body"] is None and first["isBase64Encoded"] is False
    ctx = first["requestContext"]
    assert ctx["path"] == "/prod/orders/42" and ctx["stage"] == "prod" and ctx["apiId"] == API_ID
    assert ctx["resourcePath"] == "/orders/{id}" and ctx["accountId"] == ACCOUNT
    assert ctx["domainName"] == f"{API_ID}.execute-api.{REGION}.amazonaws.com"
    assert second["pathParameters"] is None and second["body"] == '{"item": "mug"}'
    assert second["queryStringParameters"] == {"dry": "yes"}
    assert second["multiValueQueryStringParameters"] == {"dry": ["yes"]}
    assert second["multiValueHeaders"]["Content-Type"] == ["application/json"]


def test_gateway_headers_are_added_to_the_event_not_sent_by_the_browser():
    """X-Forwarded-For/Port/Proto and X-Amzn-Trace-Id are API Gateway's: absent from the browser's
    request, present in the proxy event, with sourceIp matching X-Forwarded-For (§9, APX)."""
    trace = play(api_resources(), [get("/orders")])
    added = {"X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "X-Amzn-Trace-Id"}
    request = of_kind(trace, "request")[0].payload["headers"]
    event = of_kind(trace, "invoke")[0].payload
    assert not added & set(request) and "User-Agent" in request
    assert added <= set(event["headers"]) and set(request) <= set(event["headers"])
    assert event["headers"]["X-Forwarded-Proto"] == "https"
    assert event["requestContext"]["identity"]["sourceIp"] == event["headers"]["X-Forwarded-For"]


def test_malformed_function_reply_is_502():
    """A reply without statusCode cannot be mapped: 502 Internal server error."""
    trace = play(api_resources(fn={"faults": {"malformed_response": True}}), [get("/orders")])
    answer = _answer(trace)
    assert answer.status == 502 and answer.payload == {"message": "Internal server error"}
    assert "statusCode is missing" in answer.narration  # true: the fault drops statusCode


def test_function_error_is_502():
    """The function throws: Lambda still says 200, API Gateway answers 502."""
    trace = play(api_resources(fn={"faults": {"fail": "always"}}), [get("/orders")])
    assert of_kind(trace, "result")[0].status == 200
    assert _answer(trace).status == 502


def test_throttled_invoke_is_500():
    """Reserved concurrency 0: Lambda answers 429, the browser gets 500."""
    trace = play(api_resources(fn={"reserved_concurrent_executions": 0}), [get("/orders")])
    assert of_kind(trace, "throttle")[0].status == 429
    answer = _answer(trace)
    assert answer.status == 500 and answer.payload == {"message": "Internal server error"}
    assert not of_kind(trace, "execute")


def test_missing_resource_policy_is_500():
    """Without a statement for apigateway.amazonaws.com Lambda refuses (403): browser gets 500."""
    trace = play(api_resources(permissions=[]), [get("/orders")])
    assert of_kind(trace, "permission-check")[0].permission.decision == "deny"
    assert _answer(trace).status == 500 and not of_kind(trace, "execute")


def test_integration_timeout_is_504_while_the_function_keeps_running():
    """A 35 s function behind a 29 s integration timeout: 504 at 29 s, the result comes later."""
    trace = play(api_resources(fn={"timeout": 60, "duration": "35s"}), [get("/orders")])
    answer = _answer(trace)
    assert answer.status == 504 and answer.time_ms == 29_000
    assert of_kind(trace, "result")[0].time_ms > answer.time_ms


def test_function_status_code_and_headers_pass_through():
    """statusCode 201 and the function's headers reach the browser."""
    trace = play(api_resources(fn={"options": {"status_code": 201, "body": {"ok": True}}}),
                 [get("/orders", method="POST", body={"item": "mug"})])
    answer = _answer(trace)
    assert answer.status == 201 and answer.payload == {"ok": True}


def test_website_scenario_answers_list_create_list_and_missing_route(scenarios_dir):
    """website-api.yaml: GET 200 (cold), POST 201, GET 200 (warm), GET /order 403."""
    from app.commands.play import load
    from app.engine.run import run
    scenario, problems = load(str(scenarios_dir / "website-api.yaml"))
    trace = run(scenario)
    answers = [s for s in trace.steps if s.target == "browser"]
    assert [s.status for s in answers] == [200, 201, 200, 403]
    assert answers[0].payload["orders"][0]["orderId"] == "1001"
    assert answers[1].payload["received"] == {"item": "Green teapot", "quantity": 1}
    starts = [t for s in of_kind(trace, "execute") for t in s.tags if t.endswith("-start")]
    assert starts == ["cold-start", "cold-start", "warm-start"]


def test_resource_id_is_stable_per_resource():
    """requestContext.resourceId belongs to the resource, not to the request."""
    trace = play(api_resources(), [get("/orders"), get("/orders", at=1), get("/orders/7", at=2)])
    ids = [s.payload["requestContext"]["resourceId"] for s in of_kind(trace, "invoke")]
    assert ids[0] == ids[1] != ids[2] and len(ids[0]) == 6


_SEGMENT = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)


@given(st.lists(st.one_of(_SEGMENT, st.just("{p}")), min_size=1, max_size=4), st.data())
def test_any_path_built_from_a_template_matches_it_with_its_values(parts, data):
    """Fill each {param} of a resource path with a value: the route matches and returns it."""
    names = [f"p{i}" if part == "{p}" else part for i, part in enumerate(parts)]
    template = "/" + "/".join("{" + n + "}" if p == "{p}" else p for n, p in zip(names, parts))
    values = {n: data.draw(_SEGMENT) for n, p in zip(names, parts) if p == "{p}"}
    # a literal segment may read "p1" too: only a {p} part takes its value
    path = "/" + "/".join(values[n] if p == "{p}" else p for n, p in zip(names, parts))
    found = match_route([_route("GET", template)], "GET", path)
    assert found is not None and found.path_parameters == values
    assert match_route([_route("GET", template)], "GET", path + "/extra") is None
