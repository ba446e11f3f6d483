"""`check` rules for SQS queues, mappings that read them, and filters on any mapping.

Each rule is one CreateEventSourceMapping or SQS refuses (lambda-behaviour.md §14, §16), with
Lambda's own wording where it is known. Called from `app.scenario.crossrefs.CrossRefs`.
"""

from __future__ import annotations

from app.scenario.resources import Function, SqsQueue
from app.scenario.versions import invoked_timeout

STREAM_ONLY = ("bisect_batch_on_function_error", "parallelization_factor", "maximum_retry_attempts",
               "maximum_record_age_in_seconds", "on_failure", "starting_position_timestamp")
FIFO_MAX_BATCH = 10  # §14 (SQSCFG): FIFO batches hold at most 10 messages
NO_WINDOW_MAX_BATCH = 10  # §14 (BOTOM): above 10 needs MaximumBatchingWindowInSeconds ≥ 1


def check_sqs_queue(refs, at: tuple, queue: SqsQueue) -> None:
    _check_queue_name(refs, at, queue)
    if queue.content_based_deduplication and not queue.fifo:
        refs.problem((*at, "content_based_deduplication"), "content_based_deduplication is for FIFO "
                                                            "queues only; remove it or set fifo: true")
    policy = queue.redrive_policy
    if policy is None:
        return
    if not refs.ref((*at, "redrive_policy", "dead_letter_queue"), policy.dead_letter_queue,
                    ("sqs_queue",), "a redrive policy's dead_letter_queue"):
        return
    dlq = refs.parts.resources.get(policy.dead_letter_queue)
    if policy.dead_letter_queue == at[-1]:
        refs.problem((*at, "redrive_policy", "dead_letter_queue"),
                     "a queue cannot be its own dead-letter queue; name another sqs_queue")
    elif isinstance(dlq, SqsQueue) and dlq.fifo != queue.fifo:
        # SQS: the dead-letter queue of a FIFO queue must be FIFO (and standard for standard).
        refs.problem((*at, "redrive_policy", "dead_letter_queue"),
                     f"the dead-letter queue of a {'FIFO' if queue.fifo else 'standard'} queue must "
                     f"also be {'FIFO' if queue.fifo else 'standard'}; set fifo: {str(queue.fifo).lower()} "
                     f"on '{policy.dead_letter_queue}'")


def _check_queue_name(refs, at: tuple, queue: SqsQueue) -> None:
    """SQS: a FIFO queue's name ends in `.fifo`; a standard queue's name has only letters,
    digits, `-` and `_` (lambda-behaviour.md §14, SQSQF;
    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html,
    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html)."""
    name = at[-1]
    if queue.fifo and not name.endswith(".fifo"):
        refs.problem((*at, "fifo"), f"a FIFO queue's name must end in .fifo, and '{name}' does not; "
                                    f"rename the queue '{name}.fifo' (and every reference to it), "
                                    f"or remove fifo: true for a standard queue")
    elif not queue.fifo and name.endswith(".fifo"):
        refs.problem(at, f"'{name}' ends in .fifo, which only a FIFO queue's name may; add fifo: true, "
                         f"or rename it '{name[:-5].replace('.', '-')}' for a standard queue")
    elif not queue.fifo and "." in name:
        refs.problem(at, f"a standard queue's name cannot contain '.' (only letters, digits, '-' and "
                         f"'_'); rename it '{name.replace('.', '-')}' (and every reference to it)")


def check_queue_mapping(refs, at: tuple, esm) -> None:
    """A mapping whose source is an sqs_queue."""
    queue = refs.parts.resources.get(esm.source)
    for key in ("starting_position", *STREAM_ONLY):
        default = type(esm).model_fields[key].default
        if getattr(esm, key) != default:
            why = ("SQS has no stream position: Lambda receives whatever is visible"
                   if key == "starting_position" else
                   "for SQS use the queue's redrive_policy (a DLQ) instead" if key == "on_failure"
                   else "it applies to streams only")
            refs.problem((*at, key), f"{key} is not allowed for a mapping that reads an SQS queue "
                                     f"({why}); remove it")
    if not isinstance(queue, SqsQueue):
        return
    if queue.fifo and esm.maximum_batching_window_in_seconds:
        refs.problem((*at, "maximum_batching_window_in_seconds"),
                     f"'{esm.source}' is a FIFO queue: Lambda supports no batching window for FIFO "
                     f"queues (maximum_batching_window_in_seconds is for standard queues only); "
                     f"remove it")
    size = esm.batch_size
    if queue.fifo and size is not None and size > FIFO_MAX_BATCH:
        refs.problem((*at, "batch_size"), f"a FIFO queue's mapping takes at most {FIFO_MAX_BATCH} "
                                          f"messages per batch, not {size}")
    elif size is not None and size > NO_WINDOW_MAX_BATCH and esm.maximum_batching_window_in_seconds < 1:
        refs.problem((*at, "batch_size"), f"a batch_size above {NO_WINDOW_MAX_BATCH} needs "
                                          f"maximum_batching_window_in_seconds of at least 1")
    fn = refs.parts.resources.get(esm.function)
    timeout, version = invoked_timeout(fn, esm.qualifier) if isinstance(fn, Function) else (0, "")
    if timeout > queue.visibility_timeout:
        # §14 (SQSVT): Lambda's InvalidParameterValueException, word for word; a mapping on an
        # alias or version invokes that version, with its own timeout (§18).
        refs.problem((*at, "function" if version else "source"),
                     f"Queue visibility timeout: {queue.visibility_timeout} seconds is less than "
                     f"Function timeout: {timeout} seconds (" + (
                         f"the mapping invokes {esm.function} {version}, whose own timeout is "
                         f"{timeout} s; " if version else "") +
                     f"raise the queue's visibility_timeout, AWS suggests 6× the function's "
                     f"timeout, or lower the timeout)")
    check_filters(refs, at, esm)


def check_filters(refs, at: tuple, esm) -> None:
    """Each filter's pattern must be valid JSON in the EventBridge pattern grammar (§16)."""
    from app.engine.event_filter import PatternError, parse_pattern  # stdlib-only module

    if esm.filter_criteria is None:
        return
    for i, f in enumerate(esm.filter_criteria.filters):
        try:
            parse_pattern(f.pattern)
        except PatternError as exc:
            refs.problem((*at, "filter_criteria", "filters", i, "pattern"), str(exc))


def check_send_message(refs, at: tuple, stimulus) -> None:
    queue = refs.parts.resources.get(stimulus.queue)
    if not isinstance(queue, SqsQueue):
        return
    if queue.fifo and stimulus.message_group_id is None:
        refs.problem((*at, "queue"), f"'{stimulus.queue}' is a FIFO queue: SendMessage needs a "
                                     f"message_group_id")
    if queue.fifo and stimulus.delay_seconds:
        refs.problem((*at, "delay_seconds"), "a FIFO queue does not take a per-message delay_seconds")
    if queue.fifo and stimulus.message_deduplication_id is None and not queue.content_based_deduplication:
        # §14 (SQSSM): SQS answers 400 InvalidParameterValue
        refs.problem((*at, "queue"), f"'{stimulus.queue}' is a FIFO queue without "
                                     f"content_based_deduplication: SendMessage needs a "
                                     f"message_deduplication_id (or set content_based_deduplication: "
                                     f"true on the queue)")
    if not queue.fifo and stimulus.message_deduplication_id is not None:
        refs.problem((*at, "message_deduplication_id"), f"'{stimulus.queue}' is a standard queue; "
                                                        f"message_deduplication_id is for FIFO queues")
