"""Where Lambda delivers an async event's records, and what it sends: the targets it can never
deliver to whatever the permissions, a destination function it invokes itself, the dead-letter
message's attributes and the destination record.

A function's dead-letter queue, its asynchronous on-failure / on-success destinations and a
stream mapping's on-failure destination must be a **standard** SQS queue or SNS topic. AWS names
an SQS FIFO queue as an unsupported destination type: the configuration is kept, but every
delivery there fails and counts `DeadLetterErrors` (a DLQ) or `DestinationDeliveryFailures` (a
destination) (docs/reference/lambda-behaviour.md §13 A3d;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). SNS topics
are always standard in LambdaScope. Qt-free; used by the engine and by `check`.
"""

from __future__ import annotations

from app.engine.wording import spoken_duration

DELIVERY_FAILED_TAG = "delivery-failed"
"""On a step where Lambda's send to a DLQ or destination fails (the metric counts it there)."""


def unsupported_target(scenario, name: str) -> str | None:
    """Why Lambda cannot deliver a record to resource `name` even with every permission: a short
    reason ("a FIFO queue"), or None for a target it can deliver to. Raises nothing."""
    resource = scenario.resources.get(name)
    if getattr(resource, "type", None) == "sqs_queue" and getattr(resource, "fifo", False):
        return "a FIFO queue"
    return None


def fifo_sentence(target: str, metric: str) -> str:
    """The narration of a delivery to a FIFO queue: what AWS does and which metric counts it."""
    return (f"{target} is a FIFO queue, and Lambda sends failed events and invocation records "
            f"only to a standard queue or topic: AWS lists a FIFO queue as an unsupported "
            f"destination type. So the "
            f"delivery fails, nothing arrives in {target}, and Lambda counts it in the {metric} "
            f"metric (lambda-behaviour.md §13 A3d).")


def function_target_sentence(function: str, target: str) -> str:
    """A function as a destination: Lambda invokes it itself (§4, RET). How that invoke is made
    is not documented; LambdaScope queues it like an asynchronous (Event) invoke and says so."""
    return (f"Here that means Lambda itself invokes the function {target}, so the role needs "
            f"lambda:InvokeFunction on {target}; {function}'s code takes no part in it. AWS does "
            f"not say how this invoke is made: LambdaScope queues it like an asynchronous "
            f"(Event) invoke.")


def destination_enqueue_step(function: str, target: str, role_text: str) -> tuple[str, str, str, str]:
    """(source, target, summary, narration) of the enqueue step when Lambda hands a record to a
    destination function: the record joins `target`'s own event queue, with its own retries."""
    return ("lambda", target,
            f"Lambda queues {function}'s record for {target}",
            f"As for any asynchronous invoke, the record goes into {target}'s event queue first, "
            f"and {target} runs it with its own retry settings. {function}'s code hears nothing of "
            f"it: it had finished before Lambda sent the record to its {role_text}.")


def dead_letter_attributes(ev, run) -> dict[str, str]:
    """The three attributes Lambda puts on a dead-letter message (§4, ASY). `ev`: the
    async_queue.QueuedEvent; `run`: its last executor run, or None when none ran."""
    error = (run.outcome.error if run and run.outcome else None) or {}
    return {"RequestID": ev.request_id,
            "ErrorCode": "200" if run and run.outcome else "429",  # code ran, or only throttles
            "ErrorMessage": str(error.get("errorMessage", ""))[:1024]}


RECURSION_DLQ_CAVEAT = (
    "What a dead-letter message carries for an event that loop detection stopped is not in our "
    "sources: the recursion page says only that the event goes to the dead-letter queue "
    "(lambda-behaviour.md §13 A2d, REC). ErrorCode 429 and an empty ErrorMessage are "
    "LambdaScope's choice (no code ran, as for an event that was only throttled), not AWS's.")
"""The caveat on the DLQ step of a recursion-stopped event (its attributes are a stand-in)."""


def destination_record(sim, ev, condition: str, run) -> dict:
    """The documented destination record of an async event (§4, ASY): `condition` is "Success",
    "RetriesExhausted" or "EventAgeExceeded"; `run` as for `dead_letter_attributes`."""
    record = {
        "version": "1.0",
        "timestamp": sim.iso_time(),
        "requestContext": {
            "requestId": ev.request_id,
            "functionArn": sim.function_arn(ev.function, "$LATEST"),
            "condition": condition,
            "approximateInvokeCount": ev.attempts},
        "requestPayload": ev.payload,
    }
    if run is not None and run.outcome is not None:
        failed = run.outcome.failed
        record["responseContext"] = {"statusCode": 200, "executedVersion": "$LATEST"}
        if failed:
            record["responseContext"]["functionError"] = "Unhandled"
        record["responsePayload"] = run.outcome.error if failed else run.outcome.result
    return record


def give_up_reason(ev, fn, condition: str, why: str | None) -> str:
    """Why Lambda gives up on async event `ev` of function config `fn`, as a clause: reserved
    concurrency 0 (§13 A1), loop detection (§13 A2), retries used up or too old (§4)."""
    if why == "reserved-zero":
        return f"{ev.function} has reserved concurrency 0 (no retries in that case)"
    if why == "recursion":
        return "Lambda's recursive-loop detection stopped it"
    age = spoken_duration(fn.event_invoke_config.maximum_event_age_in_seconds * 1000.0)
    return ("it failed every attempt" if condition == "RetriesExhausted"
            else f"it is now older than the maximum event age ({age})")


def undelivered_why(fifo: list[str], too_large: list[str] = ()) -> str:
    """The closing sentence when no DLQ or destination took an event: the FIFO queues among
    them (§13 A3d), the topics it was too large for (§13 A3a, §20), or the usual causes
    (§13 A3: permission removed, target gone, too large)."""
    if too_large and not fifo:
        return (f"The event is larger than {' and '.join(too_large)} takes: raise the topic's "
                f"MaximumMessageSize or use an SQS queue (lambda-behaviour.md §13 A3a, §20).")
    if fifo:
        return (f"{' and '.join(fifo)} {'is a FIFO queue' if len(fifo) == 1 else 'are FIFO queues'}"
                f", which Lambda never delivers to: name a standard queue instead "
                f"(lambda-behaviour.md §13 A3d).")
    return ("In AWS such a configuration is usually refused when it is saved (the role is checked "
            "then), so this happens when the permission was removed later, the target was "
            "deleted, or the message was too large (lambda-behaviour.md §13 A3).")
