"""Amazon SQS queues: messages, visibility timeouts, receive counts and the redrive to a DLQ.

The rules (lambda-behaviour.md §14, SQS22/SQSERR/SQSCFG):
- a received message is hidden for the queue's VisibilityTimeout; deleted in time, it is gone,
  otherwise it becomes visible again and its ApproximateReceiveCount has gone up by one;
- with a RedrivePolicy, a message received `max_receive_count` times that becomes visible again
  is moved by **SQS** (not Lambda) to the dead-letter queue;
- a FIFO queue hands out a message group's messages in order, and none of a group while another
  message of that group is in flight;
- DelaySeconds hides a new message for that long; MessageRetentionPeriod deletes old messages;
- each receive gives a new receipt handle, and a delete with an older one leaves the message
  (AWS: it "might not be deleted"; §14 "An old receipt handle", SQSDEL).
Every message ends deleted, moved to the DLQ, expired, or still in the queue (tests check it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from app.engine.events.sqs import md5_of_body, sqs_record
from app.engine.iam import decide_resource_policy, function_policy_statements
from app.engine.sqs_dedup import MISSING_DEDUP, deduplication_id_for, duplicate_of
from app.engine.sqs_texts import visible_again
from app.engine.wording import count, short_id
from app.scenario.dlq_warnings import ADVISED_RECEIVE_COUNT  # §14: at least 5 on a queue Lambda reads

SHOWN = 20  # messages listed in the inspector per queue
LOW_RECEIVE_COUNT = (" AWS advises a maxReceiveCount of at least 5 for a queue that Lambda reads: "
                     "with less, a message caught by a brief failure, or whose throttled retries "
                     "outlast the visibility timeout, can end up in the dead-letter queue too "
                     "(lambda-behaviour.md §14).")


@dataclass
class Message:
    message_id: str
    body: str
    attributes: dict[str, str]
    sent_ms: float
    sender_id: str
    flow: str
    group_id: str | None = None
    deduplication_id: str | None = None
    sequence_number: str | None = None
    visible_at: float = 0.0  # hidden until then (delay or visibility timeout)
    receive_count: int = 0
    first_receive_ms: float | None = None
    receipt_handle: str | None = None
    state: str = "queued"  # queued | deleted | moved | expired
    history: list[str] = field(default_factory=list)  # what happened to it, for tests and state
    numbers: tuple[str, ...] = ()  # attributes whose DataType is Number
    working: int = 0  # invokes of Lambda's poller still working on it (it may be received again)
    failed_before: bool = False  # a batch that held it failed (or was given up after throttles)

    def summary(self, now: float) -> dict[str, Any]:
        out: dict[str, Any] = {"MessageId": self.message_id, "Body": self.body,
                               "ApproximateReceiveCount": self.receive_count}
        if self.group_id is not None:
            out["MessageGroupId"] = self.group_id
        if self.visible_at > now:
            out["VisibleAgainIn"] = f"{(self.visible_at - now) / 1000:g} s"
        return out


class Queue:
    """One SQS queue as the simulation keeps it."""

    source_kind = "sqs"

    def __init__(self, sim, name: str, config):
        self.sim, self.name, self.config = sim, name, config
        self.node = name
        self.arn = sim.queue_arn(name)
        self.url = f"https://sqs.{sim.region}.amazonaws.com/{sim.account}/{name}"
        self.messages: list[Message] = []  # every message ever sent, in send order
        self.live: dict[int, Message] = {}  # those still in the queue (kept apart: big loads)
        self._waiters: list = []
        self.deduplication: dict[str, Message] = {}  # FIFO: MessageDeduplicationId → first sent

    @property
    def fifo(self) -> bool:
        return self.config.fifo

    @property
    def visibility_ms(self) -> float:
        return self.config.visibility_timeout * 1000.0

    def present(self) -> list[Message]:
        """The messages still in the queue (visible, delayed or in flight), in send order."""
        return list(self.live.values())

    def add(self, message: Message) -> None:
        self.messages.append(message)
        self.live[id(message)] = message

    def leave(self, message: Message, state: str) -> None:
        """The message is deleted, moved to the DLQ or expired: it is no longer in the queue."""
        message.state = state
        self.live.pop(id(message), None)

    def visible(self, now: float) -> list[Message]:
        return [m for m in self.present() if m.visible_at <= now]

    def changed(self) -> None:
        """Something may have become receivable: wake the pollers waiting on this queue."""
        waiters, self._waiters = self._waiters, []
        for event in waiters:
            if not event.triggered:
                event.succeed()

    def wait(self):
        event = self.sim.env.event()
        self._waiters.append(event)
        return event

    def next_visible_at(self, now: float) -> float | None:
        later = [m.visible_at for m in self.present() if m.visible_at > now]
        return min(later) if later else None


class SqsService:
    """`sim.services["sqs"]`: every sqs_queue of the scenario."""

    def __init__(self, sim):
        self.sim = sim
        self.queues = {name: Queue(sim, name, res)
                       for name, res in sim.scenario.of_type("sqs_queue").items()}
        for name in self.queues:
            self.publish(name)

    # ------------------------------------------------------------------ sending
    def send_message(self, stimulus, caller):
        """SendMessage by an actor. A SimPy process; its value is the Message, or None."""
        queue = self.queues[stimulus.queue]
        body = stimulus.message_body if isinstance(stimulus.message_body, str) else \
            json.dumps(stimulus.message_body, separators=(",", ":"))
        request = {"QueueUrl": queue.url, "MessageBody": body}
        if stimulus.message_group_id is not None:
            request["MessageGroupId"] = stimulus.message_group_id
        if stimulus.message_deduplication_id is not None:
            request["MessageDeduplicationId"] = stimulus.message_deduplication_id
        if stimulus.delay_seconds:
            request["DelaySeconds"] = stimulus.delay_seconds
        if stimulus.message_attributes:
            request["MessageAttributes"] = {k: {"DataType": "String", "StringValue": v}
                                            for k, v in stimulus.message_attributes.items()}
        decision = self.check_send_message(queue.name, caller)
        ok = decision.decision == "allow"
        rec = self.sim.recorder
        rec.record("request", caller.node, queue.name, "pull",
                   f"{caller.node} → SendMessage to {queue.name}" + ("" if ok else " (denied)"),
                   f"{caller.node} sends a message to the SQS queue {queue.name}. "
                   + (f"The {decision.policy} allows sqs:SendMessage on the queue." if ok else
                      f"Its credentials do not allow sqs:SendMessage on this queue: {decision.reason}."),
                   payload=request, permission=decision, tags=() if ok else ("denied",))
        if not ok:
            rec.record("response", queue.name, caller.node, "pull", "403 AccessDenied",
                       "SQS refuses the message; nothing is added to the queue.",
                       payload={"__type": "AccessDenied",
                                "message": f"User: {caller.display} is not authorized to perform: "
                                           f"sqs:SendMessage on resource: {queue.arn}"},
                       status=403, tags=("denied",))
            return None
        dedup_id = deduplication_id_for(queue, body, stimulus.message_deduplication_id)
        if queue.fifo and dedup_id is None:
            # §14 (SQSSM): neither an id nor ContentBasedDeduplication; 400 in SQS's words (observed)
            rec.record("response", queue.name, caller.node, "pull", "400 InvalidParameterValue",
                       f"SQS refuses the message: {queue.name} is a FIFO queue, and every message "
                       f"needs a MessageDeduplicationId. The send gave none and the queue does not "
                       f"make one from the body (ContentBasedDeduplication is off), so nothing is "
                       f"added to the queue.",
                       payload={"__type": "InvalidParameterValue", "message": MISSING_DEDUP},
                       status=400, tags=("error",))
            return None
        original = duplicate_of(queue, dedup_id, self.sim.now)
        if original is not None:
            return self._accept_duplicate(queue, caller, original, dedup_id)
        message = self.enqueue(queue.name, body, dict(stimulus.message_attributes), None,
                               sender=caller.arn, group_id=stimulus.message_group_id,
                               delay_ms=stimulus.delay_seconds * 1000.0, deduplication_id=dedup_id)
        delay = (f" It stays hidden for {stimulus.delay_seconds} s (DelaySeconds) before anyone "
                 f"can receive it." if stimulus.delay_seconds else "")
        group = (f" It joins message group {message.group_id}: SQS hands out that group's messages "
                 f"in order." if message.group_id and queue.fifo else
                 f" On a standard queue MessageGroupId names a tenant of a fair queue: SQS lets a "
                 f"busy group wait so it does not delay the others, but keeps no order (LambdaScope "
                 f"does not model the fairness)." if message.group_id else "")
        response = {"MessageId": message.message_id, "MD5OfMessageBody": md5_of_body(body)}
        if message.sequence_number:
            response["SequenceNumber"] = message.sequence_number
        rec.record("response", queue.name, caller.node, "pull",
                   f"200 MessageId {short_id(message.message_id)}",
                   f"SQS stores the message and answers with its MessageId. The message waits in "
                   f"{queue.name} until a consumer receives and deletes it.{delay}{group}",
                   payload=response, status=200, flow=message.flow)
        return message
        yield  # a SimPy process, even though SendMessage takes no simulated time

    def _accept_duplicate(self, queue: Queue, caller, original: Message, dedup_id: str) -> Message:
        """A repeat within the interval: 200, but nothing new in the queue (§14, SQSSM)."""
        response = {"MessageId": original.message_id, "MD5OfMessageBody": md5_of_body(original.body)}
        if original.sequence_number:
            response["SequenceNumber"] = original.sequence_number
        self.sim.recorder.record(
            "response", queue.name, caller.node, "pull",
            f"200 MessageId {short_id(original.message_id)} (duplicate, not delivered)",
            f"SQS accepts the send and answers 200, but the message is not delivered: a message "
            f"with MessageDeduplicationId {_short(dedup_id)} reached {queue.name} less than 5 "
            f"minutes ago, so this one counts as the same message sent twice. Nothing is added to "
            f"the queue; no consumer will see it.",
            payload=response, status=200, flow=original.flow, tags=("duplicate",))
        return original

    def check_send_message(self, name: str, principal, action: str = "sqs:SendMessage"):
        """May `principal` send to queue `name`? A service needs the queue policy; an identity
        of the account needs its identity policy or the queue policy, and no explicit deny
        (lambda-behaviour.md §6 and §13 A5 for the rule; SQS queue policies follow it)."""
        iam, queue = self.sim.services["iam"], self.queues[name]
        statements = function_policy_statements(queue.arn, queue.config.permissions)

        def by_queue_policy():
            d = decide_resource_policy(name, statements, principal, action, queue.arn)
            why = d.reason and d.reason.replace(f"resource-based policy of {name}", f"queue policy of {name}")
            return replace(d, policy=f"queue policy of {name}", reason=why)
        if principal.kind == "service":
            return by_queue_policy()
        by_identity = iam.check_identity(principal, action, queue.arn)
        if by_identity.decision == "allow" or by_identity.matched:
            return by_identity
        by_resource = by_queue_policy()
        return by_resource if by_resource.decision == "allow" else by_identity

    def enqueue(self, name: str, body: str, attributes: dict[str, str], flow: str | None, *,
                sender: str = "", group_id: str | None = None, delay_ms: float = 0.0,
                numbers: tuple[str, ...] = (), deduplication_id: str | None = None) -> Message:
        """Store one message (from SendMessage, a DLQ delivery or a destination).

        `sender`: the sender's ARN (SenderId is derived from it); `numbers`: the attributes whose
        DataType is Number; `delay_ms`: DelaySeconds in ms; `deduplication_id`: a FIFO
        message's MessageDeduplicationId (a SHA-256 of the body when not given)."""
        queue = self.queues[name]
        message_id = self.sim.ids.uuid()
        if queue.fifo and group_id is None:
            group_id = "default"
        message = Message(message_id, body, attributes, self.sim.now, _sender_id(sender),
                          flow or f"sqs/{message_id[:8]}", group_id, visible_at=self.sim.now + delay_ms)
        if queue.fifo:
            message.deduplication_id = deduplication_id or hashlib.sha256(body.encode()).hexdigest()
            queue.deduplication[message.deduplication_id] = message
            message.sequence_number = f"{18_800_000_000_000_000_000 + self.sim.ids.next(f'sqs-seq/{name}')}"
        message.numbers = tuple(numbers)
        message.history.append("sent")
        queue.add(message)
        if delay_ms > 0:
            self.sim.env.process(self._wake_later(queue, delay_ms))
        self.publish(name)
        queue.changed()
        return message

    def _wake_later(self, queue: Queue, delay_ms: float):
        yield self.sim.env.timeout(delay_ms)
        self.publish(queue.name)
        queue.changed()

    # ------------------------------------------------------------------ receiving
    def receive(self, name: str, max_messages: int) -> list[Message]:
        """ReceiveMessage: up to `max_messages` visible messages, now hidden for the visibility
        timeout, each with its receive count raised and a new receipt handle. FIFO: oldest
        first per group, and no group that has a message in flight."""
        queue, now = self.queues[name], self.sim.now
        self.expire_old(name)
        busy = {m.group_id for m in queue.present() if m.visible_at > now and m.receive_count}
        taken: list[Message] = []
        blocked: set = set()
        for m in queue.visible(now):
            if len(taken) >= max_messages:
                break
            if queue.fifo and (m.group_id in busy or m.group_id in blocked):
                continue
            taken.append(m)
        for m in taken:
            m.receive_count += 1
            m.first_receive_ms = now if m.first_receive_ms is None else m.first_receive_ms
            m.receipt_handle = f"AQEB{self.sim.ids.hex(24)}"
            m.visible_at = now + queue.visibility_ms
            m.history.append(f"received {m.receive_count}")
            self.sim.env.process(self._visibility_expires(queue, m, m.receipt_handle))
        if taken:
            self.publish(name)
        return taken

    def _visibility_expires(self, queue: Queue, m: Message, handle: str):
        yield self.sim.env.timeout(queue.visibility_ms)
        if m.state != "queued" or m.receipt_handle != handle:
            return  # deleted in time, or received again with a new handle
        policy = queue.config.redrive_policy
        if policy is not None and m.receive_count >= policy.max_receive_count:
            self._redrive(queue, m, policy)
        else:
            m.history.append("visible again")
            self.publish(queue.name)  # before the step: it shows the state after it
            summary, narration, tags = visible_again(queue.name, queue.config.visibility_timeout,
                                                     m, policy)
            self.sim.recorder.record("enqueue", queue.name, queue.name, "pull", summary, narration,
                                     payload=m.summary(self.sim.now), flow=m.flow, tags=tags)
        queue.changed()

    def _redrive(self, queue: Queue, m: Message, policy) -> None:
        queue.leave(m, "moved")
        m.history.append(f"moved to {policy.dead_letter_queue}")
        moved = self.enqueue(policy.dead_letter_queue, m.body, m.attributes, m.flow,
                             sender=m.sender_id, group_id=m.group_id,
                             deduplication_id=m.deduplication_id)
        moved.message_id, moved.sender_id = m.message_id, m.sender_id  # kept by a redrive
        moved.numbers, moved.receive_count = m.numbers, m.receive_count  # the count goes on
        self.publish(policy.dead_letter_queue)
        self.publish(queue.name)  # gone from the source queue at the step that says so
        self.sim.recorder.record(
            "dead-letter", queue.name, policy.dead_letter_queue, "pull",
            f"SQS moves message {short_id(m.message_id)} to {policy.dead_letter_queue} "
            f"(received {m.receive_count}×)",
            f"The message has been received {count(m.receive_count, 'time')} without being "
            f"deleted, which "
            f"is the queue's maxReceiveCount ({policy.max_receive_count}). So SQS itself, not "
            f"Lambda, moves it to the dead-letter queue {policy.dead_letter_queue}, where it waits "
            f"for someone to look at it. It no longer blocks or retries."
            + (LOW_RECEIVE_COUNT if policy.max_receive_count < ADVISED_RECEIVE_COUNT else ""),
            payload={"MessageId": m.message_id, "Body": m.body,
                     "ApproximateReceiveCount": m.receive_count,
                     "RedrivePolicy": {"deadLetterTargetArn": self.queues[policy.dead_letter_queue].arn,
                                       "maxReceiveCount": policy.max_receive_count}},
            flow=m.flow, tags=("dead-letter",))

    def delete(self, name: str, messages: list[Message],
               handles: list[str | None] | None = None) -> list[Message]:
        """DeleteMessage(Batch): `handles[i]` is the receipt handle the caller got for
        `messages[i]` (None or no list: the message's latest one). Returns the messages left in
        the queue because their handle is from an earlier receive: the call still succeeds, but
        SQS need not delete a message received again since, and LambdaScope does not
        (lambda-behaviour.md §14 "An old receipt handle", SQSDEL)."""
        stale = []
        for i, m in enumerate(messages):
            handle = handles[i] if handles is not None else None
            if m.state != "queued":
                continue
            if handle is not None and handle != m.receipt_handle:
                stale.append(m)
                m.history.append("delete with an old receipt handle")
                continue
            self.queues[name].leave(m, "deleted")
            m.history.append("deleted")
        self.publish(name)
        self.queues[name].changed()
        return stale

    def expire_old(self, name: str) -> None:
        """MessageRetentionPeriod: SQS deletes messages older than it."""
        queue = self.queues[name]
        limit = queue.config.message_retention_period * 1000.0
        for m in queue.present():
            if self.sim.now - m.sent_ms >= limit:
                queue.leave(m, "expired")
                m.history.append("expired")
                self.sim.recorder.record(
                    "error", queue.name, queue.name, "pull",
                    f"message {short_id(m.message_id)} expired in {queue.name}",
                    f"The message is older than the queue's retention period "
                    f"({queue.config.message_retention_period} s), so SQS deletes it unread.",
                    payload=m.summary(self.sim.now), flow=m.flow, tags=("expired",))

    # ------------------------------------------------------------------ the event and state
    def record_for(self, name: str, m: Message) -> dict[str, Any]:
        return sqs_record(m, receipt_handle=m.receipt_handle, queue_arn=self.queues[name].arn,
                          region=self.sim.region,
                          epoch_ms=lambda t: int(round(self.sim.epoch_seconds(t) * 1000)))

    def publish(self, name: str) -> None:
        """The queue's inspector state: depth, in-flight messages and their receive counts."""
        queue, now, rec = self.queues[name], self.sim.now, self.sim.recorder
        present = queue.present()
        waiting = [m for m in present if m.visible_at <= now]
        hidden = [m for m in present if m.visible_at > now]
        in_flight = [m for m in hidden if m.receive_count]
        rec.set_state(name, "ApproximateNumberOfMessages", len(waiting))
        rec.set_state(name, "ApproximateNumberOfMessagesNotVisible", len(in_flight))
        rec.set_state(name, "ApproximateNumberOfMessagesDelayed", len(hidden) - len(in_flight))
        rec.set_state(name, "messages", tuple(m.summary(now) for m in waiting[:SHOWN]))
        rec.set_state(name, "in_flight", tuple(m.summary(now) for m in in_flight[:SHOWN]))
        rec.set_state(name, "message_count", len(present))
        if queue.config.redrive_policy is not None:
            rec.set_state(name, "dead_letter_queue", queue.config.redrive_policy.dead_letter_queue)

    # -- for handlers' SDK calls and QueueService (DLQs, destinations)
    def as_sqs_message(self, m: Message) -> dict[str, Any]:
        out = {"MessageId": m.message_id, "MD5OfBody": md5_of_body(m.body), "Body": m.body}
        if m.attributes:
            out["MessageAttributes"] = {
                k: {"DataType": "Number" if k in m.numbers else "String", "StringValue": v}
                for k, v in m.attributes.items()}
        return out


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…"


def _sender_id(principal_arn: str) -> str:
    """SenderId: the sender's unique id (an IAM user AIDA…, a role session AROA…:name)."""
    if not principal_arn:
        return "AIDAEXAMPLESENDER00"
    digest = hashlib.md5(principal_arn.encode()).hexdigest().upper()[:17]
    if ":assumed-role/" in principal_arn:
        return f"AROA{digest}:{principal_arn.rsplit('/', 1)[-1]}"
    return f"AIDA{digest}"
