"""Turn a scenario into the graph the canvas draws: who can reach whom, and how.

Edges are typed after the mechanism that links two nodes (a bucket's notification
configuration, an event source mapping, an API route, a role), because the lesson is the
mechanism: the canvas gives every type its own line style. Edge key = type, so one edge per
(source, target, type); a second reason for the same edge is appended to its label.
"""

from __future__ import annotations

import networkx as nx

from app.handlers.calls import code_may_call  # the calls the built-in handlers make
from app.engine.iam import matches  # IAM's own wildcard rule, so the diagram agrees with the engine
from app.graph.aliases import resolve_node  # noqa: F401 (kept importable from here)
from app.graph.settings_shown import node_setting
from app.graph.versions import function_sublabel

LAMBDA = "lambda"  # the AWS Lambda service: async queue, mapping pollers, role assumption
STS = "sts"  # AWS STS, reached directly only in Cognito's classic (basic) flow

EDGE_TYPES = ("notification", "event-source-mapping", "invoke", "request", "role", "assumes",
              "credentials", "destination", "sdk", "subscription", "rule")

# Layer names, left to right; `layout` puts each group in its own column.
GROUP_OF_TYPE = {
    "actor": "actor", "s3_bucket": "source", "dynamodb_table": "source",
    "kinesis_stream": "source", "api_gateway": "source", "cognito_identity_pool": "source",
    "lambda_service": "service", "sts": "service", "event_source_mapping": "service",
    "function": "compute", "iam_role": "security", "sqs_queue": "target", "sns_topic": "target",
    "eventbridge_rule": "source",
}

_REQUEST_TARGET = {"put_object": "bucket", "delete_object": "bucket", "put_item": "table",
                   "update_item": "table", "delete_item": "table", "put_record": "stream",
                   "http_request": "api", "get_credentials": "identity_pool", "invoke": "function",
                   "send_message": "queue", "publish": "topic"}


def build_graph(scenario) -> nx.MultiDiGraph:
    """Nodes for every resource plus `lambda`/`sts`; typed edges for every configured link."""
    graph = nx.MultiDiGraph(aliases={})
    for name, res in scenario.resources.items():
        kind = res.kind if res.type == "actor" else res.type
        graph.add_node(name, kind=kind, type=res.type, label=res.label or name,
                       group=GROUP_OF_TYPE[res.type])
        setting = node_setting(res)  # drawn from the configuration (a what-if changes it)
        if setting:
            graph.nodes[name]["setting"] = setting
    if scenario.of_type("function"):
        graph.add_node(LAMBDA, kind="lambda_service", type="service", label="AWS Lambda",
                       group="service")
    if any(p.allow_classic_flow for p in scenario.of_type("cognito_identity_pool").values()):
        graph.add_node(STS, kind="sts", type="service", label="AWS STS", group="service")
    _add_push_sources(graph, scenario)
    _add_topics_and_rules(graph, scenario)
    _add_mappings(graph, scenario)
    _add_queues(graph, scenario)
    _add_functions(graph, scenario)
    _add_identity_pools(graph, scenario)
    _add_script(graph, scenario)
    _settle_groups(graph)
    return graph


_STARTS = {"notification", "event-source-mapping", "invoke", "credentials", "subscription", "rule"}


def _settle_groups(graph) -> None:
    """A bucket/table/stream nothing starts from and no actor writes to is a target, not a source."""
    for node, data in graph.nodes(data=True):
        if data["group"] != "source" or data["type"] in ("api_gateway", "cognito_identity_pool"):
            continue
        starts = any(d["type"] in _STARTS for _, _, d in graph.out_edges(node, data=True))
        requested = any(graph.nodes[u]["group"] == "actor" for u, _ in graph.in_edges(node))
        if not (starts or requested):
            data["group"] = "target"


def add_edge(graph: nx.MultiDiGraph, source: str, target: str, type_: str, label: str) -> None:
    """Add a typed edge, or extend the label of the one already there."""
    if source not in graph or target not in graph:
        return  # a dangling reference is the loader's error to report, not ours
    if graph.has_edge(source, target, key=type_):
        data = graph.edges[source, target, type_]
        if label and label not in data["label"].split("\n"):
            data["label"] = f"{data['label']}\n{label}" if data["label"] else label
        return
    graph.add_edge(source, target, key=type_, type=type_, label=label)


def _add_push_sources(graph, scenario) -> None:
    for name, bucket in scenario.of_type("s3_bucket").items():
        for note in bucket.notifications:
            events = ", ".join(e.removeprefix("s3:") for e in note.events)
            add_edge(graph, name, note.destination, "notification", events)
            if note.function is None:
                continue  # S3 publishes to a topic (app/engine/s3_notifications.py)
            # S3 invokes asynchronously: the event really goes into Lambda's event queue.
            add_edge(graph, name, LAMBDA, "invoke", "Invoke (Event)")
    for name, api in scenario.of_type("api_gateway").items():
        for route in api.routes:
            add_edge(graph, name, route.function, "invoke", f"{route.method} {route.path}")


