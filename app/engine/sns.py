"""Amazon SNS topics that fan a message out to their subscriptions.

docs/reference/lambda-behaviour.md §20 (SNS22, SNSEX, SNSR;
https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html): SNS invokes a subscribed function
**asynchronously**, one record per invocation with capitalised keys, and Lambda lets it only if
the function's resource-based policy allows `sns.amazonaws.com` with the topic's ARN as
SourceArn. Once Lambda accepts the event (202) its own async queue handles function errors
(two retries, DLQ, destinations, reserved concurrency 0), so this module only hands the event
over. SNS itself retries a delivery only on a server-side error, on a fixed policy
(`delivery_delays`); a client-side error such as a refused permission is not retried and the
message is discarded, or sent to the subscription's dead-letter queue. A subscription's filter
policy decides first whether it gets the message at all (app/engine/sns_subscriptions.py).

Who may publish: an actor or function needs `sns:Publish` in its identity policy; S3 (a bucket's
TopicConfiguration) needs a statement in the topic policy (`permissions`). A message over the
topic's size (256 KiB) is refused with 400 InvalidParameter (app/engine/sns_limits.py, §20).
A publish by function code carries the invocation's loop chain (`loops.carry(…, via="sns")`,
app/engine/recursion.py): Lambda detects loops through SNS (§13 A2).
"""

from __future__ import annotations

import json

from app.engine.events import sns as sns_events
from app.engine.iam import Statement, access_denied_suffix, decide_with_source
from app.engine.signing import stopped_before_sending
from app.engine.sns_limits import (SNS_MAX_BYTES, TOO_LONG, message_size, too_long,
                                   too_long_error)
from app.engine.sns_subscriptions import passes, record_filtered, to_dead_letter_queue
from app.engine.trace import PermissionDecision  # noqa: F401 (the type check_publish returns)

DELIVERY_DELAY_MS = (20, 120)  # SNS delivers within a fraction of a second; not a documented number
SHOWN_RETRIES = 15  # the first three phases of the policy are played; the 100,000 slow ones are not


def delivery_delays() -> list[float]:
    """SNS's delivery retry policy for Lambda and SQS endpoints (§20 SNSR), as seconds to wait
    before each retry: 3 at once, 2 one second apart, 10 with exponential backoff from 1 to 20 s,
    then 100,000 every 20 s: 100,015 retries over about 23 days. Not customisable."""
    backoff = [1.0 * (20.0 / 1.0) ** (i / 9) for i in range(10)]
    return [0.0] * 3 + [1.0] * 2 + backoff + [20.0] * 100_000


