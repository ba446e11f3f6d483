"""Recursive loop detection through SQS (lambda-behaviour.md §13 A2): a function that sends
every message back to the queue that invokes it is stopped after about 16 invocations of the
chain; the stopped invoke gets RecursiveInvocationException, the message keeps failing and SQS
moves it to the queue's DLQ (§13 A2d). With RecursiveLoop Allow only LambdaScope's safety stop
ends the loop."""

from __future__ import annotations

import pytest
from sqs_scenarios import orders, sqs_scenario

from app.engine.run import run
from app.handlers import registry


@pytest.fixture
def requeue(monkeypatch):
    monkeypatch.setitem(registry.HANDLERS, "test.requeue", "requeue_handler")
    return "test.requeue"


def _scenario(handler, stop_after="30min", **function):
    role = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
            "managed_policies": ["AWSLambdaSQSQueueExecutionRole"],
            "policies": [{"action": "sqs:SendMessage", "resource": "*"}]}
    return sqs_scenario(role=role, function={"handler": handler, **function},
                        script=orders(["loop"]), stop_after=stop_after)


def test_a_queue_loop_is_stopped_and_the_message_goes_to_the_dlq(requeue):
    trace = run(_scenario(requeue))
    runs = [s for s in trace if s.kind == "execute" and s.target == "worker"]
    stops = [s for s in trace if "recursion" in s.tags and s.kind == "error"]
    assert 14 <= len(runs) <= 17
    assert stops and stops[0].headers["X-Amzn-ErrorType"] == "RecursiveInvocationException"
    assert [s.target for s in trace if s.kind == "dead-letter"] == ["orders-dlq"]


def test_recursive_loop_allow_lets_it_run_on_until_the_safety_stop(requeue):
    trace = run(_scenario(requeue, stop_after=None, recursive_loop="Allow"))
    runs = [s for s in trace if s.kind == "execute" and s.target == "worker"]
    assert len(runs) > 17
    assert any("safety-stop" in s.tags and s.kind == "not-simulated" for s in trace)
    assert any("safety-stop" in s.tags and s.kind == "dequeue" for s in trace)
    assert not any(s.kind == "dead-letter" for s in trace)
