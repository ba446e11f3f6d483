"""The dead-letter step says when maxReceiveCount is under the 5 AWS advises for a queue Lambda
reads (docs/reference/lambda-behaviour.md §14, SQSCFG), and stays quiet at 5 or more."""

from __future__ import annotations

import pytest
from sqs_scenarios import POISON, run, sqs_scenario


@pytest.mark.parametrize("count, advised", [(1, True), (3, True), (5, False), (6, False)])
def test_dead_letter_step_advises_at_least_five(count, advised):
    queue = {"visibility_timeout": 30,
             "redrive_policy": {"dead_letter_queue": "orders-dlq", "max_receive_count": count}}
    trace = run(sqs_scenario(queue=queue, esm={"batch_size": 1}, function=POISON))
    (moved,) = [s for s in trace if s.kind == "dead-letter"]
    assert moved.payload["ApproximateReceiveCount"] == count
    assert ("at least 5" in moved.narration) is advised
