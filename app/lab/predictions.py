"""What the documentation predicts when a function fails: it depends on who invokes it, and how.

A function error means different things to different callers (lambda-behaviour.md): an async
event is retried twice then sent to a DLQ or destination (§4), a synchronous caller gets 200 with
X-Amz-Function-Error (§1), API Gateway answers 502 (§9), a stream batch blocks its shard (§5).
"""

from __future__ import annotations

from app.scenario.fields import format_duration_ms


def invokers(scenario, fn: str) -> set[str]:
    """How `fn` gets invoked: "s3", "api", "stream", "sync", "async", "dryrun"."""
    how = set()
    for bucket in scenario.of_type("s3_bucket").values():
        if any(n.function == fn for n in bucket.notifications):
            how.add("s3")
    for topic in scenario.of_type("sns_topic").values():  # SNS invokes asynchronously (§20)
        if any(s.function == fn for s in topic.subscriptions):
            how.add("async")
    if any(fn in r.targets for r in scenario.of_type("eventbridge_rule").values()):
        how.add("async")  # EventBridge rules invoke asynchronously (§21)
    for api in scenario.of_type("api_gateway").values():
        if any(r.function == fn for r in api.routes):
            how.add("api")
    if any(m.function == fn for m in scenario.of_type("event_source_mapping").values()):
        how.add("stream")
    for line in scenario.script:
        request = line.request if line.action == "load" else None
        if line.action == "invoke" and line.function == fn:
            how.add(_invoke_kind(line.invocation_type))
        elif request and request.get("action") == "invoke" and request.get("function") == fn:
            how.add(_invoke_kind(request.get("invocation_type", "RequestResponse")))
    return how


def _invoke_kind(invocation_type: str) -> str:
    return {"Event": "async", "DryRun": "dryrun"}.get(invocation_type, "sync")


def failure_prediction(scenario, fn: str, what: str, short: bool = False,
                       recovers: bool = False) -> str:
    """One line: what each of `fn`'s callers sees when it `what` (e.g. "fails every time").

    `recovers`: the failure is temporary (the first K attempts), so a retry can still succeed.
    """
    how = invokers(scenario, fn)
    parts = []
    if how & {"s3", "async"}:
        parts.append(_async_outcome(scenario, fn, recovers))
    if "sync" in how:
        parts.append("a RequestResponse caller still gets HTTP 200, with X-Amz-Function-Error "
                     "set, and Lambda does not retry for it (§1 INV)")
    if "api" in how:
        parts.append("API Gateway answers 502 Internal server error (§9 AGL)")
    if "stream" in how:
        parts.append(_stream_outcome(scenario, fn, recovers))
    if not parts:
        parts.append("nothing invokes it in this scenario, so nothing changes")
    text = "; ".join(parts)
    return text if short else f"If {fn} {what}: {text}."


def _failed_events_go_to(f) -> str | None:
    """Where function `f`'s asynchronous events go when Lambda gives up on them, in words: its
    on-failure destination, its dead-letter queue, or both, since Lambda then sends to each
    (the event to the DLQ, a record of the invocation to the destination; §4 ASY); None when
    neither is set."""
    dlq, destination = f.dead_letter_queue, f.event_invoke_config.on_failure
    if dlq and destination:
        return f"{dlq} (the event) and {destination} (a record of the invocation)"
    return destination or dlq


def _async_outcome(scenario, fn: str, recovers: bool = False) -> str:
    f = scenario.resources[fn]
    cfg = f.event_invoke_config
    retries = cfg.maximum_retry_attempts
    waits = ["1 min", "2 min"][:retries]
    tries = (f"Lambda retries the event after {' and then '.join(waits)}" if waits
             else "Lambda does not retry (maximum_retry_attempts 0)")
    after = _failed_events_go_to(f)
    ending = (f"then sends it to {after}" if after
              else "then the event is lost, as there is no dead-letter queue or on-failure destination")
    if recovers:
        # A retry that succeeds ends the event's story (§4 ASY): only K > retries exhausts them.
        gone = (f"Lambda sends it to {after}" if after
                else "the event is lost, as there is no dead-letter queue or on-failure destination")
        return (f"{tries}; if K is at most {retries} a retry succeeds and the event is done, "
                f"otherwise the tries run out and {gone} (§4 ASY, EIC)")
    return f"{tries}, {ending} (§4 ASY, EIC)"


