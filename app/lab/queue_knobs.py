"""What-if switches for SQS mappings and partial batch responses (lambda-behaviour.md §14, §15).

One line of prediction each, in the panel's words: what the run will show when it is turned.
"""

from __future__ import annotations

from app.lab.switch import Switch


def rbif_switch(scenario, name: str, m) -> Switch:
    """Turn on ReportBatchItemFailures for any mapping (SQS, Kinesis, DynamoDB)."""
    queue = scenario.resources[m.source].type == "sqs_queue"
    then = ("Lambda deletes the messages that succeeded and only the reported ones come back "
            "after the visibility timeout (and on to the DLQ)" if queue else
            "the lowest reported record becomes the checkpoint and only it and the records after "
            "it are retried; bisect is not needed")
    return Switch(
        f"knob:{name}:report_batch_item_failures", "knobs",
        f"{name}: partial batch responses (ReportBatchItemFailures)", "toggle",
        m.report_batch_item_failures,
        f"The built-in handler reports only the failing records in batchItemFailures: {then} "
        f"(§15 SQSERR, KBF).",
        on_edits=(f'resources.{name}.function_response_types=["ReportBatchItemFailures"]',),
        off_edits=(f"resources.{name}.function_response_types=[]",))


def queue_knobs(scenario, name: str, m) -> list[Switch]:
    """Batch size, batching window and maximum concurrency of a queue's mapping, and the
    queue's own visibility timeout and max receive count."""
    base, queue_name = f"resources.{name}", m.source
    queue = scenario.resources[queue_name]
    size = m.batch_size or 10
    out = [
        Switch(f"knob:{name}:batch_size", "knobs", f"{name}: batch size", "number", size,
               "Smaller batches mean more invocations with fewer messages each; without partial "
               "batch responses one bad message sends its whole batch back to the queue (default "
               "10; FIFO at most 10; above 10 needs a batching window; §14 SQSCFG).",
               path=f"{base}.batch_size", options=(1, 5, 10), minimum=1,
               maximum=10 if queue.fifo else 10_000),
        Switch(f"knob:{name}:maximum_concurrency", "knobs", f"{name}: maximum concurrency",
               "number", m.scaling_config.maximum_concurrency,
               "Caps how many batches this mapping runs at once (2–1,000; empty: no cap); "
               "without it Lambda starts at 5 and adds up to 300 a minute (§14 SQSSC).",
               path=f"{base}.scaling_config.maximum_concurrency", options=(None, 2, 5, 100),
               minimum=2, maximum=1000),
        Switch(f"knob:{queue_name}:visibility_timeout", "knobs",
               f"{queue_name}: visibility timeout (s)", "number", queue.visibility_timeout,
               "A failed message comes back this long after it was received, so retries get "
               "closer or further apart; below the function's timeout Lambda refuses the mapping "
               "(§14 SQSVT, SQSERR).",
               path=f"resources.{queue_name}.visibility_timeout", options=(10, 30, 60, 180),
               minimum=0, maximum=43_200),
    ]
    if not queue.fifo:  # §14 (SQSPAR): no batching window for FIFO queues
        out.insert(1, Switch(
            f"knob:{name}:window", "knobs", f"{name}: batching window (s)", "number",
            m.maximum_batching_window_in_seconds,
            "Lambda waits up to this long to fill a batch before invoking: fewer, fuller, "
            "later invocations (0–300 s; standard queues only; §14 SQSCFG).",
            path=f"{base}.maximum_batching_window_in_seconds", options=(0, 1, 5, 20),
            minimum=0, maximum=300))
    if queue.redrive_policy is not None:
        out.append(Switch(
            f"knob:{queue_name}:max_receive_count", "knobs", f"{queue_name}: max receive count",
            "number", queue.redrive_policy.max_receive_count,
            f"A failing message is received this many times before SQS moves it to "
            f"{queue.redrive_policy.dead_letter_queue}: more tries, later in the DLQ (§14 SQSERR).",
            path=f"resources.{queue_name}.redrive_policy.max_receive_count", options=(1, 3, 5, 10),
            minimum=1, maximum=1000))
    return out
