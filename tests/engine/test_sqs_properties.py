"""Hypothesis invariant for SQS mappings (lambda-behaviour.md §14, §15, §16): every message
ends deleted, in the queue's DLQ, or still in the queue, never lost; FIFO keeps group order."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from sqs_scenarios import orders, sqs_scenario

from app.engine.run import _schedule, build_services
from app.engine.simulation import Simulation


class _Notes:
    pending: list = []


def _play(scenario):
    sim = Simulation(scenario)
    build_services(sim)
    for stimulus in scenario.script:
        sim.env.process(_schedule(sim, stimulus, {"requests": 0}, _Notes()))
    sim.env.run(until=scenario.settings.stop_after)
    return sim


items = st.lists(st.sampled_from(["book", "pen", "poison", "spam"]), min_size=1, max_size=12)


@settings(max_examples=30, deadline=None)
@given(items=items, rbif=st.booleans(), filtered=st.booleans(), window=st.sampled_from([0, 1]),
       batch=st.integers(1, 10), max_receive=st.integers(1, 4), fifo=st.booleans(),
       stop=st.sampled_from([None, "45s", "10min"]))
def test_every_message_ends_deleted_in_the_dlq_or_still_queued(items, rbif, filtered, window, batch,
                                                               max_receive, fifo, stop):
    esm = {"batch_size": batch, "maximum_batching_window_in_seconds": window if not fifo else 0}
    if rbif:
        esm["function_response_types"] = ["ReportBatchItemFailures"]
    if filtered:
        esm["filter_criteria"] = {"filters": [{"pattern": '{"body": {"item": [{"anything-but": "spam"}]}}'}]}
    queue = {"fifo": fifo, "redrive_policy": {"dead_letter_queue": "orders-dlq",
                                              "max_receive_count": max_receive}}
    scenario = sqs_scenario(queue=queue, esm=esm, stop_after=stop,
                            function={"faults": {"fail_when": {"path": "body.item", "equals": "poison"}}},
                            script=orders(items, group="g" if fifo else None))
    sim = _play(scenario)
    sqs = sim.services["sqs"]
    sent = sqs.queues["orders"].messages
    assert len(sent) == len(items)
    dlq_ids = [m.message_id for m in sqs.queues["orders-dlq"].messages]
    for m in sent:
        assert m.state in ("deleted", "moved", "queued"), m.history
        if m.state == "moved":
            assert dlq_ids.count(m.message_id) == 1
            assert m.receive_count >= max_receive
        if m.state == "deleted":
            assert m.history.count("deleted") == 1
    assert len(dlq_ids) == sum(m.state == "moved" for m in sent)
    if stop is None:  # run to the end: nothing is left in flight
        assert not [m for m in sent if m.state == "queued"]
    if stop is None and not filtered:
        assert {m.state for m in sent if "poison" in m.body} <= {"moved"}


@settings(max_examples=20, deadline=None)
@given(items=st.lists(st.sampled_from(["a", "b", "poison"]), min_size=2, max_size=8),
       batch=st.integers(1, 10))
def test_fifo_hands_out_a_group_in_order(items, batch):
    """Per message group, the first receive of each message follows the send order."""
    scenario = sqs_scenario(queue={"fifo": True}, esm={"batch_size": batch},
                            function={"faults": {"fail_when": {"path": "body.item", "equals": "poison"}}},
                            script=orders(items, group="g"))
    sim = _play(scenario)
    sent = sim.services["sqs"].queues["orders"].messages
    firsts = [m.first_receive_ms for m in sent]
    assert firsts == sorted(firsts)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 6), visibility=st.integers(2, 20), timeout_share=st.floats(0.1, 1.0),
       batch=st.integers(1, 3))
def test_a_function_that_always_succeeds_deletes_every_message_in_the_end(n, visibility,
                                                                          timeout_share, batch):
    """Even when a run outlasts the visibility timeout (the message is received again and the
    first delete uses an old receipt handle, §14 SQSDEL), the last receive's invoke deletes it:
    no message is left behind or deleted twice."""
    duration_ms = max(1, int(visibility * 1000 * timeout_share))
    scenario = sqs_scenario(queue={"visibility_timeout": visibility, "redrive_policy": None},
                            function={"timeout": visibility, "duration": f"{duration_ms}ms",
                                      },
                            esm={"batch_size": batch}, script=orders(["book"] * n))
    sim = _play(scenario)
    messages = sim.services["sqs"].queues["orders"].messages
    assert len(messages) == n
    assert all(m.state == "deleted" for m in messages)
    assert all(m.history.count("deleted") == 1 and m.working == 0 for m in messages)
