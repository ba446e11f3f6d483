"""`check` refuses every misuse of SQS queues, queue mappings and filters that AWS refuses
(lambda-behaviour.md §14, §15, §16)."""

from __future__ import annotations

import pytest

from app.scenario.loader import load_scenario_text

BASE = """\
title: q
teaches: pull
summary: s
resources:
  shop:
    type: actor
    kind: custom_app
  orders:
    type: sqs_queue
{queue}
  orders-dlq:
    type: sqs_queue
{dlq}
  role:
    type: iam_role
    trusts: lambda.amazonaws.com
    managed_policies: [AWSLambdaSQSQueueExecutionRole]
  worker:
    type: function
    handler: builtin.work
    role: role
    timeout: {timeout}
  esm:
    type: event_source_mapping
    source: orders
    function: worker
{esm}
script:
  - {{at: 0s, actor: shop, action: send_message, queue: orders, message_body: hi{send}}}
"""


def text(queue="    visibility_timeout: 30", dlq="", timeout=3, esm="", send=""):
    """BASE filled in; a queue made FIFO gets the `.fifo` name SQS requires (§14, SQSQF)."""
    body = BASE.format(queue=queue, dlq=dlq, timeout=timeout, esm=esm, send=send)
    if "fifo: true" in queue:
        body = (body.replace("  orders:\n", "  orders.fifo:\n")
                .replace("source: orders\n", "source: orders.fifo\n")
                .replace("queue: orders,", "queue: orders.fifo,"))
    if "fifo: true" in dlq:
        body = (body.replace("  orders-dlq:\n", "  orders-dlq.fifo:\n")
                .replace("dead_letter_queue: orders-dlq", "dead_letter_queue: orders-dlq.fifo"))
    return body


def test_a_plain_queue_mapping_loads():
    scenario = load_scenario_text(text(), "s.yaml")
    assert scenario.resources["esm"].batch_size is None  # 10 is applied by the engine for queues


@pytest.mark.parametrize("esm, words", [
    ("    starting_position: LATEST", "starting_position is not allowed for a mapping that reads an SQS queue"),
    ("    bisect_batch_on_function_error: true", "bisect_batch_on_function_error is not allowed"),
    ("    on_failure: orders-dlq", "use the queue's redrive_policy"),
    ("    batch_size: 50", "needs maximum_batching_window_in_seconds of at least 1"),
    ("    filter_criteria: {filters: [{pattern: '{\"body\": \"x\"}'}]}", "values in a pattern are lists"),
])
def test_queue_mapping_misuse(problems, esm, words):
    (message,) = problems(text(esm=esm))
    assert words in message


def test_fifo_batch_over_ten_is_refused(problems):
    (message,) = problems(text(queue="    fifo: true\n    content_based_deduplication: true",
                               dlq="    fifo: true", esm="    batch_size: 11",
                               send=", message_group_id: g"))
    assert "FIFO queue's mapping takes at most 10 messages per batch, not 11" in message


def test_function_timeout_over_visibility_timeout_in_lambdas_words(problems):
    (message,) = problems(text(queue="    visibility_timeout: 30", timeout=60))
    assert "Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds" in message


def test_stream_mapping_needs_a_starting_position_and_refuses_scaling_config(problems):
    body = text().replace("    type: sqs_queue\n    visibility_timeout: 30",
                          "    type: kinesis_stream").replace(
        "action: send_message, queue: orders, message_body: hi",
        "action: put_record, stream: orders, partition_key: k, data: hi")
    found = problems(body.replace("    function: worker\n\n",
                                  "    function: worker\n    scaling_config: {maximum_concurrency: 5}\n"))
    assert any("needs starting_position" in p for p in found)
    assert any("scaling_config (MaximumConcurrency) is for mappings that read an SQS queue" in p for p in found)


