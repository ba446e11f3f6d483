"""build_graph: one node per resource plus the Lambda/STS service nodes, typed edges per link."""

import pytest

from app.scenario.models import Scenario
from app.graph import EDGE_TYPES, LAMBDA, STS, build_graph, resolve_node
from graph_scenarios import (SCENARIOS_DIR, load_file, mobile_clicks, photo_thumbnails,
                             stream_metrics, typed_edges, website)


def test_photo_thumbnails_nodes_are_the_resources_plus_lambda():
    """Every resource of the file is a node, plus `lambda`; no `sts` without a Cognito pool."""
    graph = build_graph(photo_thumbnails())
    assert set(graph.nodes) == {"user", "photos", "thumbnails", "thumbnail-role",
                                "make-thumbnail", LAMBDA}
    assert graph.nodes["make-thumbnail"]["kind"] == "function"
    assert graph.nodes["user"]["kind"] == "user"
    assert graph.nodes[LAMBDA]["kind"] == "lambda_service"


def test_photo_thumbnails_typed_edges():
    """The S3 push path: request, notification, async invoke into Lambda, role, SDK reads/writes."""
    edges = typed_edges(build_graph(photo_thumbnails()))
    assert {
        ("user", "photos", "request"),
        ("photos", "make-thumbnail", "notification"),
        ("photos", LAMBDA, "invoke"),
        (LAMBDA, "make-thumbnail", "invoke"),
        ("make-thumbnail", "thumbnail-role", "role"),
        (LAMBDA, "thumbnail-role", "assumes"),
        ("make-thumbnail", "photos", "sdk"),
        ("make-thumbnail", "thumbnails", "sdk"),
    } <= edges
    assert all(t in EDGE_TYPES for _, _, t in edges)


def test_sdk_edges_name_the_api_action():
    """The thumbnail function's SDK edges say which call they carry: GetObject in, PutObject out."""
    graph = build_graph(photo_thumbnails())
    assert "s3:PutObject" in graph.edges["make-thumbnail", "thumbnails", "sdk"]["label"]
    assert "s3:GetObject" in graph.edges["make-thumbnail", "photos", "sdk"]["label"]
    assert "ObjectCreated:*" in graph.edges["photos", "make-thumbnail", "notification"]["label"]


def test_sdk_edges_follow_iam_wildcards_not_shell_globs():
    """IAM treats [ ] literally: s3:PutObject on ar[c]hive/* is no edge to the archive bucket."""
    from app.scenario.policies import PolicyStatement
    from app.scenario.resources import S3Bucket

    sc = photo_thumbnails()
    role = sc.resources["thumbnail-role"]
    for pattern, edge in (("arn:aws:s3:::ar[c]hive/*", False), ("arn:aws:s3:::ar?hive/*", True)):
        grant = PolicyStatement(action=("s3:PutObject",), resource=(pattern,))
        edited = sc.model_copy(update={"resources": {
            **sc.resources, "archive": S3Bucket(type="s3_bucket"),
            "thumbnail-role": role.model_copy(update={"policies": (*role.policies, grant)})}})
        assert build_graph(edited).has_edge("make-thumbnail", "archive", "sdk") is edge, pattern


def test_target_bucket_is_grouped_as_target_and_uploaded_bucket_as_source():
    """A bucket only written by code is a target; the one the user uploads to is a source."""
    graph = build_graph(photo_thumbnails())
    assert graph.nodes["photos"]["group"] == "source"
    assert graph.nodes["thumbnails"]["group"] == "target"


def test_event_source_mapping_is_drawn_inside_lambda():
    """Pull model: records flow table → lambda → function; the mapping is an alias of `lambda`."""
    graph = build_graph(stream_metrics())
    edges = typed_edges(graph)
    assert ("orders", LAMBDA, "event-source-mapping") in edges
    assert (LAMBDA, "count-orders", "event-source-mapping") in edges
    assert (LAMBDA, "failed-batches", "destination") in edges
    assert "orders-mapping" not in graph
    assert resolve_node(graph, "orders-mapping") == LAMBDA
    assert graph.nodes[LAMBDA]["mappings"] == ["orders-mapping"]
    assert (LAMBDA, "count-orders", "invoke") not in edges  # the mapping edge already says it


