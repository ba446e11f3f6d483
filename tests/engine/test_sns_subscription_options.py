"""SNS subscription options courses use (issue 10): a `filter_policy` and a subscription
`dead_letter_queue` (lambda-behaviour.md §20 SNSFP, SNSDLQ, SNSR;
https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html,
https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html).

- A filter policy names message attributes (or, with scope MessageBody, properties of a JSON
  message); a subscription gets a message only when every name in its policy matches
  (AND), each by at least one of its values (OR): exact strings, `prefix`, `anything-but`,
  `numeric` (Number attributes), `exists`. Other subscriptions are not affected.
- A message SNS cannot deliver (a client-side error such as a refused permission, or
  server-side errors past the retry policy) is discarded, unless the subscription has a
  dead-letter queue: then SNS sends it there, if the queue policy lets SNS send.
"""

from __future__ import annotations

import json

import pytest

from app.engine import run
from app.scenario.loader import load_scenario_text
from tests.engine.messaging_scenarios import sns_permission
from tests.engine.source_scenarios import ACCOUNT, REGION, build

TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"


def orders(*, policy=None, scope=None, dlq=None, fn_permissions=None, queue_policy=None,
           publishes=None):
    """An app publishes to `orders`; `ship` and `audit` subscribe, `ship` with the options."""
    sub = {"function": "ship"}
    if policy is not None:
        sub["filter_policy"] = policy
    if scope is not None:
        sub["filter_policy_scope"] = scope
    if dlq is not None:
        sub["dead_letter_queue"] = dlq
    perm = [sns_permission("orders")]
    resources = {
        "app": {"type": "actor", "kind": "custom_app",
                "policies": [{"action": "sns:Publish", "resource": "*"}]},
        "orders": {"type": "sns_topic", "subscriptions": [sub, {"function": "audit"}]},
        "fn-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com"},
        "ship": {"type": "function", "handler": "builtin.echo", "role": "fn-role",
                 "permissions": fn_permissions if fn_permissions is not None else perm},
        "audit": {"type": "function", "handler": "builtin.echo", "role": "fn-role",
                  "permissions": perm},
        "undelivered": {"type": "sqs_queue", "permissions": queue_policy if queue_policy is not None
                        else [{"sid": "AllowSns", "principal": "sns.amazonaws.com",
                               "action": "sqs:SendMessage", "source_arn": TOPIC_ARN}]},
    }
    script = [{"at": f"{i * 100}ms", "actor": "app", "action": "publish", "topic": "orders",
               "message": message, "message_attributes": attrs}
              for i, (message, attrs) in enumerate(publishes or [("order 1", {"kind": "paid"})])]
    return build(resources, script)


def executed(trace, function: str) -> list[str]:
    """The Sns.Message of every run of `function`, in order."""
    return [s.payload["Records"][0]["Sns"]["Message"] for s in trace
            if s.kind == "execute" and s.target == function and "retry" not in s.tags]


PUBLISHES = [("a", {"kind": "paid", "total": 120}), ("b", {"kind": "refund"}),
             ("c", {"kind": "paid", "total": 20}), ("d", {"kind": "paid-late"}),
             ("e", {"total": 500})]


@pytest.mark.parametrize("policy, wanted", [
    ({"kind": ["paid"]}, ["a", "c"]),                                  # exact string
    ({"kind": ["paid", "refund"]}, ["a", "b", "c"]),                   # OR within a name
    ({"kind": [{"prefix": "paid"}]}, ["a", "c", "d"]),                 # prefix
    ({"kind": [{"anything-but": ["paid"]}]}, ["b", "d"]),              # anything-but (present)
    ({"total": [{"numeric": [">=", 100]}]}, ["a", "e"]),               # numeric, Number attribute
    ({"kind": ["paid"], "total": [{"numeric": ["<", 100]}]}, ["c"]),   # AND between names
    ({"total": [{"exists": True}]}, ["a", "c", "e"]),                  # exists
    ({"total": [{"exists": False}]}, ["b", "d"]),                      # exists false
])
def test_filter_policy_operators(policy, wanted):
    trace = run(orders(policy=policy, publishes=PUBLISHES))
    assert sorted(executed(trace, "ship")) == wanted  # a standard topic keeps no order
    assert sorted(executed(trace, "audit")) == ["a", "b", "c", "d", "e"]  # no policy: all


def test_a_filtered_out_message_is_a_step_and_reaches_no_lambda():
    trace = run(orders(policy={"kind": ["refund"]}))
    filtered = [s for s in trace if "filtered" in s.tags and s.source == "orders"]
    assert len(filtered) == 1 and "ship" in filtered[0].summary
    assert "filter policy" in filtered[0].narration
    assert filtered[0].payload["FilterPolicy"] == {"kind": ["refund"]}
    assert not [s for s in trace if s.kind == "invoke" and s.target == "ship"]


