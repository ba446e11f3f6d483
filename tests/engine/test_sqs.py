"""SQS as an event source (lambda-behaviour.md §14): long polling, batches, delete on success,
visibility timeout, receive counts, the redrive to the queue's DLQ, FIFO order, scaling."""

from __future__ import annotations

import hashlib
import json

from sqs_scenarios import POISON, QUEUE_ARN, RBIF, WINDOW, invokes, items_of, orders, sqs_scenario

from app.engine.run import build_services, run
from app.engine.simulation import Simulation


def _sim(scenario):
    sim = Simulation(scenario)
    build_services(sim)
    from app.engine.run import _schedule  # noqa: PLC0415  (the run loop's own scheduler)
    stats = {"requests": 0}

    class _Notes:
        pending: list = []
    for stimulus in scenario.script:
        sim.env.process(_schedule(sim, stimulus, stats, _Notes()))
    sim.env.run()
    return sim


def test_record_has_the_documented_fields_in_order():
    """§14 (SQS22, GOEV): the SQS record, field by field; attribute values are strings."""
    trace = run(sqs_scenario(esm=WINDOW, script=[
        {"at": "0s", "actor": "shop", "action": "send_message", "queue": "orders",
         "message_body": "hello", "message_attributes": {"kind": "greeting"}}]))
    record = invokes(trace)[0].payload["Records"][0]
    assert list(record) == ["messageId", "receiptHandle", "body", "attributes", "messageAttributes",
                            "md5OfMessageAttributes", "md5OfBody", "eventSource", "eventSourceARN",
                            "awsRegion"]
    assert record["body"] == "hello"
    assert record["md5OfBody"] == hashlib.md5(b"hello").hexdigest()
    assert record["eventSource"] == "aws:sqs" and record["eventSourceARN"] == QUEUE_ARN
    assert record["awsRegion"] == "us-east-1"
    attrs = record["attributes"]
    assert list(attrs) == ["ApproximateReceiveCount", "SentTimestamp", "SenderId",
                           "ApproximateFirstReceiveTimestamp"]
    assert attrs["ApproximateReceiveCount"] == "1" and all(isinstance(v, str) for v in attrs.values())
    assert attrs["SenderId"].startswith("AIDA")
    assert record["messageAttributes"] == {"kind": {"stringValue": "greeting", "stringListValues": [],
                                                    "binaryListValues": [], "dataType": "String"}}
    assert record["receiptHandle"].startswith("AQEB")


def test_success_deletes_the_batch():
    trace = run(sqs_scenario(esm=WINDOW, script=orders(["a", "b", "c"])))
    assert [items_of(s) for s in invokes(trace)] == [["a", "b", "c"]]
    deletes = [s for s in trace if s.kind == "dequeue"]
    assert len(deletes) == 1 and len(deletes[0].payload["Entries"]) == 3
    final = trace.state_at(len(trace.steps) - 1)["orders"]
    assert final["ApproximateNumberOfMessages"] == 0 and final["message_count"] == 0


def test_failed_batch_comes_back_after_visibility_timeout_then_goes_to_the_dlq():
    """§14 (SQSERR): the whole batch reappears after 30 s with its receive count +1; after
    maxReceiveCount (3) SQS moves the messages to the queue's DLQ."""
    trace = run(sqs_scenario(esm=WINDOW, function=POISON))
    runs = invokes(trace)
    assert len(runs) == 3
    assert [int(r["attributes"]["ApproximateReceiveCount"]) for r in runs[2].payload["Records"]] == [3, 3, 3]
    gaps = [b.time_ms - a.time_ms for a, b in zip(runs, runs[1:])]
    assert all(29_000 <= g <= 31_000 for g in gaps)
    moved = [s for s in trace if s.kind == "dead-letter"]
    assert len(moved) == 3 and {s.source for s in moved} == {"orders"}
    assert {s.target for s in moved} == {"orders-dlq"}
    final = trace.state_at(len(trace.steps) - 1)
    assert final["orders-dlq"]["ApproximateNumberOfMessages"] == 3
    assert final["orders"]["message_count"] == 0


