"""Invariants of stream delivery, over random writes and mapping settings (hypothesis).

- With a succeeding function every record is delivered exactly once, in order per shard
  (Kinesis with random keys and shards; DynamoDB with random puts, updates and deletes).
- With a failing record, nothing later from its shard reaches the function before the failing
  batch is resolved; afterwards every other record is still delivered once, in order.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from stream_scenarios import delivered, invokes, kinesis_scenario, run, table_scenario

KEYS = ("ana", "ben", "cho", "dev", "eli")
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def writes(draw):
    """A script of put_record lines with random keys and gaps, data numbered 1..n."""
    gaps = draw(st.lists(st.integers(0, 1500), min_size=1, max_size=12))
    script, at = [], 50
    for n, gap in enumerate(gaps, start=1):
        at += gap
        script.append({"at": f"{at}ms", "actor": "app", "action": "put_record", "stream": "clicks",
                       "partition_key": draw(st.sampled_from(KEYS)), "data": {"n": n}})
    return script


def written(trace) -> list[tuple[str, str]]:
    """(shard, sequence number) of every record written, in write order."""
    return [(s.payload["ShardId"], s.payload["SequenceNumber"]) for s in trace
            if s.kind == "response" and s.source == "clicks"]


def in_order_per_shard(pairs) -> bool:
    last: dict[str, int] = {}
    for shard, seq in pairs:
        if int(seq) <= last.get(shard, -1):
            return False
        last[shard] = int(seq)
    return True


@FAST
@given(script=writes(), shards=st.integers(1, 3), batch=st.integers(1, 5),
       window=st.integers(0, 2))
def test_succeeding_function_gets_every_record_once_in_order(script, shards, batch, window):
    """Every record written is delivered exactly once, and in sequence order within its shard."""
    trace = run(kinesis_scenario(shards=shards, script=script,
                                 esm={"batch_size": batch,
                                      "maximum_batching_window_in_seconds": window}))
    got = [(shard, seq) for shard, seq, ok in delivered(trace)]
    assert all(ok for _, _, ok in delivered(trace))
    assert sorted(got) == sorted(written(trace)) and len(set(got)) == len(got)
    assert in_order_per_shard(got)
    assert all(len(s.payload["Records"]) <= batch for s in invokes(trace))


@FAST
@given(script=writes(), shards=st.integers(1, 2), batch=st.integers(1, 4),
       retries=st.integers(0, 2), bisect=st.booleans(), data=st.data())
def test_failing_record_blocks_only_until_its_batch_is_resolved(script, shards, batch, retries,
                                                                 bisect, data):
    """Nothing after the failing batch leaves its shard before the discard; then delivery resumes in order."""
    bad = data.draw(st.integers(1, len(script)), label="fail_on_record")
    trace = run(kinesis_scenario(
        shards=shards, script=script, function={"faults": {"fail_on_record": bad}},
        esm={"batch_size": batch, "maximum_retry_attempts": retries,
             "bisect_batch_on_function_error": bisect}))
    bad_shard, bad_seq = written(trace)[bad - 1]
    first_fail = next(s for s in invokes(trace)
                      if any(r["kinesis"]["sequenceNumber"] == bad_seq for r in s.payload["Records"]))
    fence = max(int(r["kinesis"]["sequenceNumber"]) for r in first_fail.payload["Records"])
    discards = [s for s in trace if "discarded" in s.tags]
    resolved = next(s for s in discards
                    if int(s.payload["KinesisBatchInfo"]["startSequenceNumber"]) <= int(bad_seq)
                    <= int(s.payload["KinesisBatchInfo"]["endSequenceNumber"]))
    for step in invokes(trace):
        if step.index < resolved.index:
            for r in step.payload["Records"]:
                if r["eventID"].startswith(bad_shard):
                    assert int(r["kinesis"]["sequenceNumber"]) <= fence
    succeeded = [(shard, seq) for shard, seq, ok in delivered(trace) if ok]
    assert len(set(succeeded)) == len(succeeded) and in_order_per_shard(succeeded)
    dropped = {(d.payload["KinesisBatchInfo"]["shardId"], seq) for d in discards
               for _, seq in written(trace)
               if int(d.payload["KinesisBatchInfo"]["startSequenceNumber"]) <= int(seq)
               <= int(d.payload["KinesisBatchInfo"]["endSequenceNumber"])}
    dropped = {(shard, seq) for shard, seq in dropped if (shard, seq) in set(written(trace))}
    assert set(succeeded) | dropped == set(written(trace))
    assert (bad_shard, bad_seq) in dropped and (bad_shard, bad_seq) not in set(succeeded)


@st.composite
def table_writes(draw):
    """Puts, updates and deletes on a few keys, at random gaps."""
    script, at = [], 50
    for _ in range(draw(st.integers(1, 12))):
        at += draw(st.integers(0, 600))
        key = draw(st.sampled_from(("s-1", "s-2", "s-3")))
        action = draw(st.sampled_from(("put_item", "update_item", "delete_item")))
        line = {"at": f"{at}ms", "actor": "app", "action": action, "table": "sales"}
        amount = draw(st.integers(1, 3))
        if action == "put_item":
            line["item"] = {"sale_id": key, "region": "north", "amount": amount}
        else:
            line["key"] = {"sale_id": key}
        if action == "update_item":
            line["set"] = {"amount": amount}
        script.append(line)
    return script


@FAST
@given(script=table_writes(), batch=st.integers(1, 4), window=st.integers(0, 1))
def test_every_dynamodb_change_reaches_the_function_once_in_order(script, batch, window):
    """Each stream record of the table is delivered once, in stream order."""
    trace = run(table_scenario(script=script, esm={"batch_size": batch,
                                                    "maximum_batching_window_in_seconds": window}))
    stream = trace.state_at(len(trace) - 1)["sales"]["stream"]
    expected = [r["dynamodb"]["SequenceNumber"] for r in stream["recent_records"]]
    got = [seq for _, seq, ok in delivered(trace, "agg")]
    assert all(ok for _, _, ok in delivered(trace, "agg"))
    assert got == expected
