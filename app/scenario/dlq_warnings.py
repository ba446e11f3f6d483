"""Warnings from the file alone: a function's dead-letter queue that an SQS mapping never uses.

Lambda sends an event to a function's `DeadLetterConfig` only after the retries of an
asynchronous invoke (docs/reference/lambda-behaviour.md §4; "the dead-letter queue for failed
asynchronous invocations", https://docs.aws.amazon.com/lambda/latest/api/API_DeadLetterConfig.html).
An event source mapping invokes the function synchronously, so a message it fails on goes back
to the queue and is received again after each visibility timeout, until the queue's own redrive
policy moves it to the queue's dead-letter queue, or, without one, until the retention period
ends (§14 B9 "When the function fails",
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).

A student put `dead_letter_queue:` on the function an SQS mapping reads for and saw nothing
happen: the broken order came back 1,920 times over 4 days. `check` now warns at that line when
a queue the function reads has no `redrive_policy`, and gives the move to paste. Qt-free; no
engine needed.
"""

from __future__ import annotations

from app.english import possessive
from app.scenario.advice import scalar
from app.scenario.timeout_warnings import FileWarning

ADVISED_RECEIVE_COUNT = 5  # §14 (SQSERR): AWS asks for at least 5 on a queue Lambda reads


def function_dlq_warnings(scenario) -> list[FileWarning]:
    """One warning per function with a `dead_letter_queue` that an SQS mapping reads for from
    a queue without `redrive_policy`, at the function's `dead_letter_queue` key. The message says
    where the mapping's failed messages go instead and, when the function's DLQ can be the
    queue's (a queue of the same kind that is not the source itself), the edit to paste: drop
    the key from the function and add `redrive_policy: {…}` to each such queue."""
    resources = scenario.resources
    out: list[FileWarning] = []
    for name, fn in scenario.of_type("function").items():
        dlq = fn.dead_letter_queue
        if not dlq:
            continue
        readers = [(m, esm.source) for m, esm in scenario.of_type("event_source_mapping").items()
                   if esm.function == name and getattr(resources.get(esm.source), "type", None) == "sqs_queue"
                   and resources[esm.source].redrive_policy is None]
        if readers:
            out.append(FileWarning(("resources", name, "dead_letter_queue"),
                                   _message(scenario, name, dlq, readers)))
    return out


def unused_function_dlq_warnings(scenario, steps) -> list[FileWarning]:
    """One warning per function with a `dead_letter_queue` that an SQS mapping reads for from a
    queue that has its own `redrive_policy`, and that no step of the run invokes asynchronously
    (no Invoke with X-Amz-Invocation-Type Event): then the function's DLQ gets nothing in this
    lesson, and a class would think the mapping's failures land there (a teacher's find). In: a
    loaded scenario and the run's steps (any objects with kind, target and headers). Out: the
    warnings, at the function's `dead_letter_queue` key. Raises nothing. Source: §4, §14 B9."""
    resources = scenario.resources
    invoked_async = {s.target for s in steps if s.kind == "invoke"
                     and (s.headers or {}).get("X-Amz-Invocation-Type") == "Event"}
    out: list[FileWarning] = []
    for name, fn in scenario.of_type("function").items():
        dlq = fn.dead_letter_queue
        if not dlq or name in invoked_async:
            continue
        queues = [(m, esm.source) for m, esm in scenario.of_type("event_source_mapping").items()
                  if esm.function == name and getattr(resources.get(esm.source), "type", None) == "sqs_queue"
                  and resources[esm.source].redrive_policy is not None]
        if not queues:
            continue
        mappings = " and ".join(f"mapping {m} reads from {q}" for m, q in queues)
        where = "; ".join(
            f"the redrive policy of {q} moves a message to "
            f"{resources[q].redrive_policy.dead_letter_queue} after "
            f"{resources[q].redrive_policy.max_receive_count} receives" for _, q in queues)
        out.append(FileWarning(("resources", name, "dead_letter_queue"), (
            f"warning: {dlq}, {possessive(name)} dead-letter queue, gets nothing in this run: Lambda sends "
            f"an event there only after the retries of an asynchronous invoke, and nothing "
            f"invokes {name} asynchronously. A message that {mappings} and {name} fails on "
            f"follows the queue's own rule instead: {where} (lambda-behaviour.md §14 B9, §4). "
            f"Unless {name} is meant for asynchronous invokes too, drop `dead_letter_queue: "
            f"{scalar(dlq)}` from {name} (its role then needs no right to send there).")))
    return out


def _message(scenario, name: str, dlq: str, readers: list[tuple[str, str]]) -> str:
    mappings = " and ".join(f"mapping {m} reads from {q}" for m, q in readers)
    queues = list(dict.fromkeys(q for _, q in readers))
    first = scenario.resources[queues[0]]
    if len(queues) == 1:
        back = f"goes back to {queues[0]} and comes again{_receives_in(first)}"
    else:  # each queue its own visibility timeout and retention period
        back = ("goes back to the queue it came from and comes again: "
                + "; ".join(f"in {q}{_receives_in(scenario.resources[q])}" for q in queues))
    what = (f"warning: Lambda sends an event to {possessive(name)} dead-letter queue {dlq} only for "
            f"asynchronous invokes; the messages that {mappings} never go there. A "
            f"message {name} fails on {back} (lambda-behaviour.md §14 B9, §4).")
    target = scenario.resources.get(dlq)
    usable = [q for q in queues if getattr(target, "type", None) == "sqs_queue" and q != dlq
              and target.fifo == scenario.resources[q].fifo]
    drop = f"drop `dead_letter_queue: {scalar(dlq)}` from {name}"
    if usable == queues:
        policy = f"{{dead_letter_queue: {scalar(dlq)}, max_receive_count: {ADVISED_RECEIVE_COUNT}}}"
        adds = " and ".join(f"add to {q}: `redrive_policy: {policy}`" for q in queues)
        return (f"{what} To move it where the failed messages go, {drop} and {adds} "
                f"(keep it on {name} too if {name} is also invoked asynchronously).")
    return (f"{what} {dlq} cannot be the queue's dead-letter queue (it must be another "
            f"{'FIFO' if first.fifo else 'standard'} sqs_queue): {drop}, declare such a queue and "
            f"name it in a redrive_policy on {', '.join(queues)}.")


def _receives_in(queue) -> str:
    """`_receives` for the sqs_queue resource `queue`."""
    return _receives(queue.visibility_timeout, queue.message_retention_period)


def _receives(visibility_s: int, retention_s: int) -> str:
    """` every 180 s until its retention period (4 days) ends: about 1,920 receives`
    (`visibility_s`, `retention_s`: the queue's VisibilityTimeout and MessageRetentionPeriod)."""
    days = retention_s / 86_400
    period = f"{days:g} days" if days >= 1 and days == int(days) else f"{retention_s:,} s"
    if visibility_s <= 0:
        return f" at once, over and over, until its retention period ({period}) ends"
    return (f" every {visibility_s:,} s until its retention period ({period}) ends: about "
            f"{retention_s // visibility_s:,} receives")
