"""Event source mappings: Lambda polls, batches, invokes synchronously, checkpoints, retries
and blocks the shard (lambda-behaviour.md §5, §6, §11)."""

from __future__ import annotations

import json

import pytest

from app.scenario.loader import load_scenario_text
from stream_scenarios import (STREAM_ARN, clicks, data_of, delivered, invokes, kinesis_scenario,
                              put, run, table_scenario)

SQS = {"dlq": {"type": "sqs_queue"}}
SQS_WRITE = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
             "managed_policies": ["AWSLambdaKinesisExecutionRole"],
             "policies": [{"action": "sqs:SendMessage", "resource": "*"}]}


def numbers(trace, function="count") -> list[list[int]]:
    """The click numbers (data.n) in each invoke's batch, in invoke order."""
    return [[int(data_of(r)["n"]) for r in s.payload["Records"]] for s in invokes(trace, function)]


def test_polls_read_with_the_execution_role_and_invoke_without_a_function_policy():
    """The poll is checked against the role (GetRecords); the invoke needs no resource-based policy."""
    trace = run(kinesis_scenario(script=clicks(2)))
    polls = [s for s in trace if s.kind == "poll"]
    assert polls and all(p.source == "lambda" and p.target == "clicks" for p in polls)
    assert polls[-1].permission.action == "kinesis:GetRecords"
    assert polls[-1].permission.decision == "allow"
    assert "role/count-role" in polls[-1].permission.principal or "count-role" in polls[-1].permission.principal
    assert invokes(trace) and not [s for s in trace if s.kind == "permission-check"]
    assert "no permission" in polls[-1].narration


def test_without_read_rights_the_poll_is_denied_and_nothing_is_invoked():
    """A role lacking the Kinesis read actions: a loud denied poll, no invoke at all."""
    role = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
            "managed_policies": ["AWSLambdaBasicExecutionRole"]}
    trace = run(kinesis_scenario(role=role, script=clicks(3)))
    denied = [s for s in trace if s.kind == "poll" and "denied" in s.tags]
    assert len(denied) == 1
    assert denied[0].permission.decision == "deny"
    assert denied[0].permission.action.startswith("kinesis:")
    assert "PROBLEM" in denied[0].caveat
    assert not invokes(trace)


def test_dynamodb_read_rights_are_checked_on_the_stream_arn():
    """DynamoDB pollers check dynamodb:GetRecords on the stream ARN; with the Kinesis policy they fail."""
    ok = run(table_scenario(esm={}))
    poll = [s for s in ok if s.kind == "poll"][-1]
    assert poll.permission.action == "dynamodb:GetRecords" and "/stream/" in poll.permission.resource
    wrong = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
             "managed_policies": ["AWSLambdaKinesisExecutionRole"]}
    denied = run(table_scenario(esm={}, role=wrong))
    assert [s for s in denied if s.kind == "poll" and "denied" in s.tags]
    assert not invokes(denied, "agg")


def test_batch_size_sets_the_number_of_invocations():
    """Ten waiting records: BatchSize 10 gives one invoke, BatchSize 1 gives ten."""
    script = clicks(10, start_ms=10, every_ms=10, key="k")
    big = run(kinesis_scenario(esm={"batch_size": 10}, script=script))
    small = run(kinesis_scenario(esm={"batch_size": 1}, script=script))
    assert numbers(big) == [list(range(1, 11))]
    assert numbers(small) == [[n] for n in range(1, 11)]


def test_kinesis_polls_once_a_second_and_dynamodb_four_times():
    """First invoke after a write at 100 ms: at the 1 s poll for Kinesis, the 250 ms poll for DynamoDB."""
    kinesis = run(kinesis_scenario(script=clicks(1)))
    table = run(table_scenario(esm={}))
    assert invokes(kinesis)[0].time_ms == 1000
    assert invokes(table, "agg")[0].time_ms == 250


def test_batching_window_delays_the_invoke():
    """With a 2 s window and a batch that never fills, the invoke waits for the window to end."""
    without = run(kinesis_scenario(script=clicks(2)))
    window = run(kinesis_scenario(esm={"maximum_batching_window_in_seconds": 2}, script=clicks(2)))
    assert invokes(without)[0].time_ms == 1000
    assert invokes(window)[0].time_ms == 3000  # window opened at the 1 s poll
    batch = next(s for s in window if s.kind == "batch")
    assert "window over" in batch.summary


