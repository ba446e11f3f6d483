"""FIFO deduplication on SendMessage (lambda-behaviour.md §14, SQSSM): a MessageDeduplicationId,
or the queue's ContentBasedDeduplication, is required; a repeat within 5 minutes is accepted with
200 but never delivered; the record carries the real MessageDeduplicationId."""

from __future__ import annotations

import hashlib

from sqs_scenarios import invokes, items_of, sqs_scenario

from app.engine.run import run


def _send(item, *, dedup=None, at="0s", group="g"):
    return {"at": at, "actor": "shop", "action": "send_message", "queue": "orders",
            "message_body": {"item": item}, **({"message_group_id": group} if group else {}),
            **({"message_deduplication_id": dedup} if dedup else {})}


def _answers(trace):
    return [s for s in trace if s.kind == "response" and s.source == "orders"]


def test_fifo_send_without_an_id_or_content_based_deduplication_is_refused_with_400():
    trace = run(sqs_scenario(queue={"fifo": True, "content_based_deduplication": False},
                             script=[_send("a")]))
    (answer,) = _answers(trace)
    assert answer.status == 400
    assert answer.payload["__type"] == "InvalidParameterValue"
    assert "ContentBasedDeduplication" in answer.payload["message"]
    assert invokes(trace) == []


def test_an_explicit_id_is_what_the_record_shows_and_a_repeat_is_accepted_but_not_delivered():
    script = [_send("a", dedup="order-1"), _send("a again", dedup="order-1", at="1s"),
              _send("b", dedup="order-2", at="2s")]
    trace = run(sqs_scenario(queue={"fifo": True}, esm={"batch_size": 1}, script=script))
    assert [a.status for a in _answers(trace)] == [200, 200, 200]
    first, repeat, _ = _answers(trace)
    assert repeat.payload["MessageId"] == first.payload["MessageId"]
    assert "not delivered" in repeat.narration
    seen = [items_of(s) for s in invokes(trace)]
    assert seen == [["a"], ["b"]]
    records = [r for s in invokes(trace) for r in s.payload["Records"]]
    assert [r["attributes"]["MessageDeduplicationId"] for r in records] == ["order-1", "order-2"]


def test_content_based_deduplication_hashes_the_body_and_drops_a_repeat_within_five_minutes():
    script = [_send("same"), _send("same", at="1s"), _send("same", at="301s")]
    trace = run(sqs_scenario(queue={"fifo": True, "content_based_deduplication": True},
                             esm={"batch_size": 1}, script=script))
    assert len(invokes(trace)) == 2  # the repeat at 1 s is dropped, the one after 5 min is not
    body = invokes(trace)[0].payload["Records"][0]["body"]
    expected = hashlib.sha256(body.encode()).hexdigest()
    assert invokes(trace)[0].payload["Records"][0]["attributes"]["MessageDeduplicationId"] == expected


def test_create_event_source_mapping_refuses_a_batching_window_on_a_fifo_queue():
    """§14 (SQSPAR): an edited scenario that slips past check is refused when the mapping is made."""
    trace = run(sqs_scenario(queue={"fifo": True}, esm={"maximum_batching_window_in_seconds": 2},
                             script=[_send("a")]))
    refused = [s for s in trace if s.kind == "error" and "CreateEventSourceMapping" in s.summary]
    assert refused and "FIFO" in refused[0].payload["message"]
    assert invokes(trace) == []


def test_a_fifo_mapping_narrates_the_message_group_bound_not_the_standard_queue_ramp():
    """§14 (SQSSC): for FIFO, concurrency is at most the number of active message groups (or
    MaximumConcurrency if lower); the 5-then-300-a-minute text is for standard queues."""
    trace = run(sqs_scenario(queue={"fifo": True}, script=[_send("a")]))
    first = next(s for s in trace if s.kind == "poll" and "empty for now" in s.summary)
    assert "message group" in first.narration and "300" not in (first.caveat or "")
    assert "message group" in first.caveat
    standard = run(sqs_scenario(script=[_send("a", group=None)]))
    first = next(s for s in standard if s.kind == "poll" and "empty for now" in s.summary)
    assert "300 more each minute" in first.caveat


def test_a_standard_queue_takes_a_message_group_id_for_fair_queues_without_fifo_attributes():
    """§14 (SQSFAIR): MessageGroupId on a standard queue names a fair queue's tenant; order is
    not kept and the record carries no FIFO SequenceNumber or MessageDeduplicationId."""
    trace = run(sqs_scenario(script=[_send("a", group="tenant-1")]))
    (answer,) = _answers(trace)
    assert answer.status == 200 and "SequenceNumber" not in answer.payload
    assert "fair" in answer.narration
    (record,) = invokes(trace)[0].payload["Records"]
    assert "SequenceNumber" not in record["attributes"]
    assert "MessageDeduplicationId" not in record["attributes"]


def test_the_fifo_handler_says_skipping_the_rest_of_a_group_is_its_choice():
    """§15 (SQSERR): the documented FIFO pattern stops at the first failure and reports it and
    everything after it; the built-in handler skips only the failed message's group (Powertools'
    skip_group_on_error style), and its log says that is a choice."""
    from sqs_scenarios import POISON, RBIF
    script = [_send("a1", group="A"), _send("poison", group="A"), _send("a3", group="A")]
    trace = run(sqs_scenario(queue={"fifo": True}, esm=RBIF, function=POISON, script=script))
    logs = [line for s in trace if s.kind == "log" for line in (s.payload or {}).get("lines", [])]
    text = " ".join(str(x) for x in logs) or " ".join(s.narration for s in trace if s.kind == "log")
    assert "skip_group_on_error" in text
    assert "stops at the first failure" in text


def _sdk(queue):
    from app.engine.run import build_services
    from app.engine.simulation import Simulation
    from app.handlers.sdk import SdkClient
    scenario = sqs_scenario(queue=queue, script=[_send("a", dedup="x")],
                            role={"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                  "managed_policies": ["AWSLambdaSQSQueueExecutionRole"],
                                  "policies": [{"action": "sqs:SendMessage", "resource": "*"}]})
    sim = Simulation(scenario)
    build_services(sim)
    session = sim.services["iam"].role_session("worker-role", "worker", node="worker")
    return sim, SdkClient(sim, "worker", session, "flow-1")


def test_function_code_sending_to_a_fifo_queue_follows_the_same_deduplication_rules():
    """§14 (SQSSM): the SDK path refuses a send without an id (no content-based deduplication),
    keeps a given id, and drops a repeat."""
    import pytest

    from app.handlers.sdk import ClientError
    sim, sdk = _sdk({"fifo": True, "content_based_deduplication": False})
    url = sim.services["sqs"].queues["orders"].url
    with pytest.raises(ClientError, match="InvalidParameterValue"):
        sdk.sqs.send_message(QueueUrl=url, MessageBody="b", MessageGroupId="g")
    first = sdk.sqs.send_message(QueueUrl=url, MessageBody="b", MessageGroupId="g",
                                 MessageDeduplicationId="d-1")
    again = sdk.sqs.send_message(QueueUrl=url, MessageBody="c", MessageGroupId="g",
                                 MessageDeduplicationId="d-1")
    assert again["MessageId"] == first["MessageId"]
    kept = [m for m in sim.services["sqs"].queues["orders"].messages if m.body in ("b", "c")]
    assert [m.deduplication_id for m in kept] == ["d-1"]
