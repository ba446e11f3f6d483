"""A timed-out invoke returns no response, so with ReportBatchItemFailures on there is no
batchItemFailures list for Lambda to read: the whole batch fails and comes back after the
visibility timeout (lambda-behaviour.md §3, §14 SQSERR, §15). orders-sqs with the `time_out`
what-if said the failures were "reported in batchItemFailures" in the function's log."""

from __future__ import annotations

from sqs_scenarios import POISON, RBIF, WINDOW, run, sqs_scenario


def _timed_out_run():
    worker = {**POISON, "timeout": 3}
    worker["faults"] = {**worker["faults"], "time_out": True}
    return run(sqs_scenario(esm={**RBIF, **WINDOW}, function=worker,
                            queue={"visibility_timeout": 20}, stop_after="30s"))


def test_the_log_of_a_timed_out_batch_reports_no_item_failures():
    trace = run_ = _timed_out_run()
    logs = [s for s in run_ if s.kind == "log"]
    assert logs
    for log in logs:
        assert not any("batchItemFailures" in line for line in log.payload["lines"])
        assert "batchItemFailures" not in log.narration
    assert trace


def test_the_whole_timed_out_batch_returns_after_the_visibility_timeout():
    trace = _timed_out_run()
    (failed,) = [s for s in trace if s.kind == "retry" and s.source == "lambda"][:1]
    assert "no response" in failed.narration and "batchItemFailures" in failed.narration
    assert "whole batch" in failed.narration
    assert not [s for s in trace if s.kind == "dequeue" and "partial" in s.tags]