def _add_topics_and_rules(graph, scenario) -> None:
    """SNS subscriptions and EventBridge rule targets: both invoke asynchronously (§20, §21).
    A topic that fans out sits between the sources and Lambda (group "relay")."""
    for name, topic in scenario.of_type("sns_topic").items():
        if topic.subscriptions:
            graph.nodes[name]["group"] = "relay"
        for sub in topic.subscriptions:
            add_edge(graph, name, sub.endpoint, "subscription",
                     f"protocol {sub.protocol}" + (", filtered" if sub.filter_policy else ""))
            if sub.dead_letter_queue:  # §20 (SNSDLQ): what SNS cannot deliver goes there
                add_edge(graph, name, sub.dead_letter_queue, "destination",
                         f"undeliverable for {sub.endpoint}")
            if sub.function:
                add_edge(graph, name, LAMBDA, "invoke", "Invoke (Event)")
    for name, rule in scenario.of_type("eventbridge_rule").items():
        graph.nodes[name]["schedule"] = rule.schedule_expression
        label = rule.schedule_expression or "event pattern"
        for target in rule.targets:
            add_edge(graph, name, target, "rule", label)
            add_edge(graph, name, LAMBDA, "invoke", "Invoke (Event)")
    for stimulus in scenario.script:
        if stimulus.action == "put_events":
            for name, rule in scenario.of_type("eventbridge_rule").items():
                if rule.event_pattern is not None:
                    add_edge(graph, stimulus.actor, name, "request", "PutEvents")


def _add_mappings(graph, scenario) -> None:
    """The mapping is a Lambda resource: records flow source → lambda → function."""
    for name, mapping in scenario.of_type("event_source_mapping").items():
        graph.graph["aliases"][name] = LAMBDA
        graph.remove_node(name)  # drawn as part of the Lambda node, not beside it
        graph.nodes[LAMBDA].setdefault("mappings", []).append(name)
        queue = getattr(scenario.resources.get(mapping.source), "type", None) == "sqs_queue"
        if queue and mapping.source in graph:
            graph.nodes[mapping.source]["group"] = "source"  # read by Lambda: a source (§14)
        add_edge(graph, mapping.source, LAMBDA, "event-source-mapping",
                 "Lambda long-polls" if queue else "Lambda polls")
        size = mapping.batch_size or (10 if queue else 100)
        add_edge(graph, LAMBDA, mapping.function, "event-source-mapping",
                 f"batches ≤ {size}" + (", partial failures" if mapping.function_response_types else "")
                 + (", filtered" if mapping.filter_criteria else ""))
        if mapping.on_failure:
            add_edge(graph, LAMBDA, mapping.on_failure, "destination", "failed batches")


def _add_queues(graph, scenario) -> None:
    """A queue's redrive policy: SQS itself moves messages to the DLQ (§14, SQSERR)."""
    for name, queue in scenario.of_type("sqs_queue").items():
        policy = queue.redrive_policy
        if policy is not None:
            add_edge(graph, name, policy.dead_letter_queue, "destination",
                     f"redrive after {policy.max_receive_count} "
                     f"{'receive' if policy.max_receive_count == 1 else 'receives'}")


def _add_functions(graph, scenario) -> None:
    for name, fn in scenario.of_type("function").items():
        if not graph.has_edge(LAMBDA, name, key="event-source-mapping"):
            add_edge(graph, LAMBDA, name, "invoke", "runs the code")
        add_edge(graph, name, fn.role, "role", "execution role")
        if function_sublabel(fn):  # aliases and versions (§18)
            graph.nodes[name]["sublabel"] = function_sublabel(fn)
        add_edge(graph, LAMBDA, fn.role, "assumes", "assumes")
        if fn.dead_letter_queue:  # only async invokes use it, not a mapping's batches (§14 B9)
            mapped = graph.has_edge(LAMBDA, name, key="event-source-mapping")
            add_edge(graph, name, fn.dead_letter_queue, "destination",
                     "dead-letter queue (async only)" if mapped else "dead-letter queue")
        config = fn.event_invoke_config
        if config.on_success:
            add_edge(graph, name, config.on_success, "destination", "on success")
        if config.on_failure:
            add_edge(graph, name, config.on_failure, "destination", "on failure")
        for target, action in _sdk_targets(scenario, name, fn):
            add_edge(graph, name, target, "sdk", action)


