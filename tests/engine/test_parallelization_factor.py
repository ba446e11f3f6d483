"""ParallelizationFactor on Kinesis and DynamoDB Streams mappings (issue 10, item 5).

docs/reference/lambda-behaviour.md §17 and §5 (KIN, DDB, KIN22, BOTOM;
https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html): Lambda processes up to
ParallelizationFactor batches of one shard at once (1–10), and still keeps records in order per
partition key (Kinesis) or per item, partition and sort key (DynamoDB). The checkpoint is kept
per shard, so it only moves past a record once every record before it is done.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from stream_scenarios import data_of, invokes, kinesis_scenario, put, run, table_scenario

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome_time(trace, step) -> float:
    for later in trace.steps[step.index + 1:]:
        if later.flow == step.flow and later.kind in ("result", "throttle", "error"):
            return later.time_ms
    raise AssertionError(f"invoke {step.index} has no outcome")


def most_at_once(trace, function: str = "count") -> int:
    """The largest number of the mapping's invokes running at the same moment."""
    spans = [(s.time_ms, outcome_time(trace, s)) for s in invokes(trace, function)]
    return max((sum(1 for a, b in spans if a <= t < b) for t, _ in spans), default=0)


def keyed(keys: str, every_ms: int = 10) -> list[dict]:
    """One put_record per letter of `keys` (the partition key), data numbered 1..n."""
    return [{"at": f"{100 + i * every_ms}ms", "actor": "app", "action": "put_record",
             "stream": "clicks", "partition_key": key, "data": {"n": i + 1, "page": "/"}}
            for i, key in enumerate(keys)]


def delivered_keys(trace) -> list[tuple[str, int, float]]:
    """(partition key, data.n, invoke time) of every record sent, in invoke order."""
    return [(r["kinesis"]["partitionKey"], int(data_of(r)["n"]), s.time_ms)
            for s in invokes(trace) for r in s.payload["Records"]]


SLOW = {"duration": "2s"}


def test_factor_1_runs_one_batch_of_a_shard_at_a_time():
    trace = run(kinesis_scenario(function=SLOW, esm={"batch_size": 1}, script=keyed("abab")))
    assert most_at_once(trace) == 1


def test_factor_2_runs_two_batches_of_one_shard_at_once():
    """Records of two partition keys on one shard: two batches in flight together."""
    trace = run(kinesis_scenario(function=SLOW, esm={"batch_size": 1, "parallelization_factor": 2},
                                 script=keyed("abab")))
    assert most_at_once(trace) == 2
    first = invokes(trace)[:2]
    keys = [{r["kinesis"]["partitionKey"] for r in s.payload["Records"]} for s in first]
    assert keys[0] != keys[1]  # each concurrent batch holds other keys
    assert "ParallelizationFactor" in first[1].narration or any(
        "ParallelizationFactor 2" in (s.narration + (s.caveat or "")) for s in trace
        if s.kind in ("poll", "batch"))
    assert not any("not simulated" in (s.caveat or "") and "Parallelization" in (s.caveat or "")
                   for s in trace)


def test_never_more_batches_at_once_than_the_factor_even_with_many_keys():
    trace = run(kinesis_scenario(function=SLOW, esm={"batch_size": 1, "parallelization_factor": 3},
                                 script=keyed("abcdefgh")))
    assert most_at_once(trace) == 3


def test_one_key_gets_no_parallelism():
    """All records share a partition key: order forbids a second batch (§17 KIN)."""
    trace = run(kinesis_scenario(function=SLOW, esm={"batch_size": 1, "parallelization_factor": 4},
                                 script=keyed("aaaa")))
    assert most_at_once(trace) == 1
    assert [n for _, n, _ in delivered_keys(trace)] == [1, 2, 3, 4]


def test_a_failing_key_holds_the_shard_checkpoint_but_not_the_other_keys():
    """Record 1 (key a) fails twice, then is discarded. Key b's records are processed meanwhile,
    but the shard's checkpoint stays before record 1 until the discard."""
    trace = run(kinesis_scenario(
        function={"faults": {"fail_on_record": 1}},
        esm={"batch_size": 1, "parallelization_factor": 2, "maximum_retry_attempts": 2},
        script=keyed("abbb")))
    discard = next(s for s in trace if "discarded" in s.tags)
    b_done = [t for key, _, t in delivered_keys(trace) if key == "b"]
    assert len(b_done) == 3 and max(b_done) < discard.time_ms  # b is not held up
    bad_seq = int(discard.payload["KinesisBatchInfo"]["startSequenceNumber"])
    before = [s for s in trace if s.kind == "checkpoint" and s.index < discard.index]
    assert before and all(int(s.payload["SequenceNumber"]) < bad_seq for s in before
                          if s.payload and "SequenceNumber" in s.payload)
    final = trace.node_state_at(len(trace) - 1, "clicks")["iterators"]["esm/shardId-000000000000"]
    assert int(final["checkpoint"]) > bad_seq  # all done: the checkpoint caught up


def test_dynamodb_keeps_order_per_item_and_runs_items_in_parallel():
    script = [put(100, "s-1", "north", 1), put(110, "s-2", "south", 2),
              put(120, "s-1", "north", 3), put(130, "s-2", "south", 4)]
    trace = run(table_scenario(function=SLOW, script=script,
                               esm={"batch_size": 1, "parallelization_factor": 2}))
    assert most_at_once(trace, "agg") == 2
    order: dict[str, list[int]] = {}
    for s in invokes(trace, "agg"):
        for r in s.payload["Records"]:
            new = r["dynamodb"]["NewImage"]
            order.setdefault(new["sale_id"]["S"], []).append(int(new["amount"]["N"]))
    assert order == {"s-1": [1, 3], "s-2": [2, 4]}


KEYS = ("ana", "ben", "cho", "dev", "eli")


@FAST
@given(keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=12),
       gaps=st.lists(st.integers(0, 900), min_size=12, max_size=12),
       factor=st.integers(1, 4), batch=st.integers(1, 4), shards=st.integers(1, 2))
def test_every_record_once_and_in_order_per_partition_key(keys, gaps, factor, batch, shards):
    """With any factor: each record is delivered exactly once, and for each partition key in
    write order, and no two batches holding the same key overlap in time."""
    at, script = 50, []
    for n, (key, gap) in enumerate(zip(keys, gaps), start=1):
        at += gap
        script.append({"at": f"{at}ms", "actor": "app", "action": "put_record",
                       "stream": "clicks", "partition_key": key, "data": {"n": n}})
    trace = run(kinesis_scenario(shards=shards, script=script, function={"duration": "700ms"},
                                 esm={"batch_size": batch, "parallelization_factor": factor}))
    got = [(key, n) for key, n, _ in delivered_keys(trace)]
    assert sorted(n for _, n in got) == list(range(1, len(keys) + 1))
    for key in set(keys):
        mine = [n for k, n in got if k == key]
        assert mine == sorted(mine)
    spans: dict[str, list[tuple[float, float]]] = {}
    for s in invokes(trace):
        for key in {r["kinesis"]["partitionKey"] for r in s.payload["Records"]}:
            spans.setdefault(key, []).append((s.time_ms, outcome_time(trace, s)))
    for runs in spans.values():
        runs.sort()
        assert all(b0 >= a1 for (_, a1), (b0, _) in zip(runs, runs[1:]))
    assert most_at_once(trace) <= factor * shards
