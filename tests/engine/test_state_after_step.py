"""The state a step shows is the state after that step (teacher's report: SQS was one step behind).

For every built-in scenario and a teacher's imported lesson, walk the steps that say something
happened to an SQS message and check `trace.state_at(i)` for the queue shows it at step i:
sent or delivered (the queue holds one more message), received (in flight), visible again
(listed as waiting, not in flight), moved to the dead-letter queue (gone from the source, in
the DLQ).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.run import run
from app.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "scenarios").glob("*.yaml")) + [
    Path(__file__).parent / "cases" / "teacher-upload-fanout-v2.lesson.yaml"]


def _ids(rows) -> set[str]:
    return {row["MessageId"] for row in rows or ()}


def _is_sqs(state: dict, node: str) -> bool:
    return "ApproximateNumberOfMessagesNotVisible" in state.get(node, {})


def _checks(trace):
    """(index, what the step says, whether the state agrees) for every SQS step."""
    for i, step in enumerate(trace.steps):
        tags = step.tags or ()
        if "denied" in tags or "duplicate" in tags:
            continue
        after = trace.state_at(i)
        payload = step.payload if isinstance(step.payload, dict) else {}
        if step.kind == "enqueue" and "retry" in tags and _is_sqs(after, step.target):
            q = after[step.target]
            mid = payload["MessageId"]
            yield i, f"{mid} visible again in {step.target}", (
                mid in _ids(q["messages"]) and mid not in _ids(q["in_flight"]))
        elif step.kind == "dead-letter" and _is_sqs(after, step.source) and _is_sqs(after, step.target):
            mid = payload["MessageId"]
            src, dlq = after[step.source], after[step.target]
            yield i, f"{mid} moved {step.source} → {step.target}", (
                mid not in _ids(src["messages"]) | _ids(src["in_flight"])
                and mid in _ids(dlq["messages"]))
        elif step.kind == "poll" and "Messages" in payload and _is_sqs(after, step.target):
            q = after[step.target]
            for m in payload["Messages"]:
                yield i, f"{m['MessageId']} received from {step.target}", (
                    m["MessageId"] in _ids(q["in_flight"]) or len(q["in_flight"]) >= 20)
        elif ((step.kind == "destination" or (step.kind == "request" and step.model == "push"))
              and _is_sqs(after, step.target) and i > 0):
            before = trace.state_at(i - 1).get(step.target, {})
            yield i, f"{step.source} delivers a message to {step.target}", (
                after[step.target]["message_count"] == before.get("message_count", 0) + 1)
        elif (step.kind == "response" and step.status == 200 and "MessageId" in payload
              and "MD5OfMessageBody" in payload and _is_sqs(after, step.source)):
            q = after[step.source]
            yield i, f"SendMessage stores {payload['MessageId']} in {step.source}", (
                payload["MessageId"] in _ids(q["messages"]) or q["message_count"] > 20
                or q["ApproximateNumberOfMessagesDelayed"] > 0)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sqs_state_at_a_step_is_the_state_after_it(path):
    trace = run(load_scenario(path))
    checks = list(_checks(trace))
    wrong = [f"step {i}: {what}" for i, what, ok in checks if not ok]
    assert not wrong, "state_at(i) disagrees with step i:\n" + "\n".join(wrong[:10])


def test_the_walk_covers_every_kind_of_sqs_step():
    """The check above looks at real steps: the built-ins send, receive, redrive and requeue."""
    seen = set()
    for path in FILES:
        for _, what, _ in _checks(run(load_scenario(path))):
            seen.add(next(w for w in ("visible again", "moved", "received", "delivers", "stores")
                          if w in what))
    assert seen == {"visible again", "moved", "received", "delivers", "stores"}


def test_visible_messages_metric_rises_when_sns_delivers_to_the_queue():
    """The teacher's lesson: SNS delivers to work-dev and Lambda receives it one step later, so
    ApproximateNumberOfMessagesVisible is 1 at the delivery step (it stayed 0 for the whole run)."""
    from app.metrics.series import compute_metrics
    trace = run(load_scenario(FILES[-1]))
    visible = next(s for s in compute_metrics(trace)
                   if s.metric == "ApproximateNumberOfMessagesVisible"
                   and s.dimensions == {"QueueName": "work-dev"})
    delivery = next(i for i, step in enumerate(trace.steps)
                    if step.kind == "destination" and step.target == "work-dev")
    assert visible.value_at(delivery) == 1.0
    assert visible.value_at(delivery + 1) == 0.0  # received: now in flight


def test_an_sdk_put_object_shows_the_object_at_its_own_step():
    """photo-thumbnails: "make-thumbnail calls PutObject on thumbnails" is the only step of that
    call, so the thumbnail is in the bucket at that step (it appeared at the REPORT log after)."""
    checked = 0
    for path in FILES:
        trace = run(load_scenario(path))
        for i, step in enumerate(trace.steps):
            if step.kind == "sdk-call" and step.payload["operation"] == "PutObject" \
                    and "denied" not in (step.tags or ()):
                key = step.payload["params"]["Key"]
                assert key in trace.state_at(i)[step.target]["objects"], (path.name, i)
                checked += 1
    assert checked >= 2


def test_an_async_event_leaves_lambdas_queue_at_the_step_that_says_it_finished():
    """"catalogue finished the event": Lambda's internal queue is one shorter at that step."""
    checked = 0
    for path in FILES:
        trace = run(load_scenario(path))
        for i, step in enumerate(trace.steps):
            if step.kind == "result" and "finished the event" in step.summary:
                fn = step.source
                before = trace.state_at(i - 1)[fn]["async_queue_length"]
                assert trace.state_at(i)[fn]["async_queue_length"] == before - 1, (path.name, i)
                checked += 1
    assert checked >= 3