def test_redrive_policy_must_name_a_queue_of_the_same_kind(problems):
    queue = "    fifo: true\n    redrive_policy: {dead_letter_queue: orders-dlq, max_receive_count: 5}"
    found = problems(text(queue=queue, send=", message_group_id: g"))
    assert any("dead-letter queue of a FIFO queue must also be FIFO" in p for p in found)


def test_fifo_send_needs_a_group_and_standard_takes_one_for_fair_queues(problems):
    assert any("needs a message_group_id" in p for p in problems(text(queue="    fifo: true", dlq="    fifo: true")))
    # §14 (SQSFAIR): a standard queue takes one too (fair queues)
    load_scenario_text(text(send=", message_group_id: g"), "s.yaml")


def test_fail_when_needs_exactly_one_test(problems):
    body = text().replace("    timeout: 3", "    timeout: 3\n    faults: {fail_when: {path: body}}")
    assert any("exactly one of `equals` or `contains`" in p for p in problems(body))


def test_more_than_five_filters_are_refused(problems):
    filters = ", ".join(["{pattern: '{\"body\": [\"x\"]}'}"] * 6)
    found = problems(text(esm=f"    filter_criteria: {{filters: [{filters}]}}"))
    assert found and "filters" in found[0]


def test_fifo_send_needs_a_deduplication_id_or_content_based_deduplication(problems):
    """§14 (SQSSM): SQS refuses such a send with 400 InvalidParameterValue."""
    found = problems(text(queue="    fifo: true", dlq="    fifo: true", send=", message_group_id: g"))
    assert any("message_deduplication_id" in p and "content_based_deduplication" in p for p in found)
    load_scenario_text(text(queue="    fifo: true\n    content_based_deduplication: true",
                            dlq="    fifo: true", send=", message_group_id: g"), "s.yaml")
    load_scenario_text(text(queue="    fifo: true", dlq="    fifo: true",
                            send=", message_group_id: g, message_deduplication_id: d1"), "s.yaml")


def test_deduplication_settings_are_for_fifo_queues_only(problems):
    assert any("content_based_deduplication is for FIFO queues" in p
               for p in problems(text(queue="    content_based_deduplication: true")))
    assert any("message_deduplication_id is for FIFO queues" in p
               for p in problems(text(send=", message_deduplication_id: d1")))


def test_a_batching_window_on_a_fifo_queue_mapping_is_refused(problems):
    """§14 (SQSPAR): "Batching window is not supported for FIFO queues"."""
    (message,) = problems(text(queue="    fifo: true\n    content_based_deduplication: true",
                               dlq="    fifo: true", esm="    maximum_batching_window_in_seconds: 1",
                               send=", message_group_id: g"))
    assert "maximum_batching_window_in_seconds" in message and "FIFO" in message


def test_a_fifo_queue_name_must_end_in_dot_fifo(problems):
    """§14 (SQSQF): "The name of a FIFO queue must end with the .fifo suffix"."""
    body = BASE.format(queue="    fifo: true\n    content_based_deduplication: true", dlq="",
                       timeout=3, esm="", send=", message_group_id: g")
    (message,) = problems(body)
    assert message.startswith("s.yaml:10:5: resources.orders.fifo: ")  # the `fifo: true` line
    assert "name must end in .fifo" in message and "rename the queue 'orders.fifo'" in message
    load_scenario_text(text(queue="    fifo: true\n    content_based_deduplication: true",
                            send=", message_group_id: g"), "s.yaml")


@pytest.mark.parametrize("name, words", [
    ("orders.fifo", "add fifo: true, or rename it 'orders'"),
    ("orders.eu", "cannot contain '.'"),
])
def test_a_standard_queue_name_has_no_dot(problems, name, words):
    body = text().replace("  orders:\n", f"  {name}:\n").replace("source: orders\n", f"source: {name}\n")
    (message,) = problems(body.replace("queue: orders,", f"queue: {name},"))
    assert message.startswith(f"s.yaml:8:3: resources.{name}: ") and words in message
