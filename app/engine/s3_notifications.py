"""How a bucket's notification configuration turns a write into Lambda invocations.

S3 matches each write against every saved LambdaFunctionConfiguration (event type, then
the URL-encoded key's prefix and suffix filters, app.scenario.s3_filters), and for each match
sends one event to the function asynchronously (lambda-behaviour.md §7: WS3 asynchronous; S3N/S3M at least once, usually within seconds, order
not guaranteed). A function that writes back into a bucket that triggers it starts a loop (§7,
WS3/S3T). Lambda has detected loops through S3 since October 2024 (§7, §13 A2; REC, RECWN3):
each event S3 sends carries its chain (`loops.carry`, app/engine/recursion.py), and Lambda stops
the next invocation after about 16 in one chain.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from app.engine.events import s3 as s3_events
from app.engine.recursion import LIMIT
from app.scenario.s3_filters import describe as describe_filter, event_matches, filter_matches

if TYPE_CHECKING:
    from app.engine.s3 import Write

DELIVERY_DELAY_MS = (100, 900)  # S3N: "typically … in seconds"; kept short so lessons flow
TEST_EVENT_CAVEAT = (
    "When the bucket's notification configuration was saved, S3 checked each SNS topic and SQS "
    "queue it names by sending it a test notification (lambda-behaviour.md §7, PBNC). That "
    "message, an s3:TestEvent with no Records, reaches subscribers and queue readers like any "
    "other, so their code must expect it and skip it. This run leaves it out.")
DELIVERY_CAVEAT = (
    "S3 delivers each notification at least once, usually within seconds and now and then a "
    "minute or more later, in no guaranteed order (lambda-behaviour.md §7, S3N/S3M): a real "
    "function can get an event twice or out of order (the `sequencer` orders one key's events). "
    "Here each event arrives exactly once, {low:g}–{high:g} s after its write, so only writes "
    "less than a second apart can swap places.").format(
        low=DELIVERY_DELAY_MS[0] / 1000, high=DELIVERY_DELAY_MS[1] / 1000)


def event_record(write: Write, configuration_id: str, owner_id: str, region: str) -> dict:
    """The S3 event `Records` entry for one write and one matching configuration (§7, S3M)."""
    obj = write.obj
    s3_object = s3_events.s3_object(
        write.key, write.sequencer, size=obj.size if obj else None,
        etag=obj.etag if obj else None, version_id=write.version_id)
    return s3_events.s3_record(
        region=region, event_time=write.event_time, name=write.event_type,
        principal_id=write.principal_id, source_ip=write.source_ip, request_id=write.request_id,
        host_id=write.host_id, configuration_id=configuration_id, bucket=write.bucket,
        owner_id=owner_id, obj=s3_object)


def matching_configurations(notifications, event_type: str, key: str) -> list:
    """The saved notification configurations this write triggers, in file order.

    Filters are compared with the URL-encoded key (§7, §13 A4: S3F), as the event carries it."""
    encoded = s3_events.encode_key(key)
    return [n for n in notifications
            if any(event_matches(p, event_type) for p in n.events) and filter_matches(n, encoded)]


def configuration_id(bucket: str, index: int, notification) -> str:
    """The configuration's Id, or the kind of generated id the console gives one without."""
    return notification.id or f"{bucket}-notification-{index + 1}"