def test_partial_batch_response_deletes_the_others_and_only_the_poison_goes_to_the_dlq():
    """§15 (SQSERR): with ReportBatchItemFailures only the reported message stays."""
    trace = run(sqs_scenario(esm={**WINDOW, **RBIF}, function=POISON))
    runs = invokes(trace)
    assert [items_of(s) for s in runs] == [["book", "poison", "pen"], ["poison"], ["poison"]]
    results = [s for s in trace if s.kind == "result" and s.source == "worker"]
    failures = results[0].payload["batchItemFailures"]
    assert failures == [{"itemIdentifier": runs[0].payload["Records"][1]["messageId"]}]
    assert [s.payload["Body"] for s in trace if s.kind == "dead-letter"] == [
        json.dumps({"order": 2, "item": "poison"}, separators=(",", ":"))]


def test_unknown_item_identifier_fails_the_whole_batch():
    """§15 (SQSERR): an id not in the batch counts as a full failure."""
    from app.engine.batch_items import read_item_failures
    bad = read_item_failures({"batchItemFailures": [{"itemIdentifier": "nope"}]}, ["a", "b"])
    assert bad.whole_batch and "not a message of this batch" in bad.reason
    assert read_item_failures({"batchItemFailures": [{"itemIdentifer": "a"}]}, ["a"]).whole_batch
    assert read_item_failures({"batchItemFailures": [{"itemIdentifier": ""}]}, ["a"]).whole_batch
    assert read_item_failures({"batchItemFailures": []}, ["a"]).ok
    assert read_item_failures(None, ["a"]).ok
    assert read_item_failures({"batchItemFailures": [{"itemIdentifier": "b"}]}, ["a", "b"]).failed == ["b"]


def test_without_rbif_a_returned_list_is_ignored():
    """§15 (BOTOM): the response counts only when the mapping enables it; fail_when then fails
    the whole batch instead."""
    trace = run(sqs_scenario(esm=WINDOW, function=POISON))
    first = [s for s in trace if s.kind == "result" and s.source == "worker"][0]
    assert "function-error" in first.tags


def test_fifo_keeps_order_per_group_and_holds_the_group_while_a_message_is_in_flight():
    """§14 (SQSSC): a failing message of group A blocks the rest of A until it leaves; group B
    goes on."""
    script = orders(["a1", "poison", "a3"], group="A") + [
        {"at": "0s", "actor": "shop", "action": "send_message", "queue": "orders",
         "message_body": {"order": 9, "item": "b1"}, "message_group_id": "B"}]
    trace = run(sqs_scenario(queue={"fifo": True}, esm={"batch_size": 1}, function=POISON,
                             script=script))
    seen = [items_of(s)[0] for s in invokes(trace)]
    assert seen.index("a1") < seen.index("poison")
    assert "a3" in seen and seen.index("a3") > max(i for i, x in enumerate(seen) if x == "poison")
    assert seen.index("b1") < seen.index("a3")
    records = [r for s in invokes(trace) for r in s.payload["Records"]]
    assert all(r["attributes"]["MessageGroupId"] in ("A", "B") for r in records)
    assert all("SequenceNumber" in r["attributes"] for r in records)


def test_visibility_timeout_shorter_than_function_timeout_is_refused_at_create():
    """§14 (SQSVT): Lambda's own words."""
    trace = run(sqs_scenario(queue={"visibility_timeout": 5}))
    refused = [s for s in trace if s.kind == "error" and "CreateEventSourceMapping" in s.summary]
    assert refused and ("Queue visibility timeout: 5 seconds is less than Function timeout: 10 seconds"
                        in refused[0].payload["message"])
    assert invokes(trace) == []