def test_batching_window_closes_early_when_the_batch_is_full():
    """A full batch is invoked at once, before the window ends."""
    trace = run(table_scenario(esm={"batch_size": 2, "maximum_batching_window_in_seconds": 5},
                               script=[put(100, "s-1", "n", 1), put(400, "s-2", "n", 2)]))
    assert invokes(trace, "agg")[0].time_ms == 400
    assert "batch full" in next(s for s in trace if s.kind == "batch").summary


def test_at_timestamp_skips_older_kinesis_records():
    """AT_TIMESTAMP reads only records that arrived at or after the timestamp."""
    trace = run(kinesis_scenario(esm={"starting_position": "AT_TIMESTAMP",
                                      "starting_position_timestamp": "300ms"},
                                 script=clicks(5, key="k")))
    assert sum(numbers(trace), []) == [3, 4, 5]  # written at 100, 200, … 500 ms: 3 is at 300


def test_latest_skips_records_written_before_the_mapping_exists():
    """LATEST starts after the last record present when the mapping was created; TRIM_HORIZON reads all."""
    latest = run(kinesis_scenario(esm={"starting_position": "LATEST", "created_at": "250ms"},
                                  script=clicks(4, key="k")))
    horizon = run(kinesis_scenario(esm={"created_at": "250ms"}, script=clicks(4, key="k")))
    assert sum(numbers(latest), []) == [3, 4]
    assert sum(numbers(horizon), []) == [1, 2, 3, 4]


def test_at_timestamp_is_refused_for_dynamodb():
    """CreateEventSourceMapping refuses AT_TIMESTAMP on a DynamoDB stream: nothing polls."""
    trace = run(table_scenario(esm={"starting_position": "AT_TIMESTAMP",
                                    "starting_position_timestamp": 0}))
    error = next(s for s in trace if s.kind == "error")
    assert error.payload["__type"] == "InvalidParameterValueException"
    assert "AT_TIMESTAMP" in error.payload["message"]
    assert not [s for s in trace if s.kind == "poll"] and not invokes(trace, "agg")


def test_checkpoint_follows_each_successful_batch():
    """After each successful invoke Lambda checkpoints the shard at the batch's last record."""
    trace = run(kinesis_scenario(esm={"batch_size": 2}, script=clicks(3, key="k")))
    checkpoints = [s for s in trace if s.kind == "checkpoint"]
    batches = [s.payload["Records"] for s in invokes(trace)]
    assert [c.payload["SequenceNumber"] for c in checkpoints] == [
        b[-1]["kinesis"]["sequenceNumber"] for b in batches]
    state = trace.state_at(checkpoints[-1].index)["lambda"]["event_source_mapping:esm"]
    assert state["shards"]["shardId-000000000000"]["checkpoint"] == checkpoints[-1].payload["SequenceNumber"]
    assert trace.state_at(checkpoints[-1].index)["clicks"]["iterators"]["esm/shardId-000000000000"][
        "checkpoint"] == checkpoints[-1].payload["SequenceNumber"]


def test_failing_record_blocks_its_shard_then_goes_to_on_failure():
    """Record 2 fails: its batch is tried 1 + 2 times, later records wait, then the batch goes to the DLQ."""
    trace = run(kinesis_scenario(
        esm={"batch_size": 1, "maximum_retry_attempts": 2, "on_failure": "dlq"},
        function={"faults": {"fail_on_record": 2}}, role=SQS_WRITE, extra=SQS,
        script=clicks(4, key="k")))
    assert numbers(trace) == [[1], [2], [2], [2], [3], [4]]
    destination = next(s for s in trace if s.kind == "destination")
    last_try_of_2 = invokes(trace)[3]
    assert destination.index > last_try_of_2.index
    assert all(s.index > destination.index for s in invokes(trace)[4:])  # 3 waited for the discard
    assert [s for s in trace if s.kind == "retry"].__len__() == 2
    info = destination.payload["KinesisBatchInfo"]
    seq2 = invokes(trace)[1].payload["Records"][0]["kinesis"]["sequenceNumber"]
    assert info["startSequenceNumber"] == info["endSequenceNumber"] == seq2
    assert info["batchSize"] == 1 and info["streamArn"] == STREAM_ARN
    assert info["shardId"] == "shardId-000000000000"
    context = destination.payload["requestContext"]
    assert context["condition"] == "RetryAttemptsExhausted" and context["approximateInvokeCount"] == 3
    assert destination.payload["responseContext"]["functionError"] == "Unhandled"
    queued = trace.state_at(destination.index)["dlq"]["messages"]
    assert json.loads(queued[-1]["Body"]) == destination.payload


