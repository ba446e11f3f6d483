"""Lambda, not the function's code, sends a failed event to the dead-letter queue and records to
the destinations, with the execution role (lambda-behaviour.md §4 EIC, §13 A3). The role's
sqs:SendMessage on those queues is therefore not drawn as an "SDK call from code" edge beside
the delivery edge (a teacher's view of async-retries showed both, their labels overlapping)."""

from __future__ import annotations

from app.bundled import SCENARIOS_DIR
from app.graph.build import build_graph
from app.scenario.loader import load_scenario


def edges(graph, source, target):
    return {key for s, t, key in graph.edges(keys=True) if (s, t) == (source, target)}


def test_the_dlq_and_destination_are_deliveries_not_code_calls(tmp_path):
    text = (SCENARIOS_DIR / "async-retries.yaml").read_text(encoding="utf-8").replace(
        "[AWSLambdaBasicExecutionRole]\n    policies:\n",
        "[AWSLambdaBasicExecutionRole]\n    policies:\n      - {action: \"s3:GetObject\", "
        "resource: \"arn:aws:s3:::invoices/*\"}\n", 1)
    path = tmp_path / "reads.yaml"
    path.write_text(text, encoding="utf-8")
    graph = build_graph(load_scenario(path))
    assert edges(graph, "read-invoice", "invoice-dlq") == {"destination"}
    assert edges(graph, "read-invoice", "invoice-failures") == {"destination"}
    # a grant its code never uses (builtin.echo calls nothing) is not drawn either (decision
    # 0024, item 6); one it uses is (the next test)
    assert "sdk" not in edges(graph, "read-invoice", "invoices")


def test_a_queue_the_code_itself_writes_to_keeps_its_sdk_edge(tmp_path):
    text = (SCENARIOS_DIR / "async-retries.yaml").read_text(encoding="utf-8")
    text = text.replace("    handler: builtin.echo\n",
                        "    handler: builtin.forward\n    options: {to: invoice-failures}\n")
    path = tmp_path / "forward.yaml"
    path.write_text(text, encoding="utf-8")
    graph = build_graph(load_scenario(path))
    assert edges(graph, "read-invoice", "invoice-failures") == {"destination", "sdk"}
    assert edges(graph, "read-invoice", "invoice-dlq") == {"destination"}
