"""Kinesis: hash-key ranges, shard choice, PutRecord with its permission, sequence numbers."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from app.engine.kinesis import HASH_SPACE, hash_key_ranges, shard_id, shard_index
from stream_scenarios import STREAM_ARN, clicks, kinesis_scenario, run


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 64])
def test_hash_ranges_are_equal_contiguous_and_cover_the_key_space(count):
    """CreateStream splits 0 … 2^128−1 into equal, touching ranges, one per shard."""
    ranges = hash_key_ranges(count)
    assert ranges[0][0] == 0 and ranges[-1][1] == HASH_SPACE - 1
    assert all(ranges[i][1] + 1 == ranges[i + 1][0] for i in range(count - 1))
    sizes = {end - start + 1 for start, end in ranges}
    assert max(sizes) - min(sizes) <= 1


def test_two_shard_ranges_match_kinesis():
    """With two shards the split is at 2^127, as Kinesis shows in DescribeStream."""
    assert hash_key_ranges(2) == [(0, 2 ** 127 - 1), (2 ** 127, 2 ** 128 - 1)]


def test_shard_is_picked_by_md5_of_the_partition_key():
    """The MD5 of the key as a 128-bit integer picks the shard whose range holds it."""
    for key in ("ana", "ben", "cho", "user-42"):
        h = int(hashlib.md5(key.encode()).hexdigest(), 16)
        assert shard_index(key, 2) == (0 if h < 2 ** 127 else 1)
        assert shard_index(key, 2) == shard_index(key, 2)


def test_partition_keys_spread_over_shards():
    """A thousand keys land roughly evenly on four shards."""
    counts = Counter(shard_index(f"user-{i}", 4) for i in range(1000))
    assert set(counts) == {0, 1, 2, 3}
    assert all(180 <= n <= 320 for n in counts.values())


def test_put_record_request_and_response():
    """PutRecord is chapter step 1; the response names the shard and a 56-digit sequence number."""
    trace = run(kinesis_scenario(shards=2, script=clicks(1, key="ana")))
    request = next(s for s in trace if s.kind == "request")
    response = trace[request.index + 1]
    assert (request.source, request.target, request.chapter_step) == ("app", "clicks", 1)
    assert request.payload["PartitionKey"] == "ana"
    assert request.permission.decision == "allow" and request.permission.action == "kinesis:PutRecord"
    assert response.kind == "response" and response.status == 200
    assert set(response.payload) == {"ShardId", "SequenceNumber"}
    assert response.payload["ShardId"] == shard_id(shard_index("ana", 2))
    seq = response.payload["SequenceNumber"]
    assert len(seq) == 56 and seq.isdigit()


def test_sequence_numbers_increase_within_a_shard():
    """Records on one shard get strictly increasing sequence numbers."""
    trace = run(kinesis_scenario(script=clicks(5, key="same")))
    seqs = [int(s.payload["SequenceNumber"]) for s in trace if s.kind == "response"]
    assert len(seqs) == 5 and seqs == sorted(seqs) and len(set(seqs)) == 5


def test_put_record_without_permission_is_denied_and_writes_nothing():
    """Without kinesis:PutRecord the request gets 400 AccessDeniedException and the shard stays empty."""
    trace = run(kinesis_scenario(script=clicks(1), app_policies=[]))
    request = next(s for s in trace if s.kind == "request")
    response = trace[request.index + 1]
    assert request.permission.decision == "deny" and "denied" in request.tags
    assert response.status == 400 and response.payload["__type"] == "AccessDeniedException"
    assert STREAM_ARN in response.payload["message"]
    shards = trace.state_at(len(trace) - 1)["clicks"]["shards"]
    assert all(shard["records"] == 0 for shard in shards.values())
    assert not [s for s in trace if s.kind == "invoke"]


def test_stream_state_counts_records_per_shard():
    """The stream's state after the writes shows how many records each shard holds."""
    trace = run(kinesis_scenario(shards=2, script=clicks(6)))
    shards = trace.state_at(len(trace) - 1)["clicks"]["shards"]
    expected = Counter(shard_id(shard_index(f"user-{n}", 2)) for n in range(1, 7))
    assert {k: v["records"] for k, v in shards.items() if v["records"]} == dict(expected)
