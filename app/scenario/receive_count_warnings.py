"""Warnings from the file alone: a queue Lambda reads whose redrive policy gives up on a
message after fewer than 5 receives.

AWS's Lambda guide asks for `maxReceiveCount` of at least 5 on the source queue's redrive
policy, so a message gets a fair chance before it is set aside: a message that was only
throttled, or met a brief failure, also counts a receive (docs/reference/lambda-behaviour.md
§14 B9 "When the function fails"; https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html,
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). The run already
says so in the narration (app.engine.sqs.LOW_RECEIVE_COUNT); `check` says it at the line, so a
teacher sees it before class. A lesson that wants the dead-letter queue to fill quickly may keep
the low count: it is a warning, not a problem. Qt-free; no engine needed.
"""

from __future__ import annotations

from app.scenario.dlq_warnings import ADVISED_RECEIVE_COUNT
from app.scenario.timeout_warnings import FileWarning


def receive_count_warnings(scenario) -> list[FileWarning]:
    """One warning per `sqs_queue` that an event source mapping reads and whose
    `redrive_policy.max_receive_count` is under 5, at that key. In: a loaded scenario. Out: the
    warnings (message starting "warning:", with the fix). Raises nothing."""
    readers: dict[str, list[str]] = {}
    for name, esm in scenario.of_type("event_source_mapping").items():
        readers.setdefault(esm.source, []).append(name)
    out: list[FileWarning] = []
    for name, queue in scenario.of_type("sqs_queue").items():
        policy = queue.redrive_policy
        if policy is None or name not in readers or policy.max_receive_count >= ADVISED_RECEIVE_COUNT:
            continue
        mappings = " and ".join(readers[name])
        count = policy.max_receive_count
        out.append(FileWarning(
            ("resources", name, "redrive_policy", "max_receive_count"),
            f"warning: Lambda reads {name} (mapping {mappings}), and SQS moves a message to "
            f"{policy.dead_letter_queue} after {count} receive{'s' if count != 1 else ''}; AWS "
            f"advises a maxReceiveCount of at least {ADVISED_RECEIVE_COUNT} on a queue Lambda reads, "
            f"because a message that met a brief failure, or whose throttled retries outlast the "
            f"visibility timeout, comes back and counts a receive too, and would be set aside "
            f"with the bad ones (lambda-behaviour.md §14). To fix: "
            f"max_receive_count: {ADVISED_RECEIVE_COUNT} (a lesson that wants the dead-letter queue "
            f"to fill quickly may keep {count})."))
    return out