class SnsService:
    """`sim.services["sns"]`: topics, their subscriptions, and publishing."""

    def __init__(self, sim):
        self.sim = sim
        self.topics = sim.scenario.of_type("sns_topic")
        self.sub_ids: dict[tuple[str, int], str] = {}
        self.published: dict[str, int] = {name: 0 for name in self.topics}
        for name, topic in self.topics.items():
            subs = []
            for i, sub in enumerate(topic.subscriptions):
                self.sub_ids[(name, i)] = sim.ids.uuid()
                entry = {"Protocol": sub.protocol, "Endpoint": self._endpoint_arn(sub),
                         "SubscriptionArn": self.subscription_arn(name, i)}
                if sub.filter_policy is not None:  # GetSubscriptionAttributes' names (§20)
                    entry["FilterPolicy"] = sub.filter_policy
                    entry["FilterPolicyScope"] = sub.filter_policy_scope
                if sub.dead_letter_queue:
                    entry["RedrivePolicy"] = {"deadLetterTargetArn":
                                              sim.queue_arn(sub.dead_letter_queue)}
                subs.append(entry)
            if subs:  # a fan-out topic: what it published, not the DLQ view of app/engine/queues.py
                sim.recorder.delete_state(name, "messages")
                sim.recorder.delete_state(name, "message_count")
            sim.recorder.set_state(name, "subscriptions", tuple(subs))
            sim.recorder.set_state(name, "messages_published", 0)

    # ------------------------------------------------------------------ names and policies
    def arn(self, topic: str) -> str:
        return self.sim.queue_arn(topic, "sns_topic")

    def subscription_arn(self, topic: str, index: int) -> str:
        return sns_events.subscription_arn(self.arn(topic), self.sub_ids[(topic, index)])

    def _endpoint_arn(self, sub) -> str:
        return self.sim.function_arn(sub.function) if sub.function else self.sim.queue_arn(sub.queue)

    def topic_policy(self, topic: str) -> tuple[Statement, ...]:
        """The topic policy as IAM reads it: `permissions` with SourceArn/SourceAccount conditions."""
        out = []
        for p in self.topics[topic].permissions:
            conditions = []
            if p.source_arn:
                conditions.append(("ArnLike", "aws:SourceArn", p.source_arn))
            if p.source_account:
                conditions.append(("StringEquals", "aws:SourceAccount", p.source_account))
            out.append(Statement("Allow", (p.action,), (self.arn(topic),), p.sid, (p.principal,),
                                 tuple(conditions)))
        return tuple(out)

    def check_publish(self, topic: str, principal) -> PermissionDecision:
        """May `principal` call sns:Publish on `topic`? A service (S3) needs the topic policy;
        an identity in the account needs its identity policy (or a topic policy naming it)."""
        action, resource = "sns:Publish", self.arn(topic)
        if principal.kind != "service":
            by_identity = self.sim.services["iam"].check_identity(principal, action, resource)
            if by_identity.decision == "allow" or by_identity.matched:
                return by_identity
        return decide_with_source(f"topic policy of {topic}", self.topic_policy(topic), principal,
                                  action, resource)

    # ------------------------------------------------------------------ Publish
    def publish(self, stimulus, caller):
        """SimPy process: the script's `publish` action (an actor calls Publish)."""
        yield self.sim.env.timeout(0)
        actor, topic, rec = stimulus.actor, stimulus.topic, self.sim.recorder
        if stopped_before_sending(self.sim, caller, actor, topic, "Publish", "push"):
            return
        flow = f"sns-{self.sim.ids.hex(8)}"
        decision = self.check_publish(topic, caller)
        allowed = decision.decision == "allow"
        request = {"operation": "Publish", "TopicArn": self.arn(topic), "Message": stimulus.message}
        if stimulus.subject is not None:
            request["Subject"] = stimulus.subject
        if stimulus.message_attributes:
            request["MessageAttributes"] = {
                k: {"DataType": "String" if isinstance(v, str) else "Number", "StringValue": str(v)}
                for k, v in stimulus.message_attributes.items()}
        rec.record("request", actor, topic, "push", f"{actor} publishes a message to {topic}",
                   f"{actor} calls Publish on the topic {topic}. SNS first checks the credentials "
                   f"{actor} signs with: "
                   + (f"the {decision.policy} allows sns:Publish ({decision.matched})."
                      if allowed else f"{decision.reason}."),
                   payload=request, permission=decision, flow=flow, tags=() if allowed else ("denied",))
        if not allowed:
            message = (f"User: {caller.display} is not authorized to perform: sns:Publish on "
                       f"resource: {self.arn(topic)}" + access_denied_suffix(decision))
            rec.record("error", topic, actor, "push", f"{topic} answers 403 AuthorizationError",
                       f"SNS refuses the message, so nobody subscribed to {topic} hears of it.",
                       payload={"Error": {"Code": "AuthorizationError", "Message": message}},
                       status=403, flow=flow, tags=("denied",))
            return
        if too_long(stimulus.message, stimulus.message_attributes,
                    self.topics[topic].maximum_message_size):
            self._record_too_long(topic, actor, stimulus.message, stimulus.message_attributes, flow)
            return
        self.sim.services["lambda"].loops.carry(None, flow, "sns")
        message_id = self.fan_out(topic, stimulus.message, stimulus.subject,
                                  dict(stimulus.message_attributes), flow)
        rec.record("response", topic, actor, "push", f"{topic} answers 200 (MessageId)",
                   f"SNS has accepted the message and answers at once with its MessageId; the "
                   f"deliveries to the topic's subscriptions happen after this, each on its own.",
                   payload={"MessageId": message_id}, status=200, flow=flow)

    def _record_too_long(self, topic: str, actor: str, message: str, attributes, flow: str):
        """SNS's 400 InvalidParameter to a message over the topic's size (§20 SNSPUB, SNSLARGE)."""
        limit = self.topics[topic].maximum_message_size
        self.sim.recorder.record(
            "error", topic, actor, "push", f"{topic} answers 400 InvalidParameter (message too long)",
            f"The message and its attributes come to {message_size(message, attributes):,} bytes, "
            f"more than {topic}'s MaximumMessageSize of {limit:,} bytes"
            + (" (256 KiB, the default; it can be raised to 1 MiB)" if limit == SNS_MAX_BYTES
               else "") +
            f". SNS refuses the whole Publish: nothing is stored and no subscriber hears of it "
            f"(lambda-behaviour.md §20, SNSPUB, SNSLARGE).",
            payload=too_long_error(), status=400, flow=flow, tags=("too-large",))

    def fan_out(self, topic: str, message: str, subject: str | None, attributes: dict[str, str],
                flow: str, publisher: str | None = None) -> str:
        """Accept one message and start a delivery per subscription; returns the MessageId.
        `publisher`: the node that published, when it is not an actor's request (S3, a function)."""
        message_id = self.sim.ids.uuid()
        timestamp = self.sim.iso_time()
        self.published[topic] += 1
        self.sim.recorder.set_state(topic, "messages_published", self.published[topic])
        subs = self.topics[topic].subscriptions
        self.sim.recorder.record(
            "detect", topic, topic, "push",
            f"{topic} fans the message out to {len(subs)} subscription"
            + ("" if len(subs) == 1 else "s"),
            f"SNS keeps one copy of the message for each subscription of {topic} "
            f"({', '.join(s.endpoint for s in subs) or 'none'}) and delivers each on its own: a "
            f"slow or failing subscriber does not hold the others up. For a Lambda subscription "
            f"SNS calls Invoke asynchronously as sns.amazonaws.com (lambda-behaviour.md §20).",
            payload={"MessageId": message_id, "TopicArn": self.arn(topic),
                     "subscriptions": [s.endpoint for s in subs]},
            flow=flow, tags=() if subs else ("no-match",))
        for i, sub in enumerate(subs):
            if not passes(sub, message, attributes):  # §20 (SNSFP): the subscription's filter
                record_filtered(self, topic, sub, attributes, flow)
                continue
            if sub.function:
                record = sns_events.sns_record(
                    region=self.sim.region, topic_arn=self.arn(topic),
                    sub_arn=self.subscription_arn(topic, i), message_id=message_id,
                    message=message, subject=subject, timestamp=timestamp, attributes=attributes,
                    # the random draw it always was (the ids after it stay put), base64-shaped
                    signature=sns_events.placeholder_signature(self.sim.ids.alnum(40)),
                    cert_id=self.sim.ids.hex(32))
                self.sim.env.process(self._deliver(topic, i, record, flow))
            else:
                self._deliver_to_queue(topic, i, message_id, message, subject, timestamp,
                                       attributes, flow)
        return message_id

    def _envelope(self, topic, index, message_id, message, subject, timestamp, attributes) -> dict:
        """The notification as JSON (what an SQS subscription or a dead-letter queue gets)."""
        return sns_events.notification_json(  # §20 (SNSJSON)
            region=self.sim.region, topic_arn=self.arn(topic),
            sub_arn=self.subscription_arn(topic, index), message_id=message_id, message=message,
            subject=subject, timestamp=timestamp,
            attributes=sns_events.message_attributes(attributes))

    def _deliver_to_queue(self, topic, index, message_id, message, subject, timestamp,
                          attributes, flow) -> None:
        """An SQS subscription: the SNS envelope becomes the SQS message body (raw delivery off);
        the queue policy must let sns.amazonaws.com send from this topic (§20 SNS22, §14)."""
        sub = self.topics[topic].subscriptions[index]
        queue = sub.queue
        envelope = self._envelope(topic, index, message_id, message, subject, timestamp, attributes)
        sqs = self.sim.services["sqs"]
        decision = sqs.check_send_message(queue, self.sns_principal(topic))
        ok = decision.decision == "allow"
        if ok:  # stored before the step that says so: a step shows the state after it
            sqs.enqueue(queue, json.dumps(envelope, separators=(",", ":")), {}, flow,
                        sender=self.arn(topic))
        self.sim.recorder.record(
            "destination", topic, queue, "push",
            f"{topic} sends the message to queue {queue}" + ("" if ok else " (denied)"),
            f"SNS wraps the message in its JSON envelope and sends it to {queue} as the body of "
            f"an SQS message, as sns.amazonaws.com: "
            + (f"the {decision.policy} allows it ({decision.matched})." if ok else
               f"{decision.reason}. That is a client-side error, so SNS does not retry and this "
               f"copy of the message is "
               + ("sent to the subscription's dead-letter queue" if sub.dead_letter_queue else "lost")
               + " (lambda-behaviour.md §20 SNSR)."),
            payload=envelope, permission=decision, flow=flow,
            tags=() if ok else ("denied",) + (() if sub.dead_letter_queue else ("dropped",)))
        if not ok:
            to_dead_letter_queue(self, topic, sub, envelope, "the queue policy refused it", flow)

    def sns_principal(self, topic: str):
        """SNS calling on behalf of `topic`: the SourceArn Lambda's policy check compares."""
        return self.sim.services["iam"].service_principal(
            "sns.amazonaws.com", topic, source_arn=self.arn(topic), source_account=self.sim.account)

    def _deliver(self, topic: str, index: int, record: dict, flow: str):
        """SimPy process: SNS calls Invoke (Event); retries only server-side errors (§20 SNSR)."""
        sub = self.topics[topic].subscriptions[index]
        function = sub.function
        yield self.sim.env.timeout(float(self.sim.rng.randint(*DELIVERY_DELAY_MS)))
        lam = self.sim.services["lambda"]
        for attempt, delay in enumerate([None, *delivery_delays()[:SHOWN_RETRIES]]):
            if delay is not None:
                yield self.sim.env.timeout(delay * 1000.0)
            response = yield from lam.invoke(
                function, sns_events.sns_event(record), invocation_type="Event",
                caller=self.sns_principal(topic), source=topic, model="push", flow=flow,
                retry=f"SNS retry {attempt}" if attempt else None)
            status = response.status
            if status < 400 or status == 0:
                return
            if status < 500 and status != 429:
                self._record_discarded(topic, function, status, flow, sub.dead_letter_queue)
                sns = record["Sns"]
                envelope = sns_events.notification_json(  # §20 (SNSJSON)
                    region=self.sim.region, topic_arn=sns["TopicArn"],
                    sub_arn=record["EventSubscriptionArn"], message_id=sns["MessageId"],
                    message=sns["Message"], subject=sns["Subject"], timestamp=sns["Timestamp"],
                    attributes=sns["MessageAttributes"])
                to_dead_letter_queue(self, topic, sub, envelope, f"Lambda answered {status}", flow)
                return
        why = (f"SNS would go on retrying {function} every 20 s for about 23 days (100,015 tries "
               f"in all) before discarding the message"
               + (f" or moving it to {sub.dead_letter_queue}" if sub.dead_letter_queue else "")
               + f" (lambda-behaviour.md §20 SNSR); LambdaScope plays only the first "
               f"{SHOWN_RETRIES} retries.")
        self.sim.recorder.record("not-simulated", topic, function, "push",
                                 "SNS's slow retries are not played", why, flow=flow, caveat=why)

    def _record_discarded(self, topic: str, function: str, status: int, flow: str,
                          dlq: str | None = None) -> None:
        end = (f"so SNS stops trying; the subscription has a dead-letter queue, {dlq}, so the "
               f"message goes there instead of being discarded" if dlq else
               f"so SNS discards this copy of the message; a subscription dead-letter queue "
               f"would keep it")
        self.sim.recorder.record(
            "error", topic, topic, "push",
            f"SNS gives up on {function}: {status} is a client-side error, not retried",
            f"SNS retries a delivery only when the endpoint fails on its side. A {status} means "
            f"the request itself is refused (here: {function}'s resource-based policy does not let "
            f"sns.amazonaws.com invoke it from {topic}), which no retry can fix, {end} "
            f"(lambda-behaviour.md §20 SNSR). The other subscriptions are not affected.",
            flow=flow, tags=("denied",) if dlq else ("denied", "dropped"))

    # ------------------------------------------------------------------ SDK (function code's Publish)
    def sdk_target(self, operation: str, params: dict):
        from app.handlers.sdk import SdkTarget
        name = str(params.get("TopicArn", "")).rsplit(":", 1)[-1]
        return SdkTarget("sns:Publish", self.arn(name), name)

    def sdk_publish(self, params, caller, flow):
        """Function code's Publish: the message continues the invocation's loop chain (§13 A2)."""
        topic = str(params["TopicArn"]).rsplit(":", 1)[-1]
        if topic in self.topics and too_long(str(params.get("Message", "")),
                                             params.get("MessageAttributes"),
                                             self.topics[topic].maximum_message_size):
            from app.handlers.sdk import ClientError  # §20 (SNSPUB, SNSLARGE): over 256 KiB
            raise ClientError("InvalidParameter", "Publish", TOO_LONG)
        new_flow = f"sns-{self.sim.ids.hex(8)}"
        self.sim.services["lambda"].loops.carry(flow, new_flow, "sns")
        attributes = {k: _attribute_value(v) for k, v in params.get("MessageAttributes", {}).items()}
        message_id = self.fan_out(topic, params["Message"], params.get("Subject"), attributes,
                                  new_flow)
        return {"MessageId": message_id}


def _attribute_value(attr: dict):
    """An SDK MessageAttributes entry as fan_out takes it: text, or a number for DataType
    Number (filter policies compare numbers only with Number attributes, §20 SNSFP)."""
    text = attr.get("StringValue", "")
    if str(attr.get("DataType", "String")).startswith("Number"):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text
