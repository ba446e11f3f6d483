"""When every message of a batch is reported failed, Lambda makes no DeleteMessage call, so the
step carries no permission check for it (docs/reference/lambda-behaviour.md §14 SQSERR, §15;
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html)."""

from __future__ import annotations

from pathlib import Path

from app.engine import run
from app.scenario.loader import load_scenario

ORDERS = Path(__file__).resolve().parents[2] / "scenarios" / "orders-sqs.yaml"


def test_nothing_to_delete_has_no_delete_permission_check_and_no_entries():
    trace = run(load_scenario(ORDERS))
    nothing = [s for s in trace if s.kind == "dequeue" and "nothing to delete" in s.summary]
    assert nothing, "orders-sqs has a batch holding only the poison message"
    for step in nothing:
        assert step.permission is None
        assert not step.payload.get("Entries")
    deleting = [s for s in trace if s.kind == "dequeue" and "nothing to delete" not in s.summary]
    assert deleting and all(s.permission.action == "sqs:DeleteMessage" for s in deleting)
