"""Who Lambda refuses, in the step summary (the expert's loop probe, step 127: "Lambda refuses
lambda: 400 RecursiveInvocationException"). When the caller is an event source mapping's poller
(source `lambda`), the summary names the poller and the function it tried to invoke, never
"lambda" as if it were a resource (lambda-behaviour.md §13 A2d, AWS:
https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html)."""

from __future__ import annotations

import pytest
from sqs_scenarios import orders, sqs_scenario

from app.engine.run import run
from app.handlers import registry


@pytest.fixture
def requeue(monkeypatch):
    monkeypatch.setitem(registry.HANDLERS, "test.requeue", "requeue_handler")
    return "test.requeue"


def test_a_poller_refused_by_loop_detection_is_named_as_the_poller(requeue):
    role = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
            "managed_policies": ["AWSLambdaSQSQueueExecutionRole"],
            "policies": [{"action": "sqs:SendMessage", "resource": "*"}]}
    trace = run(sqs_scenario(role=role, function={"handler": requeue}, script=orders(["loop"]),
                             stop_after="30min"))
    stop = next(s for s in trace if "recursion" in s.tags and s.kind == "error")
    assert "refuses lambda" not in stop.summary
    assert stop.summary.startswith("Lambda refuses the event source mapping's poller")
    assert "worker" in stop.summary and "RecursiveInvocationException" in stop.summary
