"""A FIFO queue is no place for Lambda's failure records: a function's dead-letter queue, its
async on-failure / on-success destinations and a stream mapping's on-failure destination must be
a standard queue (or topic). Lambda accepts the configuration, but every delivery there fails and
counts DeadLetterErrors / DestinationDeliveryFailures; nothing lands in the queue
(docs/reference/lambda-behaviour.md §13 A3b, A3d;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).

The scenarios are the expert reviewer's (copied into cases/expert): sqs2.yaml steps 72–73 and
kinesis-fifo.yaml step 38 used to deliver into the FIFO queue.
"""

from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.metrics.series import compute_metrics
from app.scenario.loader import load_scenario
from lambda_scenarios import function, scenario

CASES = Path(__file__).parent / "cases" / "expert"


def _metric(trace, name: str, fn: str) -> float:
    found = [s for s in compute_metrics(trace) if s.metric == name
             and s.dimensions.get("FunctionName") == fn]
    return found[0].maximum() if found else 0.0


def _final_depth(trace, queue: str) -> int:
    return trace.node_state_at(len(trace) - 1, queue).get("message_count", 0)


def test_fifo_dead_letter_queue_and_on_failure_destination_are_not_delivered():
    trace = run(load_scenario(CASES / "sqs2.yaml"))
    to_fifo = [s for s in trace if s.kind in ("dead-letter", "destination") and s.target == "dest.fifo"]
    assert [s.kind for s in to_fifo] == ["dead-letter", "destination"]
    for step in to_fifo:
        assert "delivery-failed" in step.tags
        assert "FIFO" in step.narration and "standard" in step.narration
    assert "DeadLetterErrors" in to_fifo[0].narration
    assert "DestinationDeliveryFailures" in to_fifo[1].narration
    assert _final_depth(trace, "dest.fifo") == 0
    deleted = [s for s in trace if s.kind == "error" and s.summary.startswith("EVENT DELETED")]
    assert len(deleted) == 1
    # the permission was never the problem here: no word about removed permissions
    assert "FIFO" in deleted[0].narration and "permission was removed" not in deleted[0].narration
    assert _metric(trace, "DeadLetterErrors", "worker") == 1
    assert _metric(trace, "DestinationDeliveryFailures", "worker") == 1


def test_stream_on_failure_destination_that_is_fifo_gets_no_record():
    trace = run(load_scenario(CASES / "kinesis-fifo.yaml"))
    failed = [s for s in trace if s.target == "failed.fifo" and "discarded" in s.tags]
    assert failed and all("delivery-failed" in s.tags for s in failed)
    assert all("DestinationDeliveryFailures" in s.narration for s in failed)
    assert _final_depth(trace, "failed.fifo") == 0
    assert _metric(trace, "DestinationDeliveryFailures", "counter") == len(failed)


def test_on_success_destination_that_is_fifo_fails_too():
    sc = scenario({"echo": function(event_invoke_config={"on_success": "done.fifo"})},
                  extra={"done.fifo": {"type": "sqs_queue", "fifo": True,
                                       "content_based_deduplication": True},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": [{"action": "sqs:SendMessage"}]}},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "invocation_type": "Event"}])
    trace = run(sc)
    step = next(s for s in trace if s.kind == "destination")
    assert "delivery-failed" in step.tags and "DestinationDeliveryFailures" in step.narration
    assert _final_depth(trace, "done.fifo") == 0
    assert _metric(trace, "DestinationDeliveryFailures", "echo") == 1


def test_standard_queue_destination_is_still_delivered():
    sc = scenario({"echo": function(event_invoke_config={"on_success": "done"})},
                  extra={"done": {"type": "sqs_queue"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": [{"action": "sqs:SendMessage"}]}},
                  script=[{"at": 0, "actor": "app", "action": "invoke", "function": "echo",
                           "invocation_type": "Event"}])
    trace = run(sc)
    step = next(s for s in trace if s.kind == "destination")
    assert "delivery-failed" not in step.tags
    assert _final_depth(trace, "done") == 1
