"""Asynchronous invocation: Lambda's event queue, retries, dead-letter queue and destinations.

lambda-behaviour.md §4 (ASY, EIC): an `Event` invoke is answered 202 and queued. A function error
is retried up to `maximum_retry_attempts` (default 2) more times, 1 min and then 2 min later. A
throttle puts the event back in the queue and retries it with a backoff that starts at 1 s and
grows to at most 5 min, for as long as the event is younger than `maximum_event_age_in_seconds`.
An event that runs out of attempts or age goes to the on-failure destination (a destination
record) and/or the dead-letter queue (the event itself); with neither it is dropped, loudly.

Two ways an event skips the retries (docs/reference/lambda-behaviour.md §13 A1, A2;
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html): a function
with reserved concurrency 0 sends each new event straight to its DLQ or on-failure destination
(dropped when neither is set: AsyncEventsDropped), and an event Lambda's recursive-loop detection
stops goes there too (RecursiveInvocationsDropped). A DLQ or destination the execution role may
not send to does not make the event "lost for want of a DLQ": Lambda deletes it and counts
DeadLetterErrors / DestinationDeliveryFailures (§13 A3,
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.engine.delivery_targets import (DELIVERY_FAILED_TAG, dead_letter_attributes,
                                         destination_enqueue_step, destination_record,
                                         fifo_sentence, function_target_sentence,
                                         unsupported_target)
from app.engine.queues import message_attributes
from app.engine.recursion import STOP, TERMINATE
from app.engine.wording import spoken_duration

_NUMBERS = ("ErrorCode",)  # §4 (ASY): a DLQ message's ErrorCode is a Number attribute
LOST = "EVENT LOST: "  # how the summary of a lost event's step starts, then the function's name
DROPPED_TAG = "async-dropped"  # the step where Lambda gives up on an event (AsyncEventsDropped)
RETRY_DELAYS_MS = (60_000.0, 120_000.0)  # §4 (ASY): 1 min, then 2 min
THROTTLE_BACKOFF_START_MS = 1_000.0  # §4 (ASY): from 1 s …
THROTTLE_BACKOFF_MAX_MS = 300_000.0  # … growing to at most 5 min
# What a failed send to each kind of target counts as (§13 A3, MET).
DELIVERY_METRIC = {"dead-letter": "DeadLetterErrors", "destination": "DestinationDeliveryFailures"}
RESERVED_ZERO_CAVEAT = ("Which requestContext.condition a destination record carries for an event "
                        "sent on because of reserved concurrency 0 is not in our sources; "
                        "RetriesExhausted with approximateInvokeCount 0 is a stand-in.")
DUPLICATES_CAVEAT = ("Lambda's event queue can deliver the same event more than once, even when "
                     "nothing fails (lambda-behaviour.md §4, ASY); here every event is delivered "
                     "exactly once, right away.")


@dataclass
class QueuedEvent:
    function: str
    payload: object
    request_id: str
    enqueued_ms: float
    source: str
    model: str
    flow: str
    attempts: int = 0  # times the code ran for this event
    state: str = "queued"  # queued, running, waiting-retry, throttled
    state_before: str = "queued"
    target: object = None  # the version and alias it runs (app.engine.versions.Target), §18


class AsyncQueue:
    def __init__(self, sim, service):
        self.sim, self.service = sim, service
        self.events: dict[str, dict[str, QueuedEvent]] = {n: {} for n in service.functions}
        # dropped: lost or deleted, nowhere to read it back; async_events_dropped: AWS's
        # AsyncEventsDropped, every event given up on (MET), wherever it went next
        self.counts = {"succeeded": 0, "dropped": 0, "async_events_dropped": 0}
        self.unsupported: set[str] = set()  # targets a delivery failed on for their type (A3d)

    def enqueue(self, function, payload, request_id, *, source, model, flow, chapter=None,
                target=None, step=None):
        """Queue one event for `function` (an Event invoke's 202). `step`: (source, target,
        summary, narration) of the enqueue step when it is not a caller's request, e.g. Lambda
        handing a record to a destination function (app.engine.delivery_targets)."""
        ev = QueuedEvent(function, payload, request_id, self.sim.now, source, model, flow,
                         target=target)
        self.events[function][request_id] = ev
        self._publish(function)
        if step is None:
            step = (source, "lambda",
                    f"Lambda queues the event for {function} and answers 202 Accepted",
                    f"For an asynchronous invoke Lambda does not run the code right away. It puts "
                    f"the event in {function}'s event queue and at once answers {source} with 202 "
                    f"Accepted. {source} never sees what the function returns.")
        self.sim.recorder.add(
            "enqueue", step[0], step[1], model, step[2], step[3],
            payload=payload, status=202, flow=flow,
            headers={"X-Amzn-RequestId": request_id}, chapter_step=(chapter or {}).get("enqueue"))
        self.sim.recorder.note_not_simulated("Lambda's event queue", DUPLICATES_CAVEAT)
        self.sim.env.process(self._deliver(ev, chapter or {}))

    # ------------------------------------------------------------------ the event's life
    def _deliver(self, ev: QueuedEvent, chapter):
        """Try the event until it succeeds, runs out of attempts, or grows too old."""
        cfg = self.service.functions[ev.function].event_invoke_config
        max_age_ms = cfg.maximum_event_age_in_seconds * 1000.0
        backoff, last = THROTTLE_BACKOFF_START_MS, None
        if self.service.concurrency.reserved.get(ev.function) == 0:
            self._record_reserved_zero(ev)
            yield from self._fail(ev, "RetriesExhausted", None, why="reserved-zero")
            return
        verdict = self.service.loops.verdict(ev.function, ev.flow)
        if verdict == TERMINATE:
            self.service.loops.record_stop(ev.function, ev.flow, ev.model, async_event=True)
            yield from self._fail(ev, "RetriesExhausted", None, why="recursion")
            return
        if verdict == STOP:
            self._forget(ev)
            self.service.loops.record_safety_stop(ev.function, ev.flow, ev.model)
            return
        while True:
            if self.sim.now - ev.enqueued_ms > max_age_ms:
                yield from self._fail(ev, "EventAgeExceeded", last)
                return
            retry = self._record_attempt(ev)
            run = yield from self.service.executor.execute(
                ev.function, ev.payload, ev.request_id, source="lambda", model=ev.model,
                flow=ev.flow, chapter=chapter, tags=("retry",) if retry else (), target=ev.target)
            if run.throttled:
                self._record_throttle(ev, run, backoff)
                yield from self._wait(ev, backoff, max_age_ms)
                backoff = min(backoff * 2, THROTTLE_BACKOFF_MAX_MS)
                continue
            ev.attempts += 1
            last = run
            failed = run.setup_error is not None or run.outcome.failed
            retry = failed and ev.attempts <= cfg.maximum_retry_attempts
            if not failed:  # the queue changes before the step, which shows the state after it
                self._forget(ev)
            elif retry:
                ev.state = "waiting-retry"
                self._publish(ev.function)
            self._record_result(ev, run, failed)
            if not failed:
                yield from self._succeed(ev, run)
                return
            if not retry:
                yield from self._fail(ev, "RetriesExhausted", run)
                return
            yield from self._wait(ev, RETRY_DELAYS_MS[ev.attempts - 1], max_age_ms)

    def _record_attempt(self, ev) -> bool:
        """A `dequeue` step the first time, a `retry` step after that; True for a retry."""
        retry = ev.attempts > 0 or ev.state == "throttled"
        ev.state_before, ev.state = ev.state, "running"
        self._publish(ev.function)
        rec = self.sim.recorder
        if not retry:
            rec.add("dequeue", "lambda", ev.function, ev.model,
                       f"Lambda takes the event for {ev.function} from its queue",
                       f"A Lambda poller takes the event out of {ev.function}'s queue and "
                       f"invokes the function with it.", payload=ev.payload, flow=ev.flow)
            return False
        after_throttle = ev.state_before == "throttled"
        rec.add("retry", "lambda", ev.function, ev.model,
                   f"Lambda tries the event for {ev.function} again"
                   + ("" if after_throttle else f" (attempt {ev.attempts + 1})"),
                   f"The event waited in the queue; now Lambda hands it to {ev.function} again."
                   + (" A throttled try does not count as an attempt." if after_throttle else ""),
                   payload=ev.payload, flow=ev.flow, tags=("retry",))
        return True

    def _record_reserved_zero(self, ev) -> None:
        """§13 A1 (RET): reserved concurrency 0 turns async events away without any retries."""
        cfg = self.service.functions[ev.function]
        targets = " and ".join(t for t in (
            cfg.dead_letter_queue and f"its dead-letter queue {cfg.dead_letter_queue}",
            cfg.event_invoke_config.on_failure
            and f"its on-failure destination {cfg.event_invoke_config.on_failure}") if t)
        head = (f"{ev.function}'s reserved concurrency is 0, so it may not run at all. For an "
                f"asynchronous event Lambda does not retry in that case: ")
        if targets:
            summary = f"{ev.function} has reserved concurrency 0: the event goes straight to {targets}"
            narration = (head + f"it sends each new event at once, without any retries, to "
                         f"{targets}. Read the events back from there to replay them once the "
                         f"reserved concurrency is above 0 again (lambda-behaviour.md §13 A1).")
        else:
            summary = f"{ev.function} has reserved concurrency 0: the event is dropped, no retries"
            narration = (head + f"each new event would go straight to a dead-letter queue or "
                         f"on-failure destination, without any retries, but {ev.function} has "
                         f"neither, so the event is dropped (lambda-behaviour.md §13 A1).")
        self.sim.recorder.add(
            "throttle", "lambda", "lambda", ev.model, summary, narration,
            payload={"Reason": "ReservedFunctionConcurrentInvocationLimitExceeded"}, status=429,
            flow=ev.flow, tags=("throttled",),
            caveat=RESERVED_ZERO_CAVEAT if cfg.event_invoke_config.on_failure else None)

    def _record_throttle(self, ev, run, backoff) -> None:
        ev.state = "throttled"
        self._publish(ev.function)
        wait = spoken_duration(backoff)
        self.sim.recorder.add(
            "throttle", "lambda", "lambda", ev.model,  # Lambda refuses its own poller: no code ran
            f"{ev.function} is throttled; the event goes back to the queue for {wait}",
            self.service.executor.throttle_narration(ev.function, run.throttled)
            + f" For an async event that is no failure: Lambda puts it back in the queue and "
              f"tries again in {wait}, waiting longer each time (up to 5 minutes).",
            payload={"Reason": run.throttled}, status=429, flow=ev.flow,
            tags=("throttled",), caveat=run.caveat)

    def _wait(self, ev, delay, max_age_ms):
        """Wait for the next try, but no longer than the event may live (then it expires)."""
        expires = ev.enqueued_ms + max_age_ms
        yield self.sim.env.timeout(max(0.0, min(self.sim.now + delay, expires + 0.001) - self.sim.now))

    def _record_result(self, ev, run, failed) -> None:
        fn = self.service.functions[ev.function]
        left = fn.event_invoke_config.maximum_retry_attempts + 1 - ev.attempts
        if not failed:
            summary = f"{ev.function} finished the event (attempt {ev.attempts})"
            narration = (f"{ev.function} handled the event. Its return value goes back to Lambda, "
                         + ("and no caller waits for it." if ev.source == "lambda" else
                            f"not to {ev.source}, which got its 202 long ago."))
            payload = run.outcome.result
        else:
            payload = run.outcome.error if run.outcome else run.setup_error[1]
            summary = f"{ev.function} failed on attempt {ev.attempts}"
            narration = f"{ev.function} failed on attempt {ev.attempts}. "
            if left > 0:
                wait = spoken_duration(RETRY_DELAYS_MS[ev.attempts - 1])
                narration += (f"Lambda keeps the event and will try again in {wait} "
                              f"({left} more attempt{'s' if left != 1 else ''} allowed).")
            else:
                narration += "That was the last attempt the function's retry settings allow."
        source = ev.function if run.outcome else "lambda"  # no outcome: the code never ran
        # No `status`: no HTTP reply goes anywhere here, the caller already had its 202.
        self.sim.recorder.add("result", source, "lambda", ev.model, summary, narration,
                                 payload=payload, flow=ev.flow,
                                 tags=(("function-error", "timeout") if run.outcome and
                                       run.outcome.timed_out else ("function-error",))
                                 if failed else ())

    def _succeed(self, ev, run):
        """After the success's result step (the run loop has already taken `ev` off the queue)."""
        self.counts["succeeded"] += 1
        dest = self.service.functions[ev.function].event_invoke_config.on_success
        if dest:
            record = destination_record(self.sim, ev, "Success", run)
            yield from self._send(ev, dest, record, "destination", "on-success destination")

    def _fail(self, ev, condition, run, why: str | None = None):
        """Hand the event to the DLQ and/or on-failure destination; report it gone when none
        took it. `why`: "reserved-zero" or "recursion" when no attempt was made (§13 A1, A2)."""
        self._forget(ev)
        fn = self.service.functions[ev.function]
        # AsyncEventsDropped (MET, §4): every event Lambda gives up on without a successful run,
        # also when a DLQ or destination then gets it ("sent there before being dropped"). The
        # first step of the give-up carries the tag the metric counts. An event the loop
        # detection stopped is counted in RecursiveInvocationsDropped instead (§13 A2f).
        mark = () if why == "recursion" else (DROPPED_TAG,)
        if mark:
            self.counts["async_events_dropped"] += 1
        tried: list[tuple[str, bool]] = []  # (kind, delivered)
        if fn.dead_letter_queue:
            ok = yield from self._send(ev, fn.dead_letter_queue, ev.payload, "dead-letter",
                                       "dead-letter queue", run=run, extra_tags=mark)
            tried.append(("dead-letter", ok))
            mark = ()
        if fn.event_invoke_config.on_failure:
            record = destination_record(self.sim, ev, condition, run)
            ok = yield from self._send(ev, fn.event_invoke_config.on_failure, record,
                                       "destination", "on-failure destination", extra_tags=mark)
            tried.append(("destination", ok))
            mark = ()
        if any(ok for _, ok in tried):
            return
        self.counts["dropped"] += 1
        reason = self._give_up_reason(ev, fn, condition, why)
        if tried:  # configured, but every delivery failed: Lambda deletes the event (§13 A3)
            metrics = " and ".join(DELIVERY_METRIC[kind] for kind, _ in tried)
            targets = [t for t in (fn.dead_letter_queue, fn.event_invoke_config.on_failure) if t]
            fifo = list(dict.fromkeys(t for t in targets if t in self.unsupported))
            why_not = (f"{' and '.join(fifo)} {'is a FIFO queue' if len(fifo) == 1 else 'are FIFO queues'}"
                       f", which Lambda never delivers to: name a standard queue instead "
                       f"(lambda-behaviour.md §13 A3d)." if fifo else
                       "In AWS such a configuration is usually refused when it is saved (the role "
                       "is checked then), so this happens when the permission was removed later, "
                       "the target was deleted, or the message was too large "
                       "(lambda-behaviour.md §13 A3).")
            self.sim.recorder.add(
                "error", "lambda", "lambda", ev.model,
                f"EVENT DELETED: {ev.function}'s event could not be delivered ({metrics})",
                (f"Lambda gives up on this event because {reason}, and could not deliver it "
                 f"where {ev.function} says failed events go. So Lambda deletes the event and "
                 f"counts the failed delivery in the {metrics} "
                 f"{'metric' if len(tried) == 1 else 'metrics'}. The payload cannot be "
                 f"read back. {why_not}"),
                payload={"condition": condition, "requestPayload": ev.payload,
                         "metrics": [DELIVERY_METRIC[kind] for kind, _ in tried]},
                flow=ev.flow, tags=("dropped",))
            return
        metric = "RecursiveInvocationsDropped" if why == "recursion" else "AsyncEventsDropped"
        # (With a DLQ or destination the event is counted in AsyncEventsDropped too; see above.)
        self.sim.recorder.add(
            "error", "lambda", "lambda", ev.model,
            f"{LOST}{ev.function} has no dead-letter queue or on-failure destination",
            (f"Lambda gives up on this event because {reason}. {ev.function} has neither a "
             f"dead-letter queue nor an on-failure destination, so the event itself is gone: "
             f"its payload cannot be read back or replayed. It still leaves traces: "
             + (f"{ev.function}'s error lines in CloudWatch Logs, and " if ev.attempts else "")
             + f"Lambda's {metric} metric, which counts it."),  # §4 (ASY), §13 A1/A2 (MET)
            payload={"condition": condition, "requestPayload": ev.payload},
            flow=ev.flow, tags=("dropped", *mark))

    @staticmethod
    def _give_up_reason(ev, fn, condition, why) -> str:
        if why == "reserved-zero":
            return f"{ev.function} has reserved concurrency 0 (no retries in that case)"
        if why == "recursion":
            return "Lambda's recursive-loop detection stopped it"
        age = spoken_duration(fn.event_invoke_config.maximum_event_age_in_seconds * 1000.0)
        return ("it failed every attempt" if condition == "RetriesExhausted"
                else f"it is now older than the maximum event age ({age})")

    # ------------------------------------------------------------------ delivery
    def _send(self, ev, dest, body, kind, role_text, run=None, extra_tags=()):
        """Deliver to a queue, topic or function with the execution role's rights; `extra_tags`
        go on the step (DROPPED_TAG on a failed event's first delivery)."""
        queues = self.sim.services["queues"]
        fn = self.service.functions[ev.function]
        principal = self.sim.services["iam"].role_session(fn.role, ev.function, node=ev.function)
        target_type = self.sim.scenario.resources[dest].type
        if target_type == "function":
            action, arn = "lambda:InvokeFunction", self.sim.function_arn(dest)
        else:
            action, arn = queues.send_action(dest), queues.arn(dest)
        decision = self.sim.services["iam"].check_identity(principal, action, arn)
        allowed = decision.decision == "allow"
        unsupported = allowed and unsupported_target(self.sim.scenario, dest)  # §13 A3d: FIFO
        ok = allowed and not unsupported
        tags = (("dead-letter",) if kind == "dead-letter" else ()) + tuple(extra_tags)
        what = "the event itself" if kind == "dead-letter" else "a record describing what happened"
        attributes = dead_letter_attributes(ev, run) if kind == "dead-letter" else None
        shown = body
        if attributes:  # what SendMessage/Publish carries: the event plus why it failed
            text = "MessageBody" if target_type == "sqs_queue" else "Message"
            # The body is a string: the event as JSON (SendMessage / Publish, §4 ASY).
            shown = {text: json.dumps(body), "MessageAttributes": message_attributes(attributes, _NUMBERS)}
        if ok and target_type != "function":  # stored before the step: it shows the state after it
            if kind == "dead-letter":
                queues.receive(dest, json.dumps(ev.payload), attributes, ev.flow, _NUMBERS)
            else:
                queues.receive(dest, json.dumps(body), {}, ev.flow)
        self.sim.recorder.add(
            kind, "lambda", dest, ev.model,
            f"Lambda sends {'the event' if kind == 'dead-letter' else 'a record'} to {dest}, "
            f"{ev.function}'s {role_text}" + (
                "" if ok else f" (fails, {unsupported}: {DELIVERY_METRIC[kind]})" if unsupported
                else f" (denied: {DELIVERY_METRIC[kind]})"),
            (f"Lambda sends {what} to {dest}, the {role_text} of {ev.function}, using the "
             f"function's execution role {fn.role}. "
             + (function_target_sentence(ev.function, dest) if ok and target_type == "function"
                else "Someone can look at it there later." if ok else
                "The role may do that, but " + fifo_sentence(dest, DELIVERY_METRIC[kind])
                if unsupported else
                f"The role may not do that ({decision.reason}), so the delivery fails and "
                f"Lambda counts it in the {DELIVERY_METRIC[kind]} metric "
                f"(lambda-behaviour.md §13 A3).")
             + (" The message attributes RequestID, ErrorCode and ErrorMessage say which "
                "request failed and why; the body alone does not." if attributes and ok
                else "")  # a denied delivery leaves no message to describe
             + (f" Lambda counts the event in {ev.function}'s AsyncEventsDropped metric: it is "
                f"dropped from the queue without a successful run, whatever happens to it next "
                f"(lambda-behaviour.md §4, MET)." if DROPPED_TAG in extra_tags else "")),
            payload=shown, permission=decision, flow=ev.flow,
            tags=tags if ok else (*tags, DELIVERY_FAILED_TAG) if unsupported else (*tags, "denied"))
        if unsupported:
            self.unsupported.add(dest)
        if not ok:
            return False
        if target_type == "function":  # Lambda invokes it, not the function's code (§4, RET)
            request_id = self.sim.ids.uuid()
            self.enqueue(dest, body, request_id, source="lambda", model=ev.model, flow=request_id,
                         step=destination_enqueue_step(ev.function, dest, role_text))
        return True
        yield  # a SimPy process even when nothing waits

    # ------------------------------------------------------------------ state
    def _forget(self, ev) -> None:
        self.events[ev.function].pop(ev.request_id, None)
        self._publish(ev.function)

    def _publish(self, function) -> None:
        events = self.events[function]
        rec = self.sim.recorder
        rec.set_state(function, "async_queue_length", len(events))
        rec.set_state(function, "async_queue", tuple(
            {"requestId": e.request_id, "attempts": e.attempts, "state": e.state,
             "ageMs": round(self.sim.now - e.enqueued_ms, 3)}
            for e in list(events.values())[:20]))
