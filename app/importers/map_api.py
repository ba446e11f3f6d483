"""API Gateway REST APIs of a template → api_gateway resources.

Routes come from the API's OpenAPI `Body` (what SAM writes for `Api` events and the implicit
`ServerlessRestApi`: each path's method with an `x-amazon-apigateway-integration` whose `uri`
names the function), or from AWS::ApiGateway::Resource and AWS::ApiGateway::Method resources.
The stage is the AWS::ApiGateway::Stage's (SAM: `Prod`) or the Deployment's StageName.
"""

from __future__ import annotations

import re
from typing import Any

from app.importers.context import Context, unqualify_permissions

_METHODS = {"get", "post", "put", "delete", "patch", "any", "x-amazon-apigateway-any-method"}
_FUNCTION_IN_URI = re.compile(r"/functions/(arn:[^/]+)/invocations")


def map_apis(ctx: Context) -> None:
    stages = _stages(ctx)
    method_routes = _method_routes(ctx)
    for logical, props in ctx.of_type("AWS::ApiGateway::RestApi"):
        routes = _body_routes(ctx, logical, props.get("Body")) + method_routes.get(logical, [])
        if not routes:
            ctx.leave_out(logical, "AWS::ApiGateway::RestApi", "no route of it integrates a function of the template")
            continue
        api: dict[str, Any] = {"type": "api_gateway", "api_id": ctx.names.api_id(logical),
                               "stage": stages.get(logical, "prod"), "routes": routes}
        ctx.out[ctx.names.name(logical)] = api
        ctx.rest(logical, props, {"Body", "Name", "EndpointConfiguration", "Description"})
    for logical, props in ctx.of_type("AWS::ApiGatewayV2::Api"):
        routes = _body_routes(ctx, logical, props.get("Body"))
        if not routes:
            ctx.leave_out(logical, "AWS::ApiGatewayV2::Api (HTTP API)", "only an HTTP API whose "
                          "OpenAPI body integrates functions of the template (SAM HttpApi events) is imported")
            continue
        ctx.out[ctx.names.name(logical)] = {"type": "api_gateway", "api_id": ctx.names.api_id(logical),
                                            "routes": routes}
        ctx.guessed.append(f"{logical}: an HTTP API, simulated as a REST API with Lambda proxy "
                           f"integrations (payload format 1.0, stage prod)")
        ctx.rest(logical, props, {"Body", "Name", "Description"})


def _stages(ctx: Context) -> dict[str, str]:
    stages: dict[str, str] = {}
    for cfn_type in ("AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage"):
        for logical, props in ctx.of_type(cfn_type):
            api = _api_logical(ctx, props.get("RestApiId"))
            if api and isinstance(props.get("StageName"), str):
                stages[api] = props["StageName"]
    return stages


def _api_logical(ctx: Context, value: Any) -> str | None:
    found = ctx.lookup(value)
    if found is not None and found.kind == "api_gateway":
        return ctx.logical_of.get(found.name)
    for logical, _ in ctx.of_type("AWS::ApiGateway::RestApi"):
        if ctx.names.api_id(logical) == value:
            return logical
    return None


def _function_of_uri(ctx: Context, logical: str, uri: Any) -> str | None:
    match = _FUNCTION_IN_URI.search(uri) if isinstance(uri, str) else None
    found = ctx.lookup(match.group(1)) if match else None
    if found is None or found.kind != "function":
        return None
    if found.qualifier:
        ctx.guessed.append(f"{logical}: a route invokes {found.ref}; the lesson's route invokes {found.name} itself")
        unqualify_permissions(ctx, found.name, "apigateway.amazonaws.com")
    return found.name


def _body_routes(ctx: Context, logical: str, body: Any) -> list[dict[str, Any]]:
    routes = []
    paths = body.get("paths") if isinstance(body, dict) else None
    for path, methods in (paths.items() if isinstance(paths, dict) else ()):
        for method, spec in (methods.items() if isinstance(methods, dict) else ()):
            if method.lower() not in _METHODS or not isinstance(spec, dict):
                continue
            integration = spec.get("x-amazon-apigateway-integration") or {}
            function = _function_of_uri(ctx, logical, integration.get("uri"))
            if function is None:
                ctx.leave_out(logical, f"{method.upper()} {path}", "its integration is not a function of the template")
                continue
            verb = "ANY" if "any" in method.lower() else method.upper()
            path = "/{proxy+}" if path == "$default" else str(path)
            if not path.startswith("/"):
                ctx.leave_out(logical, f"{verb} {path}", "not a path")
                continue
            routes.append({"method": verb, "path": path, "function": function})
            if integration.get("type") not in (None, "aws_proxy"):
                ctx.guessed.append(f"{logical}: {verb} {path} has a {integration.get('type')} "
                                   f"integration, simulated as a Lambda proxy integration")
    return routes


def _method_routes(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    """Routes from AWS::ApiGateway::Method resources, keyed by the API's logical id."""
    parents: dict[str, tuple[Any, str]] = {}
    for logical, props in ctx.of_type("AWS::ApiGateway::Resource"):
        parents[ctx.names.ref(logical)] = (props.get("ParentId"), str(props.get("PathPart", "")))
    routes: dict[str, list[dict[str, Any]]] = {}
    for logical, props in ctx.of_type("AWS::ApiGateway::Method"):
        api = _api_logical(ctx, props.get("RestApiId"))
        function = _function_of_uri(ctx, logical, (props.get("Integration") or {}).get("Uri"))
        method = str(props.get("HttpMethod", "")).upper()
        if api is None or function is None or method not in {m.upper() for m in _METHODS}:
            ctx.leave_out(logical, "AWS::ApiGateway::Method", "not a Lambda integration of an API in the template")
            continue
        parts, resource, seen = [], props.get("ResourceId"), 0
        while resource in parents and seen < 50:
            resource, part = parents[resource]
            parts.insert(0, part)
            seen += 1
        routes.setdefault(api, []).append({"method": method, "path": "/" + "/".join(parts),
                                           "function": function})
    return routes


def map_identity_pools(ctx: Context) -> None:
    """AWS::Cognito::IdentityPool and its role attachment → cognito_identity_pool."""
    for logical, props in ctx.of_type("AWS::Cognito::IdentityPool"):
        pool: dict[str, Any] = {"type": "cognito_identity_pool"}
        for key, prop in (("allow_unauthenticated_identities", "AllowUnauthenticatedIdentities"),
                          ("allow_classic_flow", "AllowClassicFlow")):
            if props.get(prop) in (True, "true"):
                pool[key] = True
        providers = props.get("SupportedLoginProviders")
        if isinstance(providers, dict) and providers:
            pool["supported_login_providers"] = [str(p) for p in providers]
        ctx.out[ctx.names.name(logical)] = pool
        ctx.rest(logical, props, {"IdentityPoolName", "AllowUnauthenticatedIdentities",
                                  "AllowClassicFlow", "SupportedLoginProviders"})
    for logical, props in ctx.of_type("AWS::Cognito::IdentityPoolRoleAttachment"):
        pool = ctx.lookup(props.get("IdentityPoolId"))
        if pool is None or pool.kind != "cognito_identity_pool":
            ctx.leave_out(logical, "AWS::Cognito::IdentityPoolRoleAttachment", "its pool is not in the template")
            continue
        for which, key in (("authenticated", "authenticated_role"), ("unauthenticated", "unauthenticated_role")):
            role = ctx.lookup((props.get("Roles") or {}).get(which))
            if role and role.kind == "iam_role":
                ctx.out[pool.name][key] = role.name
        ctx.rest(logical, props, {"IdentityPoolId", "Roles"})