def _sdk_targets(scenario, name, fn):
    """What the function's code touches: its handler's target plus what its role allows that
    its code may call (app.handlers.calls: a built-in handler's known calls; any grant for a
    handler it does not know). Three functions sharing a role drew three "SDK call from
    code" lines to a queue only one of them writes to, across a teacher's diagram (decision 0024,
    item 6)."""
    found = []
    if fn.handler == "builtin.thumbnail" and "target_bucket" in fn.options:
        for bucket_name, bucket in scenario.of_type("s3_bucket").items():
            if any(n.function == name for n in bucket.notifications):
                found.append((bucket_name, "s3:GetObject"))
        found.append((fn.options["target_bucket"], "s3:PutObject"))
    role = scenario.resources.get(fn.role)
    delivered = _delivered_by_lambda(fn)
    for statement in getattr(role, "policies", ()):
        if statement.effect != "Allow":
            continue
        for target in _resources_matching(scenario, statement.resource):
            for action in statement.action:
                if (_is_data_action(action, scenario.resources[target].type)
                        and (target, action) not in delivered and code_may_call(scenario, fn, action)):
                    found.append((target, action))
    return found


_DELIVERY_ACTIONS = ("sqs:SendMessage", "sns:Publish", "lambda:InvokeFunction")


def _delivered_by_lambda(fn) -> set[tuple[str, str]]:
    """(target, action) pairs the role grants for Lambda's own deliveries rather than the code's
    calls: the dead-letter queue and the on-success/on-failure destinations, which Lambda sends
    to with the execution role (lambda-behaviour.md §4 EIC, §13 A3). A target the handler
    itself writes to (`builtin.forward`'s `to`) stays a code call."""
    config = fn.event_invoke_config
    targets = {fn.dead_letter_queue, config.on_success, config.on_failure} - {None}
    if fn.handler == "builtin.forward":
        targets.discard(fn.options.get("to"))
    return {(target, action) for target in targets for action in _DELIVERY_ACTIONS}


_DATA_ACTIONS = {"s3_bucket": ("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                 "dynamodb_table": ("dynamodb:PutItem", "dynamodb:UpdateItem",
                                    "dynamodb:DeleteItem", "dynamodb:GetItem"),
                 "kinesis_stream": ("kinesis:PutRecord", "kinesis:PutRecords"),
                 "sqs_queue": ("sqs:SendMessage",), "sns_topic": ("sns:Publish",)}


def _is_data_action(action: str, resource_type: str) -> bool:
    """Reads of a stream the function is mapped to are the poller's, not the code's."""
    return action in _DATA_ACTIONS.get(resource_type, ())


def _resources_matching(scenario, patterns) -> list[str]:
    where = (scenario.settings.region, scenario.settings.account_id)
    arns = {name: _arn_of(name, res.type, *where) for name, res in scenario.resources.items()}
    out = []
    for name, arn in arns.items():
        if arn and any(p != "*" and (matches(p, arn) or matches(p, arn + "/x")) for p in patterns):
            out.append(name)
    return out


def _arn_of(name: str, type_: str, region: str, account: str) -> str | None:
    """The resource's ARN, as app/engine/simulation.py builds it, to match policies against."""
    return {"s3_bucket": f"arn:aws:s3:::{name}",
            "dynamodb_table": f"arn:aws:dynamodb:{region}:{account}:table/{name}",
            "kinesis_stream": f"arn:aws:kinesis:{region}:{account}:stream/{name}",
            "sqs_queue": f"arn:aws:sqs:{region}:{account}:{name}",
            "sns_topic": f"arn:aws:sns:{region}:{account}:{name}"}.get(type_)


def _add_identity_pools(graph, scenario) -> None:
    for name, pool in scenario.of_type("cognito_identity_pool").items():
        if pool.authenticated_role:
            add_edge(graph, name, pool.authenticated_role, "credentials", "signed-in role")
        if pool.unauthenticated_role:
            add_edge(graph, name, pool.unauthenticated_role, "credentials", "guest role")
        if pool.allow_classic_flow:
            for role in (pool.authenticated_role, pool.unauthenticated_role):
                if role:
                    add_edge(graph, STS, role, "assumes", "AssumeRoleWithWebIdentity")


def _add_script(graph, scenario) -> None:
    classic = any(p.allow_classic_flow for p in scenario.of_type("cognito_identity_pool").values())
    for stimulus in scenario.script:
        action, fields = stimulus.action, stimulus.model_dump()
        if action == "load":
            fields = dict(stimulus.request)
            action = fields.get("action", "")
        attr = _REQUEST_TARGET.get(action)
        if not attr or not fields.get(attr):
            continue
        target = fields[attr]
        if action == "invoke":
            qualifier = fields.get("qualifier")
            add_edge(graph, stimulus.actor, target, "invoke",
                     f"Invoke {target}:{qualifier}" if qualifier else "Invoke")
            if fields.get("invocation_type") == "Event":
                add_edge(graph, stimulus.actor, LAMBDA, "invoke", "Invoke (Event)")
        elif action == "get_credentials":
            add_edge(graph, stimulus.actor, target, "credentials", "GetId, credentials")
            if classic:
                add_edge(graph, stimulus.actor, STS, "credentials", "AssumeRoleWithWebIdentity")
        else:
            add_edge(graph, stimulus.actor, target, "request", _request_label(action, fields))


def _request_label(action: str, fields: dict) -> str:
    if action == "http_request":
        return f"{fields['method']} {fields['path']}"
    return "".join(part.capitalize() for part in action.split("_"))