def test_role_without_sqs_rights_is_denied_and_nothing_is_invoked():
    role = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
            "policies": [{"action": ["sqs:ReceiveMessage", "sqs:GetQueueAttributes"], "resource": "*"}]}
    trace = run(sqs_scenario(role=role))
    denied = [s for s in trace if s.kind == "poll" and "denied" in s.tags]
    assert denied and denied[0].permission.action == "sqs:DeleteMessage"
    assert invokes(trace) == []


def test_scaling_starts_at_five_batches_and_maximum_concurrency_caps_it():
    """§14 (SQSSC): 5 batches at once to begin with; MaximumConcurrency lowers the cap."""
    many = orders([f"x{i}" for i in range(40)])
    slow = {"duration": "2s"}
    def peak(trace):
        return max(v.get("ConcurrentBatches", 0) for v in (
            trace.state_at(i)["lambda"].get("event_source_mapping:esm", {}) for i in range(len(trace.steps))))
    assert peak(run(sqs_scenario(esm={"batch_size": 1}, function=slow, script=many))) == 5
    capped = run(sqs_scenario(esm={"batch_size": 1, "scaling_config": {"maximum_concurrency": 2}},
                              function=slow, script=many))
    assert peak(capped) == 2


def test_delay_seconds_hides_a_new_message():
    script = [{"at": "0s", "actor": "shop", "action": "send_message", "queue": "orders",
               "message_body": "later", "delay_seconds": 5}]
    trace = run(sqs_scenario(script=script))
    assert invokes(trace)[0].time_ms >= 5000


def test_messages_sent_by_lambda_to_a_dlq_are_kept_in_the_queue_state():
    sim = _sim(sqs_scenario(esm=WINDOW, function=POISON))
    dlq = sim.services["sqs"].queues["orders-dlq"]
    assert [m.state for m in dlq.messages] == ["queued"] * 3
    assert all(m.history[-1] == "moved to orders-dlq" for m in sim.services["sqs"].queues["orders"].messages)


def test_what_if_switches_for_a_queue_mapping_apply_and_change_the_run():
    """The lab offers RBIF, visibility timeout and max receive count for a queue's mapping."""
    from app.lab.switches import switches_for
    scenario = sqs_scenario(esm=WINDOW, function=POISON)
    switches = {s.id: s for s in switches_for(scenario)}
    rbif = switches["knob:esm:report_batch_item_failures"]
    assert rbif.current is False and "batchItemFailures" in rbif.prediction
    assert switches["knob:orders:visibility_timeout"].current == 30
    assert switches["knob:orders:max_receive_count"].current == 3
    from app.lab.edits import apply_edits
    edited = apply_edits(scenario, list(rbif.edits))
    assert edited.resources["esm"].report_batch_item_failures
    trace = run(edited)
    assert [items_of(s) for s in invokes(trace)][0] == ["book", "poison", "pen"]
    assert len([s for s in trace if s.kind == "dead-letter"]) == 1


def test_fifo_with_partial_batch_responses_reports_the_rest_of_the_group_after_a_failure():
    """§15 (SQSERR): on FIFO, stop at the first failure and return it and the unprocessed
    messages of its group; the other group's messages are deleted."""
    script = orders(["a1", "poison", "a3"], group="A") + [
        {"at": "0s", "actor": "shop", "action": "send_message", "queue": "orders",
         "message_body": {"order": 9, "item": "b1"}, "message_group_id": "B"}]
    trace = run(sqs_scenario(queue={"fifo": True}, esm=RBIF, function=POISON, script=script))
    first = invokes(trace)[0]
    assert items_of(first) == ["a1", "poison", "a3", "b1"]
    result = [s for s in trace if s.kind == "result" and s.source == "worker"][0]
    ids = [r["messageId"] for r in first.payload["Records"]]
    assert result.payload["batchItemFailures"] == [{"itemIdentifier": i} for i in ids[1:3]]
    later = [items_of(s) for s in invokes(trace)[1:]]
    assert later[0] == ["poison", "a3"]  # the group comes back in order


