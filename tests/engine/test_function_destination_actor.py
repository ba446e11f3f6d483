"""A function named as an async destination is invoked by Lambda itself, with the failed (or
succeeded) function's execution role, not by that function's code through the SDK
(docs/reference/lambda-behaviour.md §4 "Where failed events go", §13 A3b;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).

The expert's syncdest.yaml steps 24-25 said "fn calls Invoke on audit… fn uses the AWS SDK" and
"answers fn with 202".
"""

from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.scenario.loader import load_scenario

CASE = Path(__file__).parent / "cases" / "expert" / "syncdest.yaml"


def _steps_after_destination(trace):
    dest = next(s for s in trace if s.kind == "destination" and s.target == "audit")
    return dest, [s for s in trace if s.index > dest.index and s.time_ms == dest.time_ms]


def test_lambda_not_the_failed_function_invokes_the_destination_function():
    trace = run(load_scenario(CASE))
    dest, after = _steps_after_destination(trace)
    assert "execution role" in dest.narration
    assert all(s.source != "fn" for s in after), [(s.kind, s.source) for s in after]
    assert not any("uses the AWS SDK" in s.narration for s in after)
    assert not any("answers fn" in s.narration for s in after)
    enqueue = next(s for s in after if s.kind == "enqueue")
    assert enqueue.source == "lambda" and "fn's code" in enqueue.narration


def test_the_destination_function_still_runs_with_the_record():
    trace = run(load_scenario(CASE))
    dest, after = _steps_after_destination(trace)
    runs = [s for s in trace if s.kind == "execute" and s.target == "audit"]
    assert len(runs) == 1
    received = next(s for s in after if s.kind == "dequeue" and s.target == "audit")
    assert received.payload["requestContext"]["condition"] == "RetriesExhausted"

def test_how_lambda_makes_that_invoke_is_told_as_our_model_not_as_aws_fact():
    """AWS's pages do not say how Lambda invokes a destination function (§4 "A function as
    destination"); the narration said "asynchronous (InvocationType Event)" as a fact."""
    dest, _ = _steps_after_destination(run(load_scenario(CASE)))
    assert "InvocationType Event" not in dest.narration
    assert "AWS does not say how" in dest.narration and "LambdaScope queues it" in dest.narration