def test_discard_without_destination_is_loud():
    """With no on_failure, a discarded batch is an error step that says the records are dropped."""
    trace = run(kinesis_scenario(esm={"batch_size": 1, "maximum_retry_attempts": 0},
                                 function={"faults": {"fail_on_record": 1}}, script=clicks(2, key="k")))
    dropped = next(s for s in trace if s.kind == "error" and "discarded" in s.tags)
    assert "dropped" in dropped.narration
    assert numbers(trace) == [[1], [2]]


@pytest.mark.parametrize("limit, words", [(1, "after 1 retry "), (2, "after 2 retries ")])
def test_discard_narration_counts_retries_in_good_english(limit, words):
    """'after 1 retry', 'after 2 retries': the count and the noun agree."""
    trace = run(kinesis_scenario(esm={"batch_size": 1, "maximum_retry_attempts": limit},
                                 function={"faults": {"fail_on_record": 1}}, script=clicks(1, key="k")))
    dropped = next(s for s in trace if "discarded" in s.tags)
    assert words in dropped.narration and "1 retries" not in dropped.narration


def test_bisect_isolates_the_bad_record_without_using_retries():
    """Batch 1-4 with bad record 3: split to 1-2 (ok) and 3-4, then 3 alone is retried and discarded."""
    trace = run(kinesis_scenario(
        esm={"batch_size": 4, "bisect_batch_on_function_error": True, "maximum_retry_attempts": 1,
             "on_failure": "dlq"},
        function={"faults": {"fail_on_record": 3}}, role=SQS_WRITE, extra=SQS,
        script=clicks(4, start_ms=10, every_ms=10, key="k")))
    assert numbers(trace) == [[1, 2, 3, 4], [1, 2], [3, 4], [3], [3], [4]]
    retries = [s for s in trace if s.kind == "retry"]
    assert ["bisect" in s.tags for s in retries] == [True, True, False]
    destination = next(s for s in trace if s.kind == "destination")
    assert destination.payload["KinesisBatchInfo"]["batchSize"] == 1
    assert destination.payload["requestContext"]["approximateInvokeCount"] == 2


def test_dynamodb_on_failure_record_has_ddb_batch_info():
    """A discarded DynamoDB batch is described by DDBStreamBatchInfo with the stream ARN."""
    role = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
            "managed_policies": ["AWSLambdaDynamoDBExecutionRole"],
            "policies": [{"action": "sns:Publish", "resource": "*"}]}
    trace = run(table_scenario(esm={"maximum_retry_attempts": 0, "on_failure": "alerts"},
                               function={"faults": {"fail": "always"}}, role=role,
                               extra={"alerts": {"type": "sns_topic"}}))
    destination = next(s for s in trace if s.kind == "destination")
    info = destination.payload["DDBStreamBatchInfo"]
    assert set(info) == {"shardId", "startSequenceNumber", "endSequenceNumber",
                         "approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord",
                         "batchSize", "streamArn"}
    assert "/stream/" in info["streamArn"] and info["batchSize"] == 1


def test_destination_needs_the_role_to_send():
    """Without sqs:SendMessage in the role, the on-failure record is lost, loudly."""
    trace = run(kinesis_scenario(esm={"maximum_retry_attempts": 0, "on_failure": "dlq"},
                                 function={"faults": {"fail": "always"}}, extra=SQS,
                                 script=clicks(1)))
    lost = next(s for s in trace if s.kind == "error" and "discarded" in s.tags)
    assert lost.permission.decision == "deny" and lost.permission.action == "sqs:SendMessage"
    assert not [s for s in trace if s.kind == "destination"]
    # §13 A3b (MET): DestinationDeliveryFailures covers stream mappings too
    assert "DestinationDeliveryFailures" in lost.summary and "DestinationDeliveryFailures" in lost.narration