class DeliveryChain:
    """Detects matching writes, delivers their events, and passes each event's loop chain on.

    A write made by function code (`writer_flow`: the flow its SDK call carried) continues that
    invocation's chain one hop further; a write by an actor starts a chain (§13 A2).
    """

    def __init__(self, sim, s3):
        self.sim, self.s3 = sim, s3
        # Bucket → why S3 refused its notification configuration (app.engine.s3_configuration).
        self.refused: dict[str, str] = {}

    def notify(self, write: Write, writer_flow: str | None = None) -> None:
        """`writer_flow`: None for an actor's write, else the flow of the invocation that wrote."""
        bucket = self.s3.buckets[write.bucket]
        if not bucket.notifications:
            return
        if write.bucket in self.refused:
            self._record_refused(write)
            return
        matches = matching_configurations(bucket.notifications, write.event_type, write.key)
        if not matches:
            self._record_no_match(write, bucket)
            return
        flow = write.flow if writer_flow is None else f"s3-{self.sim.ids.hex(8)}"
        generation = self.sim.services["lambda"].loops.carry(writer_flow, flow, "s3").count
        for n in matches:
            index = bucket.notifications.index(n)
            self._record_detect(write, n, generation, flow)
            record = self._record_for(write, configuration_id(write.bucket, index, n))
            if n.topic is not None:
                self.sim.env.process(self._publish(write, n.topic, record, flow))
            elif n.queue is not None:
                self.sim.env.process(self._send_to_queue(write, n.queue, record, flow))
            else:
                self.sim.env.process(self._deliver(write, n.function, record, generation, flow,
                                                   n.qualifier))

    def _record_for(self, write: Write, config_id: str) -> dict:
        return event_record(write, config_id, self.s3.owner_id(), self.sim.region)

    def _record_refused(self, write: Write) -> None:
        self.sim.recorder.record(
            "detect", write.bucket, write.bucket, "push",
            f"{write.bucket}: no notification configuration is in effect",
            f"S3 refused to save {write.bucket}'s notification configuration at the start "
            f"({self.refused[write.bucket]}), so the bucket has none: "
            f"{s3_events.event_name(write.event_type)} on {write.key} sends no event and no "
            f"function runs.",
            payload={"eventName": s3_events.event_name(write.event_type), "key": write.key},
            flow=write.flow, tags=("no-match",))

    def _record_no_match(self, write: Write, bucket) -> None:
        filters = "; ".join(f"{n.destination}: {describe_filter(n)}" for n in bucket.notifications)
        encoded = s3_events.encode_key(write.key)
        # Filters see the URL-encoded key (§7, §13 A4); say so when encoding changed it.
        key = write.key if encoded == write.key else f"{write.key} (URL-encoded: {encoded})"
        self.sim.recorder.record(
            "detect", write.bucket, write.bucket, "push",
            f"{write.bucket}: {write.key} matches no notification",
            f"S3 compares {s3_events.event_name(write.event_type)} on {key} with the "
            f"bucket's notification configuration ({filters}). Nothing matches, so "
            f"S3 sends no event and no function runs.",
            payload={"eventName": s3_events.event_name(write.event_type), "key": write.key},
            flow=write.flow, tags=("no-match",))

    def _record_detect(self, write: Write, n, generation: int, flow: str) -> None:
        """The detect step (chapter step 2)."""
        name = s3_events.event_name(write.event_type)
        if n.topic is not None or n.queue is not None:
            self._record_detect_topic(write, n, name, flow)
            return
        looping = generation > 0 and write.writer == n.function
        narration = (
            f"S3 notices a new event, {name} on {write.key}, and checks the bucket's notification "
            f"configuration: it matches {describe_filter(n)}, so S3 will send the event to "
            f"{n.function}. This trigger lives in the bucket, not in Lambda, and S3 pushes the "
            f"event. "
            f"S3 will call Invoke as s3.amazonaws.com, which works "
            f"only if {n.function}'s resource-based policy allows it; the execution role is not "
            f"involved (it holds the rights of the function's own code).")
        if looping:
            narration = (f"Danger: this object was written by {n.function} itself, and it matches "
                         f"the same notification again. {n.function} will run on its own output: "
                         f"a recursive loop, now {generation} hop{'s' if generation != 1 else ''} "
                         f"from the first upload. Lambda counts the hops of this chain and "
                         f"stops it after about {LIMIT} invocations (lambda-behaviour.md §13 A2). "
                         + narration)
        self.sim.recorder.note_not_simulated("S3 delivery", DELIVERY_CAVEAT)
        self.sim.recorder.record(
            "detect", write.bucket, write.bucket, "push",
            f"S3 detects {name} on {write.key} → {n.function}"
            + (f" (loop, generation {generation})" if looping else ""),
            narration, payload={"notification": n.model_dump(exclude_none=True),
                                "eventName": name, "key": write.key},
            flow=flow, chapter_step=2, tags=("recursion",) if looping else ())

    def _record_detect_topic(self, write: Write, n, name: str, flow: str) -> None:
        """A Topic- or QueueConfiguration matched: S3 will publish the event there (§7, §20, §14)."""
        self.sim.recorder.note_not_simulated("S3 delivery", DELIVERY_CAVEAT)
        self.sim.recorder.note_not_simulated("S3 test notification", TEST_EVENT_CAVEAT)
        if n.topic is not None:
            what = (f"the SNS topic {n.topic}, not a function. S3 will publish the S3 event, as "
                    f"JSON text, as the message of {n.topic}, and SNS gives a copy to every "
                    f"subscriber: the way to send one upload to several functions, since S3 "
                    f"refuses two function rules whose filters overlap (lambda-behaviour.md §7, §20).")
        else:
            what = (f"the SQS queue {n.queue}, not a function. S3 will send the S3 event, as JSON "
                    f"text, as the body of a message in {n.queue}; whatever reads the queue (an "
                    f"event source mapping) gets it from there (lambda-behaviour.md §7, §14).")
        self.sim.recorder.record(
            "detect", write.bucket, write.bucket, "push",
            f"S3 detects {name} on {write.key} → {'topic' if n.topic else 'queue'} {n.destination}",
            f"S3 notices {name} on {write.key}; it matches {describe_filter(n)}, whose destination "
            f"is {what}",
            payload={"notification": n.model_dump(exclude_none=True), "eventName": name,
                     "key": write.key}, flow=flow)

    def _publish(self, write: Write, topic: str, record: dict, flow: str):
        """SimPy process: S3 publishes the event to the topic as s3.amazonaws.com."""
        yield self.sim.env.timeout(float(self.sim.rng.randint(*DELIVERY_DELAY_MS)))
        message = json.dumps(s3_events.s3_event(record), separators=(",", ":"))
        # §6/§7 (S3DEST): S3 calls Publish like any caller, so SNS checks the topic policy on
        # every publish, not only when the configuration was saved.
        decision = self.sim.services["sns"].check_publish(topic, self.s3_principal(write.bucket))
        allowed = decision.decision == "allow"
        self.sim.recorder.record(
            "request", write.bucket, topic, "push", f"S3 publishes the event to {topic}"
            + ("" if allowed else " (denied)"),
            f"S3 calls Publish on {topic} as s3.amazonaws.com, with the S3 event as the message "
            f"and the subject \"Amazon S3 Notification\". SNS checks this request like any "
            f"other: " + (f"the {decision.policy} allows s3.amazonaws.com to publish from "
                          f"{write.bucket} (S3 made the same check when the configuration was saved)."
                          if allowed else f"{decision.reason}, so the event is lost."),
            payload={"operation": "Publish", "TopicArn": self.sim.services["sns"].arn(topic),
                     "Subject": "Amazon S3 Notification", "Message": message},
            permission=decision, flow=flow, tags=() if allowed else ("denied",))
        if allowed:
            self.sim.services["sns"].fan_out(topic, message, "Amazon S3 Notification", {}, flow)

    def _send_to_queue(self, write: Write, queue: str, record: dict, flow: str):
        """SimPy process: S3 sends the event to the queue as s3.amazonaws.com (§7, §14)."""
        yield self.sim.env.timeout(float(self.sim.rng.randint(*DELIVERY_DELAY_MS)))
        body = json.dumps(s3_events.s3_event(record), separators=(",", ":"))
        sqs = self.sim.services["sqs"]
        decision = sqs.check_send_message(queue, self.s3_principal(write.bucket))  # §6/§7 (S3DEST)
        allowed = decision.decision == "allow"
        if allowed:  # stored before the step that says so: a step shows the state after it
            sqs.enqueue(queue, body, {}, flow, sender=self.sim.bucket_arn(write.bucket))
        self.sim.recorder.record(
            "request", write.bucket, queue, "push", f"S3 sends the event to queue {queue}"
            + ("" if allowed else " (denied)"),
            f"S3 calls SendMessage on {queue} as s3.amazonaws.com, with the S3 event as the "
            f"message body. SQS checks this request like any other: "
            + (f"the {decision.policy} allows s3.amazonaws.com to send from {write.bucket} (S3 "
               f"made the same check when the configuration was saved)." if allowed else
               f"{decision.reason}, so the event is lost."),
            payload={"operation": "SendMessage", "QueueUrl": sqs.queues[queue].url, "MessageBody": body},
            permission=decision, flow=flow, tags=() if allowed else ("denied",))

    def s3_principal(self, bucket: str):
        """S3 calling on behalf of `bucket`: the SourceArn and SourceAccount Lambda checks."""
        return self.sim.services["iam"].service_principal(
            "s3.amazonaws.com", bucket, source_arn=self.sim.bucket_arn(bucket),
            source_account=self.sim.account)

    def _deliver(self, write: Write, function: str, record: dict, generation: int, flow: str,
                 qualifier: str | None = None):
        """SimPy process: after a short delay S3 calls Invoke (Event) as s3.amazonaws.com, on
        the alias or version the notification names, if any (§18)."""
        yield self.sim.env.timeout(float(self.sim.rng.randint(*DELIVERY_DELAY_MS)))
        yield from self.sim.services["lambda"].invoke(
            function, s3_events.s3_event(record), invocation_type="Event",
            caller=self.s3_principal(write.bucket),
            source=write.bucket, model="push", flow=flow, chapter={"invoke": 3, "execute": 4},
            qualifier=qualifier)
