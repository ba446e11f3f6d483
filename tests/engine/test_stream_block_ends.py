"""How a blocked stream batch ends (lambda-behaviour.md §5, KOF/DOF): Lambda retries it until it
succeeds, its records expire, they pass MaximumRecordAgeInSeconds, or MaximumRetryAttempts is
reached; then it moves on and later records flow again.

The run fast-forwards a long block only over attempts whose outcome is known (a function that
fails every time, or on these very records): a function set to fail only its first K
invocations is retried one by one until it succeeds.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from stream_scenarios import clicks, data_of, delivered, invokes, kinesis_scenario, put, run, table_scenario

SQS = {"dlq": {"type": "sqs_queue"}}
SQS_WRITE = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
             "managed_policies": ["AWSLambdaKinesisExecutionRole"],
             "policies": [{"action": "sqs:SendMessage", "resource": "*"}]}
HOUR_MS = 3_600_000


def late(at: str, n: str) -> dict:
    return {"at": at, "actor": "app", "action": "put_record", "stream": "clicks",
            "partition_key": "k", "data": {"n": n, "page": "/late"}}


def stopping(scenario, stop_ms: float):
    """The scenario with settings.stop_after set to `stop_ms`."""
    return scenario.model_copy(update={"settings": scenario.settings.model_copy(
        update={"stop_after": stop_ms})})


def outcomes(trace, function="count") -> list[bool]:
    """Did each invoke succeed, in invoke order (one entry per invoke)."""
    out = []
    for step in invokes(trace, function):
        result = next(s for s in trace.steps[step.index + 1:]
                      if s.flow == step.flow and s.kind in ("result", "throttle", "error"))
        out.append(result.kind == "result" and "function-error" not in result.tags)
    return out


# ---------------------------------------------------------------------- A1: a later retry succeeds
def test_a_batch_that_succeeds_on_attempt_7_is_checkpointed_without_retry_limits():
    """fail_first_attempts 6, default (-1/-1): attempts 1-6 fail, attempt 7 succeeds (KOF: Lambda
    retries until the batch succeeds); no not-simulated block, no 24 h claim."""
    trace = run(kinesis_scenario(esm={"batch_size": 4}, function={"faults": {"fail_first_attempts": 6}},
                                 script=clicks(4, key="k", every_ms=0) + [late("25h", "5")]))
    assert outcomes(trace)[:7] == [False] * 6 + [True]
    assert not [s for s in trace if s.kind == "not-simulated" and "blocked" in s.tags]
    checkpoint = next(s for s in trace if s.kind == "checkpoint")
    assert checkpoint.index > invokes(trace)[6].index and checkpoint.payload["BatchSize"] == 4
    assert checkpoint.time_ms < 10_000  # about one retry per second, not a day later
    # the record written at 25 h is invocation 8: fail_first_attempts is long used up
    assert outcomes(trace)[7:] == [True]
    assert [data_of(r)["n"] for r in invokes(trace)[7].payload["Records"]] == ["5"]


def test_a_batch_that_succeeds_on_attempt_7_is_not_discarded_with_ten_retries():
    """MaximumRetryAttempts 10: the batch succeeds on retry 6, long before the limit; nothing
    goes to the on-failure destination."""
    trace = run(kinesis_scenario(esm={"batch_size": 4, "maximum_retry_attempts": 10,
                                      "on_failure": "dlq"},
                                 function={"faults": {"fail_first_attempts": 6}}, role=SQS_WRITE,
                                 extra=SQS, script=clicks(4, key="k", every_ms=0)))
    assert outcomes(trace) == [False] * 6 + [True]
    assert not [s for s in trace if "discarded" in s.tags or s.kind == "destination"]
    assert [s.summary.split(":")[0] for s in trace if s.kind == "retry"][-1] == "retry 6 of 10"


def test_skipped_attempts_use_up_fail_first_attempts_as_real_ones_would():
    """A record that always fails plus fail_first_attempts 8: the block is fast-forwarded only
    once the counted failures are used up, so the invoke after the block (a new record, after
    the first one expired) is invocation 8 + the skipped ones and succeeds."""
    trace = run(kinesis_scenario(function={"faults": {"fail_on_record": 1, "fail_first_attempts": 8}},
                                 script=clicks(1, key="k") + [late("25h", "2")]))
    last = invokes(trace)[-1]
    assert [data_of(r)["n"] for r in last.payload["Records"]] == ["2"]
    assert outcomes(trace)[-1] is True


# ---------------------------------------------------------------------- the fast-forward stays
def test_an_always_failing_day_stays_a_few_dozen_steps():
    """fail: always, default settings, a 24 h run: a few retries, one not-simulated step."""
    trace = run(stopping(kinesis_scenario(function={"faults": {"fail": "always"}},
                                          script=clicks(3, key="k")), 24 * HOUR_MS))
    blocked = [s for s in trace if s.kind == "not-simulated" and "blocked" in s.tags]
    assert len(blocked) == 1 and len(trace) < 60
    # the skipped retries are counted only up to the end of the run, not to the expiry after it
    estimate = blocked[0].payload["estimate"]["invocations"]
    assert 80_000 < estimate <= 24 * 3600


# ---------------------------------------------------------------------- A2: the block ends at expiry
def test_kinesis_records_written_during_a_block_flow_once_the_blocked_records_expire():
    """The blocked record expires 24 h after it was written (retention); Lambda discards it and
    reads on: the record written at 5 s is invoked after that, and the one written at 25 h too."""
    trace = run(kinesis_scenario(function={"faults": {"fail_on_record": 1}},
                                 script=clicks(1, key="k") + [late("5s", "2"), late("25h", "3")]))
    expired = next(s for s in trace if "expired" in s.tags and "discarded" in s.tags)
    assert expired.time_ms == 24 * HOUR_MS + 100  # written at 100 ms, kept 24 h
    after = [s for s in invokes(trace) if s.index > expired.index]
    assert [[data_of(r)["n"] for r in s.payload["Records"]] for s in after] == [["2"], ["3"]]
    assert outcomes(trace)[-1] is True
    assert not [s for s in trace if "stops this shard's poller" in s.narration]


def test_dynamodb_put_after_the_expiry_is_delivered():
    """d3: a table whose stream batch fails on its first record; the put at 30 h (after the
    24 h expiry) reaches the function and succeeds."""
    script = [put(0, "a", "north", 1), {"at": "0ms", "actor": "app", "action": "delete_item",
                                          "table": "sales", "key": {"sale_id": "a"}},
              put(30 * HOUR_MS, "b", "south", 2)]
    trace = run(stopping(table_scenario(esm={}, function={"faults": {"fail_on_record": 1}},
                                        script=script), 48 * HOUR_MS))
    got = [(s.time_ms, [r["dynamodb"]["Keys"]["sale_id"]["S"] for r in s.payload["Records"]])
           for s in invokes(trace, "agg")]
    assert got[-1][0] >= 30 * HOUR_MS and got[-1][1] == ["b"]
    assert outcomes(trace, "agg")[-1] is True
    assert any(s.kind == "checkpoint" and s.time_ms >= 30 * HOUR_MS for s in trace)


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(k=st.integers(0, 9), n=st.integers(1, 6), batch=st.integers(1, 4),
       retries=st.sampled_from([-1, 9, 20]), bisect=st.booleans())
def test_a_function_failing_its_first_k_invocations_gets_every_record_in_the_end(
        k, n, batch, retries, bisect):
    """Whatever K (below the retry limit), every record is delivered successfully once, in
    order, nothing is discarded and nothing is fast-forwarded: each failure is shown."""
    trace = run(kinesis_scenario(esm={"batch_size": batch, "maximum_retry_attempts": retries,
                                      "bisect_batch_on_function_error": bisect},
                                 function={"faults": {"fail_first_attempts": k}},
                                 script=clicks(n, key="k", every_ms=300)))
    ok = [int(data_of(r)["n"]) for s, good in zip(invokes(trace), outcomes(trace)) if good
          for r in s.payload["Records"]]
    assert sorted(set(ok)) == list(range(1, n + 1))
    assert not [s for s in trace if "discarded" in s.tags or s.kind == "not-simulated"]
    assert outcomes(trace).count(False) == k


def test_a_throttle_of_a_busy_function_is_retried_until_it_gets_through():
    """Reserved concurrency 1 and two shards: while one shard's batch runs (4.5 s), the other's
    invokes are throttled; a throttle of a busy function is not known to last, so its retries
    are played and it gets through once the first run ends (§11, KOF: throttles are retried
    until the records expire or pass the age, or until the invoke runs)."""
    trace = run(kinesis_scenario(shards=2, function={"reserved_concurrent_executions": 1,
                                                     "duration": "4500ms", "timeout": 10},
                                 script=clicks(8, every_ms=10)))
    assert not [s for s in trace if s.kind == "not-simulated" or "discarded" in s.tags]
    assert any("throttled" in s.tags for s in trace if s.kind == "retry")
    assert {shard for shard, _, ok in delivered(trace) if ok} == {
        "shardId-000000000000", "shardId-000000000001"}


def test_after_the_expiry_the_shard_state_is_no_longer_blocked():
    """The stream's iterator state (inspector) drops `blocked` and `blocked_until` at expiry."""
    trace = run(kinesis_scenario(function={"faults": {"fail_on_record": 1}}, script=clicks(1, key="k")))
    block = next(s for s in trace if s.kind == "not-simulated" and "blocked" in s.tags)
    expired = next(s for s in trace if "expired" in s.tags and "discarded" in s.tags)
    during = trace.state_at(block.index)["clicks"]["iterators"]["esm/shardId-000000000000"]
    after = trace.state_at(expired.index)["clicks"]["iterators"]["esm/shardId-000000000000"]
    assert during["blocked"] and during["blocked_until"] == "2026-01-02T00:00:00.100Z"
    assert not after["blocked"] and not after.get("blocked_until")
    assert after["checkpoint"] == expired.payload["Expired"][-1]
