"""Stream retries and interleaved shards are readable from the summaries alone: a re-invoke is
tagged `retry` and says which retry it is; with several shards, each invocation's steps name their
shard (lambda-behaviour.md §5, KIN/KP)."""

from __future__ import annotations

from stream_scenarios import clicks, invokes, kinesis_scenario, run


def _shard_of(step) -> str:
    """The shard a step's flow belongs to (flows are mapping/shard/batch-N)."""
    return step.flow.split("/")[1]


def test_re_invokes_of_a_failed_batch_are_tagged_and_numbered():
    """Record 1 fails twice: invokes 2 and 3 say retry 1 and retry 2; the first invoke does not."""
    trace = run(kinesis_scenario(esm={"batch_size": 1, "maximum_retry_attempts": 2},
                                 function={"faults": {"fail_on_record": 1}},
                                 script=clicks(1, key="k")))
    first, *again = invokes(trace)
    assert "retry" not in first.tags and not first.summary.startswith("retry")
    assert [s.summary.split(":")[0] for s in again] == ["retry 1 of the batch",
                                                        "retry 2 of the batch"]
    assert all("retry" in s.tags and s.flow == first.flow for s in again)


def test_re_invoke_after_a_throttle_says_so():
    """A throttled batch's next invoke is a retry after a throttle, not a numbered retry."""
    trace = run(kinesis_scenario(function={"reserved_concurrent_executions": 0}, script=clicks(1)))
    again = invokes(trace)[1:]
    assert again and all(s.summary.startswith("retry of the batch after a throttle")
                         for s in again)


def test_with_two_shards_every_invocation_step_names_its_shard():
    """Two shards, one failing batch: invoke, log, result and checkpoint summaries carry the shard
    of their own flow, so a success of one shard cannot be read as the other's retry."""
    trace = run(kinesis_scenario(shards=2, esm={"maximum_retry_attempts": 1},
                                 function={"faults": {"fail_on_record": 1}},
                                 script=clicks(8, every_ms=50)))
    labelled = [s for s in trace if s.kind in ("invoke", "log", "result", "checkpoint")
                and s.flow and s.flow.startswith("esm/")]
    assert {_shard_of(s) for s in labelled} == {"shardId-000000000000", "shardId-000000000001"}
    for step in labelled:
        assert _shard_of(step) in step.summary, step.summary
        other = ({"shardId-000000000000", "shardId-000000000001"} - {_shard_of(step)}).pop()
        assert other not in step.summary


def test_with_one_shard_summaries_stay_short():
    """A single shard needs no label: log and result summaries do not name it."""
    trace = run(kinesis_scenario(script=clicks(2)))
    steps = [s for s in trace if s.kind in ("log", "result")]
    assert steps and not any("shardId-" in s.summary for s in steps)
