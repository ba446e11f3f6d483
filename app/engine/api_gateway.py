"""Amazon API Gateway (REST API, Lambda proxy integration): the website lesson's front door.

A browser's HTTP request is matched to a route; API Gateway then calls Invoke synchronously as
`apigateway.amazonaws.com` with the proxy event, which the function's resource-based policy must
allow for the execute-api source ARN (lambda-behaviour.md §6 and §9, AGL). The function's reply
becomes the HTTP response only if it has the proxy shape; otherwise 502. If Lambda itself refuses
the call, the browser gets 500; past the integration timeout (29 s by default, AGT), 504.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from app.engine.events import api_gateway as proxy

API_PRINCIPAL = "apigateway.amazonaws.com"
GATEWAY_TIMEOUT = {"message": "Endpoint request timed out"}
USER_AGENTS = {
    "browser": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "mobile_app": "aws-sdk-android/2.75.0 Linux/5.15 Dalvik/2.1.0/0 en_US",
}


@dataclass(frozen=True, slots=True)
class RouteMatch:
    route: Any  # app.scenario.resources.ApiRoute
    path_parameters: dict[str, str]


def _segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def _match_path(template: str, path: str) -> dict[str, str] | None:
    """Path parameters when `path` fits the resource `template` ({id}, greedy {proxy+})."""
    want, got = _segments(template), _segments(path)
    params: dict[str, str] = {}
    for i, part in enumerate(want):
        greedy = re.fullmatch(r"\{(\w+)\+\}", part)
        if greedy:
            if i >= len(got):
                return None
            params[greedy.group(1)] = "/".join(got[i:])
            return params
        if i >= len(got):
            return None
        param = re.fullmatch(r"\{(\w+)\}", part)
        if param:
            params[param.group(1)] = got[i]
        elif part != got[i]:
            return None
    return params if len(want) == len(got) else None


def _specificity(route) -> tuple[int, int, int]:
    """Literal segments beat {param}, which beats {proxy+}; a named method beats ANY."""
    parts = _segments(route.path)
    literal = sum(1 for p in parts if not p.startswith("{"))
    greedy = any(p.endswith("+}") for p in parts)
    return (literal, 0 if greedy else 1, 0 if route.method == "ANY" else 1)


def match_route(routes, method: str, path: str) -> RouteMatch | None:
    """The most specific route for this method and path, as a REST API picks it."""
    found = []
    for route in routes:
        if route.method not in (method, "ANY"):
            continue
        params = _match_path(route.path, path)
        if params is not None:
            found.append((_specificity(route), RouteMatch(route, params)))
    return max(found, key=lambda item: item[0])[1] if found else None


class ApiGatewayService:
    """`sim.services["api_gateway"]`: the scenario's REST APIs."""

    def __init__(self, sim):
        self.sim = sim
        self.apis = sim.scenario.of_type("api_gateway")
        for name, api in self.apis.items():
            sim.recorder.set_state(name, "invoke_url", self.invoke_url(name))
            sim.recorder.set_state(name, "routes", [f"{r.method} {r.path} → {r.function}"
                                                    for r in api.routes])
            sim.recorder.set_state(name, "requests", 0)
        self._requests: dict[str, int] = {name: 0 for name in self.apis}

    def invoke_url(self, api: str) -> str:
        return (f"https://{self.sim.api_id(api)}.execute-api.{self.sim.region}.amazonaws.com/"
                f"{self.apis[api].stage}")

    # ------------------------------------------------------------------ script action
    def http_request(self, stimulus, caller):
        """SimPy process: a browser (or app) sends an HTTP request to the API's stage URL."""
        sim, api_name = self.sim, stimulus.api
        api = self.apis[api_name]
        request_id, flow = sim.ids.uuid(), f"api-{sim.ids.hex(8)}"
        body = _body_text(stimulus.body)
        headers, added = self._headers(stimulus, api_name, body)
        self._count(api_name)
        match = match_route(api.routes, stimulus.method, stimulus.path)
        routed = (f" API Gateway matches it to the route {match.route.method} {match.route.path}, "
                  f"a Lambda proxy integration with {match.route.function}." if match else "")
        sim.recorder.record(
            "request", stimulus.actor, api_name, "on-demand",
            f"{stimulus.actor} sends {stimulus.method} {stimulus.path} to {api_name}",
            f"{stimulus.actor} sends an HTTPS request, {stimulus.method} {stimulus.path}, to "
            f"the {api.stage} stage of {api_name} ({self.invoke_url(api_name)}).{routed}",
            payload={"method": stimulus.method, "url": self.invoke_url(api_name) + stimulus.path,
                     "query": dict(stimulus.query) or None, "headers": headers, "body": body},
            flow=flow)
        yield sim.env.timeout(0)
        if match is None:
            self._respond(api_name, stimulus.actor, flow, request_id, 403, proxy.MISSING_AUTH_TOKEN,
                          f"No route for {stimulus.method} {stimulus.path}: 403",
                          f"{api_name} has no resource and method for {stimulus.method} "
                          f"{stimulus.path}. A REST API answers an unknown route with 403 and the "
                          f"confusing message \"Missing Authentication Token\", not 404. No "
                          f"function is called.", error_type="MissingAuthenticationTokenException")
            return
        event = self._proxy_event(api_name, stimulus, match, {**headers, **added}, body, request_id)
        yield from self._integrate(api_name, stimulus, match, event, flow, request_id)

    def _headers(self, stimulus, api_name: str, body: str | None
                 ) -> tuple[dict[str, str], dict[str, str]]:
        """What the client sends, and what API Gateway adds before the proxy event: the client
        never sends X-Forwarded-* or X-Amzn-Trace-Id (they are in the proxy event, §9 APX). Both are made here, at request
        time, so the ids drawn stay in the same order."""
        kind = getattr(self.sim.scenario.resources.get(stimulus.actor), "kind", "browser")
        headers = {"Accept": "application/json",
                   "Host": f"{self.sim.api_id(api_name)}.execute-api.{self.sim.region}.amazonaws.com",
                   "User-Agent": USER_AGENTS.get(kind, USER_AGENTS["browser"])}
        added = {"X-Amzn-Trace-Id": f"Root=1-{int(self.sim.epoch_seconds()):08x}-{self.sim.ids.hex(24)}",
                 "X-Forwarded-For": self._source_ip(stimulus.actor),
                 "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        headers.update(stimulus.headers)
        return headers, added

    def _source_ip(self, actor: str) -> str:
        return f"198.51.100.{sum(actor.encode()) % 250 + 2}"

    def _proxy_event(self, api_name, stimulus, match, headers, body, request_id) -> dict:
        sim, api = self.sim, self.apis[api_name]
        api_id, resource = sim.api_id(api_name), match.route.path
        context = proxy.request_context(
            account=sim.account, api_id=api_id, region=sim.region, stage=api.stage,
            resource_id=_resource_id(api_name, resource), resource=resource, path=stimulus.path,
            method=stimulus.method, request_id=request_id,
            extended_request_id=sim.ids.alnum(14).upper() + "=",
            epoch_ms=sim.epoch_seconds() * 1000.0, source_ip=headers["X-Forwarded-For"],
            user_agent=headers["User-Agent"])
        return proxy.proxy_event(resource=resource, path=stimulus.path, method=stimulus.method,
                                 headers=headers, query=dict(stimulus.query),
                                 path_parameters=match.path_parameters, body=body, context=context)

    # ------------------------------------------------------------------ integration
    def _integrate(self, api_name, stimulus, match, event, flow, request_id):
        """Invoke the function (RequestResponse) and turn what comes back into HTTP."""
        sim, api = self.sim, self.apis[api_name]
        function = match.route.function
        source_arn = sim.execute_api_arn(api_name, api.stage, stimulus.method, match.route.path)
        caller = sim.services["iam"].service_principal(API_PRINCIPAL, api_name,
                                                       source_arn=source_arn,
                                                       source_account=sim.account)
        started = sim.env.now
        invocation = sim.env.process(sim.services["lambda"].invoke(
            function, event, invocation_type="RequestResponse", caller=caller, source=api_name,
            model="on-demand", flow=flow))
        yield invocation | sim.env.timeout(api.timeout_in_millis)
        if not invocation.triggered:
            self._respond(api_name, stimulus.actor, flow, request_id, 504, GATEWAY_TIMEOUT,
                          f"{function} took longer than {api.timeout_in_millis / 1000:g} s: 504",
                          f"API Gateway waits at most {api.timeout_in_millis / 1000:g} s for the "
                          f"integration (its timeout). {function} is still running, but the "
                          f"browser gets 504 now; whatever the function returns later is thrown "
                          f"away.")
            return
        self._map_response(api_name, stimulus.actor, function, invocation.value, flow, request_id,
                           sim.env.now - started)

    def _map_response(self, api_name, actor, function, response, flow, request_id,
                      latency_ms: float = 0.0) -> None:
        if response.status != 200:
            self._respond(api_name, actor, flow, request_id, 500, proxy.INTERNAL_SERVER_ERROR,
                          f"Lambda refused the call ({response.status}): 500",
                          f"Lambda did not run {function} (it answered {response.status}). API "
                          f"Gateway reports that as its own failure: 500 Internal server error.",
                          error_type="InternalServerErrorException")
            return
        problem = ("the function failed (X-Amz-Function-Error: "
                   f"{response.function_error})" if response.function_error
                   else proxy.proxy_response_problem(response.payload))
        if problem:
            self._execution_log(api_name, function, response, flow, request_id, latency_ms)
            where = ("the error document is also in the function's own log" if response.function_error
                     else f"{function} itself succeeded, so its own log shows no error")
            self._respond(api_name, actor, flow, request_id, 502, proxy.INTERNAL_SERVER_ERROR,
                          f"Bad reply from {function}: 502",
                          f"API Gateway cannot turn {function}'s reply into HTTP: {problem}. The "
                          f"browser gets 502 with {{\"message\": \"Internal server error\"}}. The "
                          f"reason is written to API Gateway's execution log; {where}.",
                          error_type="InternalServerErrorException")
            return
        result = response.payload
        status = result["statusCode"]
        self._respond(api_name, actor, flow, request_id, status, _parsed(result.get("body")),
                      f"{api_name} answers {actor}: {status}",
                      f"{function} returned a proxy response, so API Gateway copies its "
                      f"statusCode ({status}), headers and body into the HTTP response "
                      f"{actor} receives.",
                      headers={**result.get("headers", {}),
                               **{k: ", ".join(v) for k, v in
                                  (result.get("multiValueHeaders") or {}).items()}})

    def _execution_log(self, api_name, function, response, flow, request_id, latency_ms) -> None:
        """API Gateway's own CloudWatch execution log for a 502 (§9 APX, AGL): a malformed proxy
        response is a configuration error there; a function error is the customer's."""
        api = self.apis[api_name]
        arn = self.sim.function_arn(function)
        body = json.dumps(response.payload)
        if response.function_error:
            failure = ("Lambda execution failed with status 200 due to customer function error: "
                       f"{(response.payload or {}).get('errorMessage', '')}")
        else:
            failure = "Execution failed due to configuration error: Malformed Lambda proxy response"
        lines = [f"({request_id}) {line}" for line in (
            f"Starting execution for request: {request_id}",
            f"Sending request to https://lambda.{self.sim.region}.amazonaws.com/2015-03-31/"
            f"functions/{arn}/invocations",
            f"Received response. Status: 200, Integration latency: {round(latency_ms)} ms",
            f"Endpoint response body before transformations: {body[:1000]}",
            failure, "Method completed with status: 502")]
        group = f"API-Gateway-Execution-Logs_{self.sim.api_id(api_name)}/{api.stage}"
        self.sim.recorder.record(
            "log", api_name, api_name, "on-demand", f"{api_name} logs: {failure.split(':')[0]}",
            f"With execution logging on for the stage, API Gateway writes what went wrong to its "
            f"own log group {group}: \"{failure}\". This is where to look for a 502.",
            payload={"logGroupName": group, "lines": lines}, flow=flow, tags=("http-error",))

    def _respond(self, api_name, actor, flow, request_id, status, body, summary, narration,
                 headers=None, error_type=None) -> None:
        all_headers = {"Content-Type": "application/json", "x-amzn-RequestId": request_id,
                       "x-amz-apigw-id": self.sim.ids.alnum(14).upper() + "="}
        if error_type:
            all_headers["x-amzn-ErrorType"] = error_type
        all_headers.update(headers or {})
        self.sim.recorder.record(
            "response" if status < 400 else "error", api_name, actor, "on-demand", summary,
            narration, payload=body, status=status, headers=all_headers, flow=flow,
            tags=() if status < 400 else ("http-error",))

    def _count(self, api_name: str) -> None:
        self._requests[api_name] += 1
        self.sim.recorder.set_state(api_name, "requests", self._requests[api_name])


def _resource_id(api: str, resource: str) -> str:
    """A resource's id is fixed when the API is built: the same for every request to it."""
    digest = hashlib.sha256(f"{api}{resource}".encode()).digest()
    return "".join("abcdefghijklmnopqrstuvwxyz0123456789"[b % 36] for b in digest[:6])


def _body_text(body: Any) -> str | None:
    """The request body as API Gateway passes it: the raw text, or null without one."""
    if body is None:
        return None
    return body if isinstance(body, str) else json.dumps(body)


def _parsed(body: str | None) -> Any:
    """For the inspector: a JSON body is shown as JSON, other text as is."""
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body
