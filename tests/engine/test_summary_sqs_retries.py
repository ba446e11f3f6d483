"""`play --summary` counts SQS redeliveries as retries, by the rule the timeline shares
(app.engine.outcomes.starts_retry). A message that failed comes back after the visibility timeout
and Lambda invokes the function with it again: that new invoke is one retry
(docs/reference/lambda-behaviour.md §14 SQSERR, §15;
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html)."""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.engine.outcomes import starts_retry
from app.scenario.loader import load_scenario

ORDERS = Path(__file__).resolve().parents[2] / "scenarios" / "orders-sqs.yaml"


def test_orders_sqs_summary_counts_each_invoke_of_redelivered_messages_once():
    trace = run(load_scenario(ORDERS))
    redelivered = [s for s in trace if s.kind == "invoke" and "retry" in s.tags]
    assert redelivered, "orders-sqs redelivers its poison message"
    assert trace.summary["retries"] == len(redelivered)
    assert sum(1 for s in trace if starts_retry(s)) == trace.summary["retries"]
