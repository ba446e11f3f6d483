"""A throttled SQS batch is retried while its messages stay hidden (issue 10, item 4).

docs/reference/lambda-behaviour.md §14 "When Lambda is throttled" (SQSERR,
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html): Lambda backs off
and retries the throttled invoke until the messages' visibility timeout runs out, and only then
gives them up; and the queue's visibility timeout should be six times the function timeout
"to allow Lambda to retry if your function is throttled" (SQSCFG). So a throttle that clears
within the visibility timeout costs no extra receive, and does not push a message toward the
queue's dead-letter queue. The wait between those retries is not documented (caveat).
"""

from __future__ import annotations

import json

from sqs_scenarios import invokes, items_of, orders, run, sqs_scenario


def dlq_messages(trace) -> int:
    return len(trace.state_at(len(trace) - 1)["orders-dlq"].get("messages", ()))


def test_a_brief_throttle_is_retried_within_the_visibility_timeout():
    """Reserved concurrency 1 and two one-message batches at once: the second is throttled,
    retried when the first is done, and succeeds on its first receive; nothing reaches the DLQ
    even with maxReceiveCount 1."""
    trace = run(sqs_scenario(
        queue={"redrive_policy": {"dead_letter_queue": "orders-dlq", "max_receive_count": 1}},
        esm={"batch_size": 1}, function={"reserved_concurrent_executions": 1, "duration": "2s"},
        script=orders(["book", "pen"])))
    ran = invokes(trace)
    assert sorted(item for s in ran for item in items_of(s)) == ["book", "pen"]
    for step in ran:  # each ran on its first receive
        assert [r["attributes"]["ApproximateReceiveCount"] for r in step.payload["Records"]] == ["1"]
    assert dlq_messages(trace) == 0
    backoff = [s for s in trace if "throttled" in s.tags and s.kind == "retry"]
    assert backoff and all("visibility timeout" in s.narration for s in backoff)
    assert all(s.caveat and "does not document" in s.caveat for s in backoff)


def test_a_throttle_that_outlasts_the_visibility_timeout_gives_the_messages_up():
    """Reserved concurrency 0: every retry is throttled; at the visibility timeout Lambda gives
    the batch up, the message comes back with its receive count raised, and after
    maxReceiveCount SQS moves it to the DLQ."""
    trace = run(sqs_scenario(function={"reserved_concurrent_executions": 0},
                             queue={"visibility_timeout": 20}, script=orders(["book"])))
    given_up = [s for s in trace if s.kind == "retry" and s.target == "orders"
                and "gives" in s.summary]
    assert len(given_up) == 3  # one per receive, maxReceiveCount 3
    for step in given_up:
        assert "visibility timeout" in step.narration
    times = [s.time_ms for s in given_up]
    assert all(b - a >= 20_000 for a, b in zip(times, times[1:]))
    assert dlq_messages(trace) == 1
    assert not invokes(trace)
    moved = trace.state_at(len(trace) - 1)["orders-dlq"]["messages"][0]
    assert json.loads(moved["Body"])["item"] == "book" and moved["ApproximateReceiveCount"] == 3
