"""A message whose visibility timeout ends while the function is still working on it is not a
failed message: SQS only knows that nobody deleted it yet, so it hands it out again and a second
invoke works on it at the same time. When the first invoke then finishes, Lambda deletes it with
the receipt handle of the *first* receive: the DeleteMessage call succeeds, but SQS need not
delete a message received again since, and LambdaScope shows that case: the message stays
(docs/reference/lambda-behaviour.md §14 "Visibility timeout", "An old receipt handle";
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html).

The case is the expert's vtimeout2.yaml made valid (cases/expert/visibility-runs-out.yaml):
version 1 runs 59.9 s after a 250 ms Init, and the queue hides a message for 60 s.
"""

from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.scenario.loader import load_scenario

CASE = Path(__file__).parent / "cases" / "expert" / "visibility-runs-out.yaml"


def _trace():
    return run(load_scenario(CASE))


def _at(trace, kind: str, ms: float):
    return [s for s in trace if s.kind == kind and abs(s.time_ms - ms) < 1]


def test_visible_again_while_still_running_is_not_called_a_failure():
    trace = _trace()
    (again,) = _at(trace, "enqueue", 60_000)
    assert "still" in again.narration and "not a failure" in again.narration
    assert "always fails" not in again.narration
    (poll,) = _at(trace, "poll", 60_000)
    assert "failed" not in poll.narration and "still" in poll.narration
    (invoke,) = _at(trace, "invoke", 60_000)
    assert not invoke.summary.startswith("retry of failed messages")


def test_a_delete_with_an_old_receipt_handle_leaves_the_message():
    trace = _trace()
    (stale,) = _at(trace, "dequeue", 60_150)
    assert "receipt handle" in stale.narration and "not deleted" in stale.narration
    assert stale.permission is not None and stale.permission.decision == "allow"  # 200 anyway
    first_handle = [s for s in _at(trace, "poll", 0) if s.payload][0].payload["Messages"][0]["ReceiptHandle"]
    assert stale.payload["Entries"][0]["ReceiptHandle"] == first_handle
    assert trace.node_state_at(stale.index, "jobs")["message_count"] == 1


def test_the_message_is_deleted_by_the_invoke_that_received_it_last():
    trace = _trace()
    executes = [s for s in trace if s.kind == "execute" and s.target == "worker"]
    assert len(executes) == 3  # received at 0 s, 60 s and 120 s
    deletes = [s for s in trace if s.kind == "dequeue" and s.source == "lambda"]
    assert [trace.node_state_at(s.index, "jobs")["message_count"] for s in deletes] == [1, 1, 0]
    assert trace.node_state_at(len(trace) - 1, "jobs")["message_count"] == 0