def test_queue_policy_can_let_a_sender_in_that_its_identity_policy_does_not():
    """The queue policy (`permissions`) is a resource-based policy: naming the sender's ARN
    allows it without an identity policy; without either the send is refused."""
    script = orders(["a"])
    closed = sqs_scenario(script=script, extra={"shop": {"type": "actor", "kind": "custom_app"}})
    trace = run(closed)
    assert [s.status for s in trace if s.kind == "response" and s.source == "orders"] == [403]
    assert invokes(trace) == []
    policy = [{"sid": "ShopSends", "principal": "arn:aws:iam::123456789012:user/shop"}]
    opened = sqs_scenario(script=script, queue={"permissions": policy},
                          extra={"shop": {"type": "actor", "kind": "custom_app"}})
    trace = run(opened)
    send = [s for s in trace if s.kind == "request" and s.target == "orders"][0]
    assert send.permission.decision == "allow" and send.permission.policy == "queue policy of orders"
    assert len(invokes(trace)) == 1


def test_poller_limit_grows_300_a_minute_from_5_to_1250_while_the_queue_stays_busy():
    """§14 (SQSSC): 5 at first, up to 300 more a minute, at most 1,250 (or MaximumConcurrency)."""
    from app.engine.sqs_poller import QueuePoller
    sim = _sim(sqs_scenario(script=orders(["a"])))
    poller = QueuePoller(sim.services["event_source_mappings"].mappings["esm"])
    assert poller.limit() == 5
    poller.busy_since = sim.now - 60_000
    assert poller.limit() == 305
    poller.busy_since = sim.now - 10 * 60_000
    assert poller.limit() == 1250
    capped = _sim(sqs_scenario(esm={"scaling_config": {"maximum_concurrency": 40}}, script=orders(["a"])))
    poller = QueuePoller(capped.services["event_source_mappings"].mappings["esm"])
    poller.busy_since = capped.now - 60_000
    assert poller.limit() == 40


def test_function_code_sending_with_the_sdk_lands_in_the_real_queue():
    """context.sdk.sqs.send_message puts a message that the queue's mapping then delivers;
    MessageGroupId and DelaySeconds are kept."""
    from app.handlers.sdk import SdkClient
    scenario = sqs_scenario(queue={"fifo": True}, script=orders(["a"], group="g"),
                            role={"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                  "managed_policies": ["AWSLambdaSQSQueueExecutionRole"],
                                  "policies": [{"action": "sqs:SendMessage", "resource": "*"}]})
    sim = Simulation(scenario)
    build_services(sim)
    session = sim.services["iam"].role_session("worker-role", "worker", node="worker")
    sdk = SdkClient(sim, "worker", session, "flow-1")
    sent = sdk.sqs.send_message(QueueUrl=sim.services["sqs"].queues["orders"].url,
                                MessageBody="from code", MessageGroupId="g2", DelaySeconds=0)
    sim.env.run()
    message = sim.services["sqs"].queues["orders"].messages[0]
    assert message.message_id == sent["MessageId"] and message.group_id == "g2"
    assert message.sender_id.startswith("AROA") and message.state == "deleted"


def test_maximum_concurrency_switch_caps_the_batches():
    from app.lab.edits import apply_edits
    from app.lab.switches import switches_for
    many = orders([f"x{i}" for i in range(20)])
    scenario = sqs_scenario(esm={"batch_size": 1}, function={"duration": "2s"}, script=many)
    switch = {s.id: s for s in switches_for(scenario)}["knob:esm:maximum_concurrency"]
    assert switch.current is None
    edited = apply_edits(scenario, list(switch.edits_for(2)))
    trace = run(edited)
    peak = max(trace.state_at(i)["lambda"]["event_source_mapping:esm"].get("ConcurrentBatches", 0)
               for i in range(len(trace.steps)))
    assert peak == 2