def test_default_infinite_retries_fast_forward_to_expiry():
    """An always-failing function with default settings: a few retries, then a not-simulated
    block until expiry; only then does the record written at 5 s reach the function (KOF)."""
    trace = run(kinesis_scenario(function={"faults": {"fail": "always"}},
                                 script=clicks(1) + [{"at": "5s", "actor": "app", "action": "put_record",
                                                      "stream": "clicks", "partition_key": "user-1",
                                                      "data": {"n": "9", "page": "/late"}}]))
    block = next(s for s in trace if s.kind == "not-simulated")
    assert "2026-01-02T00:00:00.100Z" in block.summary  # written at 100 ms, kept 24 h
    assert block.caveat
    assert len([s for s in trace if s.kind == "retry" and s.index < block.index]) == 3
    expired = next(s for s in trace if "expired" in s.tags and "discarded" in s.tags)
    assert all(data_of(r)["n"] == "1" for s in invokes(trace) if s.index < expired.index
               for r in s.payload["Records"])
    assert all(data_of(r)["n"] == "9" for s in invokes(trace) if s.index > expired.index
               for r in s.payload["Records"])


def test_maximum_record_age_discards_after_a_fast_forward():
    """Infinite retries but a 60 s maximum age: the batch is discarded for its age, then the shard moves on."""
    late = {"at": "30s", "actor": "app", "action": "put_record", "stream": "clicks",
            "partition_key": "k", "data": {"n": "2", "page": "/late"}}
    trace = run(kinesis_scenario(esm={"maximum_record_age_in_seconds": 60},
                                 function={"faults": {"fail_on_record": 1}},
                                 script=clicks(1, key="k") + [late]))
    dropped = next(s for s in trace if "discarded" in s.tags)
    assert dropped.payload["requestContext"]["condition"] == "RecordAgeExceeded"
    assert dropped.time_ms == 60_100  # written at 100 ms: discarded at exactly 60 s old (§5 KP)
    assert next(s for s in trace if s.kind == "not-simulated").index < dropped.index
    assert numbers(trace)[-1] == [2] and invokes(trace)[-1].index > dropped.index
    assert all(numbers(trace)[i] == [1] for i in range(len(invokes(trace)) - 1))


def test_throttled_invokes_are_retried_without_counting_as_retries():
    """Reserved concurrency 0: throttles are retried until the records expire, ignoring MaximumRetryAttempts."""
    trace = run(kinesis_scenario(esm={"maximum_retry_attempts": 1},
                                 function={"reserved_concurrent_executions": 0}, script=clicks(1)))
    retries = [s for s in trace if s.kind == "retry"]
    assert len(retries) == 3 and all("throttled" in s.tags for s in retries)
    # MaximumRetryAttempts 1 never discards it: only its expiry, 24 h after it was written
    assert [s.time_ms for s in trace if "discarded" in s.tags] == [86_400_100]
    assert not [s for s in trace if s.kind == "destination"]
    assert "expire" in next(s for s in trace if s.kind == "not-simulated").narration


def test_parallelization_factor_says_how_the_shard_is_split():
    """ParallelizationFactor above 1 is simulated (test_parallelization_factor.py); the first
    poll's caveat says that the split into lanes is LambdaScope's, not AWS's (§17)."""
    trace = run(kinesis_scenario(esm={"parallelization_factor": 4}))
    first_poll = next(s for s in trace if s.kind == "poll")
    assert "not simulated" not in first_poll.caveat
    assert "AWS does not document how Lambda splits a shard" in first_poll.caveat


def test_each_shard_has_its_own_poller():
    """Two shards: records of one shard are never batched with the other's."""
    trace = run(kinesis_scenario(shards=2, script=clicks(8, every_ms=50)))
    for step in invokes(trace):
        assert len({r["eventID"].split(":")[0] for r in step.payload["Records"]}) == 1
    assert len({s.target for s in trace if s.kind == "poll"}) == 1  # both shards are nodes of clicks
    assert len([s for s in trace if s.kind == "poll" and "no records" in s.summary]) == 2