def test_api_routes_merge_into_one_labelled_invoke_edge():
    """Two routes to one function give one invoke edge whose label lists both routes."""
    graph = build_graph(website())
    label = graph.edges["shop-api", "list-orders", "invoke"]["label"]
    assert label.split("\n") == ["GET /orders", "POST /orders"]
    assert ("browser", "shop-api", "request") in typed_edges(graph)


def test_destinations_and_role_policy_targets():
    """DLQ and on-success destinations are destination edges; a role's PutItem grant is an SDK
    edge when the function's code writes to the table (builtin.forward), none when it never
    calls it (builtin.http_api: decision 0024, item 6)."""
    edges = typed_edges(build_graph(website()))
    assert ("list-orders", "dlq", "destination") in edges
    assert ("list-orders", "done", "destination") in edges
    assert ("list-orders", "orders", "sdk") not in edges
    data = website().model_dump(mode="json", exclude_none=True)
    data["resources"]["list-orders"].update(handler="builtin.forward", options={"to": "orders"})
    writer = Scenario.model_validate(data)
    assert ("list-orders", "orders", "sdk") in typed_edges(build_graph(writer))


def test_cognito_classic_flow_adds_sts():
    """Classic flow: the app talks to STS itself, and STS hands out the pool's roles."""
    graph = build_graph(mobile_clicks(classic=True))
    edges = typed_edges(graph)
    assert STS in graph
    assert {("phone", "pool", "credentials"), ("pool", "signed-in", "credentials"),
            ("pool", "guest", "credentials"), ("phone", STS, "credentials"),
            (STS, "signed-in", "assumes"), ("phone", "process-clicks", "invoke"),
            ("phone", LAMBDA, "invoke")} <= edges


def test_cognito_enhanced_flow_has_no_sts_node():
    """Without the classic flow Cognito calls STS on the app's behalf: no `sts` node is drawn."""
    graph = build_graph(mobile_clicks(classic=False))
    assert STS not in graph
    assert all(STS not in (u, v) for u, v, _ in typed_edges(graph))


def test_no_edge_is_listed_twice():
    """Edges are keyed by type: a second reason for the same link extends the label instead."""
    graph = build_graph(website())
    keys = [(u, v, k) for u, v, k in graph.edges(keys=True)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("path", sorted(SCENARIOS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_built_in_scenario_builds_a_connected_graph(path):
    """Each built-in file: all resources drawn (mappings as lambda), lambda present, no orphans."""
    scenario = load_file(path)
    graph = build_graph(scenario)
    for name, res in scenario.resources.items():
        assert resolve_node(graph, name) in graph
    assert LAMBDA in graph
    for node in graph.nodes:
        assert graph.degree(node) > 0, f"{node} is drawn with no line to anything"


def test_a_function_dlq_under_a_queue_mapping_is_drawn_as_async_only():
    """A student's file: process-order's own DLQ never gets the mapping's messages (only async
    invokes use it, lambda-behaviour.md §14 B9), so its edge must not read as where they go."""
    from pathlib import Path
    from app.scenario.loader import load_scenario
    graph = build_graph(load_scenario(Path(__file__).parents[1] / "cases" / "student-shop-fndlq2.yaml"))
    assert graph.edges["process-order", "orders-dlq", "destination"]["label"] == "dead-letter queue (async only)"


def test_a_function_dlq_without_a_mapping_keeps_its_plain_label():
    from pathlib import Path
    from app.scenario.loader import load_scenario_text
    text = (Path(__file__).parents[1] / "cases" / "student-shop-fndlq2.yaml").read_text().replace(
        "    timeout: 5\n", "    timeout: 5\n    dead_letter_queue: orders-dlq\n", 1)
    graph = build_graph(load_scenario_text(text, "shop.yaml"))
    assert graph.edges["accept-order", "orders-dlq", "destination"]["label"] == "dead-letter queue"