def test_message_body_scope_matches_properties_of_a_json_message():
    pubs = [(json.dumps({"kind": "paid", "n": 1}), {}), (json.dumps({"kind": "refund"}), {}),
            ("not json", {})]
    trace = run(orders(policy={"kind": ["paid"]}, scope="MessageBody", publishes=pubs))
    assert executed(trace, "ship") == [pubs[0][0]]


def test_numbers_are_published_as_number_attributes():
    trace = run(orders(publishes=[("a", {"kind": "paid", "total": 120})]))
    record = next(s for s in trace if s.kind == "execute" and s.target == "ship").payload
    attrs = record["Records"][0]["Sns"]["MessageAttributes"]
    assert attrs == {"kind": {"Type": "String", "Value": "paid"},
                     "total": {"Type": "Number", "Value": "120"}}


def test_a_refused_delivery_goes_to_the_subscription_dlq():
    trace = run(orders(fn_permissions=[], dlq="undelivered"))
    moved = [s for s in trace if s.source == "orders" and s.target == "undelivered"]
    assert len(moved) == 1 and "dead-letter" in moved[0].narration
    assert moved[0].permission.decision == "allow"
    body = json.loads(moved[0].payload["Body"]) if "Body" in moved[0].payload else moved[0].payload
    assert body["Message"] == "order 1" and body["TopicArn"] == TOPIC_ARN
    final = trace.node_state_at(len(trace) - 1, "undelivered")
    assert final.get("message_count", final.get("messages_available")) in (1, [1]) or \
        len(final.get("messages", ())) == 1
    assert executed(trace, "audit") == ["order 1"]


def test_without_a_dlq_the_refused_message_is_discarded():
    trace = run(orders(fn_permissions=[]))
    assert any("dropped" in s.tags for s in trace)
    assert not [s for s in trace if s.target == "undelivered"]


def test_a_dlq_whose_policy_refuses_sns_loses_the_message_too():
    trace = run(orders(fn_permissions=[], dlq="undelivered", queue_policy=[]))
    moved = [s for s in trace if s.source == "orders" and s.target == "undelivered"]
    assert len(moved) == 1 and moved[0].permission.decision == "deny"
    assert "lost" in moved[0].narration


BASE = """\
title: t
teaches: push
summary: t
resources:
  app: {type: actor, kind: custom_app}
  q: {type: sqs_queue}
  fifo: {type: sqs_queue, fifo: true}
  r: {type: iam_role, trusts: lambda.amazonaws.com}
  f: {type: function, handler: builtin.echo, role: r}
  t:
    type: sns_topic
    subscriptions:
      - SUB
script:
  - {at: 0s, actor: app, action: publish, topic: t, message: hi}
"""


@pytest.mark.parametrize("sub, problem", [
    ('{function: f, filter_policy: {kind: paid}}', "values in a pattern are lists"),
    ('{function: f, filter_policy: {a: [x], b: [x], c: [x], d: [x], e: [x], g: [x]}}', "at most 5"),
    ('{function: f, filter_policy: {a: [1, 2, 3, 4, 5, 6], b: [1, 2, 3, 4, 5, 6], '
     'c: [1, 2, 3, 4, 5]}}', "at most 150"),
    ('{function: f, dead_letter_queue: nope}', "nope"),
    ('{function: f, dead_letter_queue: f}', "sqs_queue"),
    ('{function: f, dead_letter_queue: fifo}', "FIFO"),
])
def test_check_refuses_bad_subscription_options(sub, problem):
    with pytest.raises(Exception) as err:
        load_scenario_text(BASE.replace("SUB", sub), "t.yaml")
    assert problem in str(err.value)


def test_inspector_and_graph_show_the_options():
    from app.graph.build import build_graph

    scenario = orders(policy={"kind": ["paid"]}, dlq="undelivered")
    trace = run(scenario)
    ship = trace.state_at(len(trace) - 1)["orders"]["subscriptions"][0]
    assert ship["FilterPolicy"] == {"kind": ["paid"]}
    assert ship["FilterPolicyScope"] == "MessageAttributes"
    assert ship["RedrivePolicy"] == {
        "deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:undelivered"}
    graph = build_graph(scenario)
    assert graph.has_edge("orders", "undelivered", key="destination")
    assert "filtered" in graph.edges["orders", "ship", "subscription"]["label"]


def test_check_warns_when_the_dlq_policy_does_not_let_sns_send(tmp_path, capsys):
    from app.engine.push_permission_warnings import push_permission_warnings

    warned = push_permission_warnings(orders(dlq="undelivered", queue_policy=[]))
    assert len(warned) == 1
    assert warned[0].path == ("resources", "orders", "subscriptions", 0, "dead_letter_queue")
    assert "sns.amazonaws.com" in warned[0].message and "sqs:SendMessage" in warned[0].message
    assert push_permission_warnings(orders(dlq="undelivered")) == []
