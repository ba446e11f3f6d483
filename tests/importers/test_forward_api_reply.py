"""builtin.forward behind an API route answers API Gateway with a proxy response (200), not a
bare result API Gateway cannot map (502): an imported API → function → table chain needs it."""

from pathlib import Path

from tests.importers.helpers import check_text

SCENARIO = """
title: API forwards to a table
teaches: on-demand
summary: A POST is written to a table by builtin.forward.
resources:
  browser: {type: actor, kind: browser}
  orders: {type: dynamodb_table, partition_key: orderId}
  api:
    type: api_gateway
    routes: [{method: POST, path: /orders, function: create-order}]
  create-order-role:
    type: iam_role
    trusts: lambda.amazonaws.com
    policies: [{action: "dynamodb:PutItem", resource: "arn:aws:dynamodb:us-east-1:123456789012:table/orders"}]
  create-order:
    type: function
    handler: builtin.forward
    options: {to: orders}
    role: create-order-role
    permissions: [{sid: api, principal: apigateway.amazonaws.com}]
script:
  - {at: 0s, actor: browser, action: http_request, api: api, method: POST, path: /orders,
     body: {orderId: o-1, item: tea}}
"""


def test_forward_behind_an_api_answers_200(tmp_path: Path):
    _, lines, warnings = check_text(SCENARIO, tmp_path / "api.yaml")
    assert lines == ["script[0] http_request POST /orders on api → create-order ran (PutItem orders); "
                     "api answered 200"], lines
    assert warnings == []