def test_event_has_the_mapping_role_and_stream_arn():
    """The Kinesis event's invokeIdentityArn is the execution role; eventSourceARN the stream."""
    trace = run(kinesis_scenario(script=clicks(1)))
    record = invokes(trace)[0].payload["Records"][0]
    assert record["invokeIdentityArn"] == "arn:aws:iam::123456789012:role/count-role"
    assert record["eventSourceARN"] == STREAM_ARN
    assert data_of(record) == {"n": "1", "page": "/home"}


def test_loader_refuses_at_timestamp_on_a_dynamodb_stream():
    """The scenario loader already rejects AT_TIMESTAMP on a table's stream, naming the field."""
    text = """
title: t
teaches: pull
summary: s
resources:
  app: {type: actor, kind: custom_app}
  sales: {type: dynamodb_table, stream: {view_type: NEW_IMAGE}}
  r: {type: iam_role, trusts: lambda.amazonaws.com}
  f: {type: function, handler: builtin.stream_metrics, role: r}
  m: {type: event_source_mapping, source: sales, function: f, starting_position: AT_TIMESTAMP,
      starting_position_timestamp: 1}
script:
  - {at: 0, actor: app, action: put_item, table: sales, item: {id: a}}
"""
    with pytest.raises(Exception) as caught:
        load_scenario_text(text)
    assert "AT_TIMESTAMP" in str(caught.value) or any(
        "AT_TIMESTAMP" in str(p) for p in getattr(caught.value, "problems", ()))


def test_disabled_mapping_does_not_poll():
    """A disabled mapping says so once and never polls or invokes."""
    trace = run(kinesis_scenario(esm={"enabled": False}))
    assert [s.summary for s in trace if s.kind == "poll"] == ["mapping esm is disabled"]
    assert not invokes(trace)


def test_lambda_catches_up_without_waiting_for_the_next_poll():
    """Five waiting records, BatchSize 2: the next batches follow each invoke at once, not a second later."""
    trace = run(kinesis_scenario(esm={"batch_size": 2},
                                 script=clicks(5, start_ms=10, every_ms=10, key="k")))
    steps = invokes(trace)
    assert numbers(trace) == [[1, 2], [3, 4], [5]]
    assert all(later.time_ms < 2000 for later in steps[1:])  # all before the 2 s poll
    checkpoints = [s for s in trace if s.kind == "checkpoint"]
    assert [s.time_ms for s in steps[1:]] == [c.time_ms for c in checkpoints[:-1]]


def test_mapping_assumes_the_execution_role_once_before_its_first_poll():
    """Two shards, one mapping: one assume-role step (lambda → role, trust allowed) comes before
    any poll, and the polls sign with that role's session (§5; §6 KIN)."""
    trace = run(kinesis_scenario(shards=2, script=clicks(4, every_ms=50)))
    assumes = [s for s in trace if s.kind == "assume-role" and s.flow is None]
    assert len(assumes) == 1
    assume = assumes[0]
    assert (assume.source, assume.target) == ("lambda", "count-role")
    assert assume.permission.decision == "allow" and assume.permission.action == "sts:AssumeRole"
    assert "the event source mapping reads the stream with the function's execution role" \
        in assume.narration
    polls = [s for s in trace if s.kind == "poll"]
    assert assume.index < polls[0].index
    assert all("assumed-role/count-role/" in p.permission.principal for p in polls if p.permission)


def test_mapping_whose_role_does_not_trust_lambda_never_polls():
    """A role that trusts only S3: the mapping's assume-role is denied, nothing is polled or invoked."""
    role = {"type": "iam_role", "trusts": "s3.amazonaws.com",
            "managed_policies": ["AWSLambdaKinesisExecutionRole"]}
    trace = run(kinesis_scenario(role=role, script=clicks(2)))
    assume = next(s for s in trace if s.kind == "assume-role")
    assert assume.permission.decision == "deny" and "denied" in assume.tags
    assert not [s for s in trace if s.kind == "poll"] and not invokes(trace)