def _stream_outcome(scenario, fn: str, recovers: bool = False) -> str:
    mappings = [m for m in scenario.of_type("event_source_mapping").values() if m.function == fn]
    m = mappings[0]
    source = scenario.resources[m.source]
    if source.type == "sqs_queue":
        back = (f"Lambda deletes nothing; the batch's messages come back after the visibility "
                f"timeout ({source.visibility_timeout} s)")
        policy = source.redrive_policy
        if recovers and policy:
            # Each failed attempt is one more receive: a message received K+1 times succeeds
            # and is deleted; only K >= maxReceiveCount exhausts its receives (§14 SQSERR).
            n = policy.max_receive_count
            return (f"{back}; if K is below {n} (the max receive count) a later receive "
                    f"succeeds and Lambda deletes the messages, otherwise after "
                    f"{n} {'receive' if n == 1 else 'receives'} SQS "
                    f"moves them to {policy.dead_letter_queue} (§14 SQSERR)")
        if recovers:
            return (f"{back} until a receive succeeds and Lambda deletes them (no redrive "
                    f"policy) (§14 SQSERR)")
        return f"{back} and {_sqs_redrive(source)} (§14 SQSERR)"
    limits = []
    if m.maximum_retry_attempts >= 0:
        limits.append(f"{m.maximum_retry_attempts} "
                      f"{'retry' if m.maximum_retry_attempts == 1 else 'retries'}")
    if m.maximum_record_age_in_seconds >= 0:
        limits.append(f"records older than {format_duration_ms(m.maximum_record_age_in_seconds * 1000)}")
    source = scenario.resources[m.source]
    expiry = ("DynamoDB Streams keep them 24 h" if source.type == "dynamodb_table"
              else f"{m.source} keeps them {source.retention_period_hours} h")
    until = (f"until it succeeds or hits {' or '.join(limits)}" if limits
             else f"until it succeeds or the records expire ({expiry})")
    bisect = (", and bisect splits the batch to isolate the bad record" if m.bisect_batch_on_function_error
              else "")
    return (f"Lambda retries the whole batch {until}, and the shard waits behind it{bisect} "
            f"(§5 KIN, KP)")


def reserved_concurrency_prediction(scenario, fn: str) -> str:
    """The reserved-concurrency knob's line: what 0 does to each way `fn` is invoked.

    Async events are not retried at all (docs/reference/lambda-behaviour.md §13 A1,
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
    An SQS queue is not a stream: its mapping keeps receiving (it does not count reserved
    concurrency), each throttled message returns after the visibility timeout and after
    maxReceiveCount receives SQS moves it to the queue's DLQ (§14 SQSERR, SQSCFG;
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html,
    https://repost.aws/knowledge-center/lambda-sqs-scaling)."""
    how = invokers(scenario, fn)
    parts = []
    if how & {"s3", "async"}:
        f = scenario.resources[fn]
        after = _failed_events_go_to(f)
        parts.append((f"async events go straight to {after}, without any retries" if after else
                      "async events are dropped at once, without any retries, as there is no "
                      "DLQ or on-failure destination") + " (§13 A1 RET)")
    if how & {"sync", "api"}:
        parts.append("synchronous callers get 429 TooManyRequestsException (§1 ERR)")
    if "stream" in how:
        queues, streams = _mapped_sources(scenario, fn)
        if queues:
            parts.append(_sqs_throttle_outcome(scenario, queues[0]))
        if streams:
            parts.append("stream batches are throttled and retried (§11, KIN)")
    zero = "; ".join(parts) if parts else "nothing invokes it in this scenario"
    return f"Reserved concurrency caps how many copies run at once (§11 CON, SCL). At 0: {zero}."


def _mapped_sources(scenario, fn: str) -> tuple[list, list]:
    """(SQS queues, streams) that event source mappings read for `fn`, as resources."""
    sources = [scenario.resources[m.source] for m in scenario.of_type("event_source_mapping").values()
               if m.function == fn]
    return ([s for s in sources if s.type == "sqs_queue"],
            [s for s in sources if s.type != "sqs_queue"])


def _sqs_redrive(queue, receives: str = "receives") -> str:
    policy = queue.redrive_policy
    if policy and policy.max_receive_count == 1 and receives == "receives":
        receives = "receive"
    return (f"after {policy.max_receive_count} {receives} SQS moves them to "
            f"{policy.dead_letter_queue}" if policy else
            "with no redrive policy they keep coming back until the retention period ends")


def _sqs_throttle_outcome(scenario, queue) -> str:
    return ("the SQS mapping keeps receiving messages (it does not count reserved concurrency), "
            "every invoke is throttled, and Lambda backs off and retries it until the messages' "
            f"visibility timeout ({queue.visibility_timeout} s) runs out; then they come back and "
            f"{_sqs_redrive(queue)} "
            "(§14 SQSERR, SQSCFG: reserve at least 5)")
