"""An SQS queue and its messages, as the simulation keeps them (moved out of app/engine/sqs.py,
whose SqsService sends, receives, deletes and redrives them: lambda-behaviour.md §14).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Message:
    """One message sent to a queue, and what happened to it since (times in ms of simulated
    time). `state` ends "deleted", "moved" (to the DLQ by SQS's redrive), "expired"
    (MessageRetentionPeriod) or stays "queued" (lambda-behaviour.md §14, SQS22/SQSERR)."""

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
        """The inspector's row for the message at `now` (ms): MessageId, Body,
        ApproximateReceiveCount, MessageGroupId on a FIFO queue, VisibleAgainIn while hidden."""
        out: dict[str, Any] = {"MessageId": self.message_id, "Body": self.body,
                               "ApproximateReceiveCount": self.receive_count}
        if self.group_id is not None:
            out["MessageGroupId"] = self.group_id
        if self.visible_at > now:
            out["VisibleAgainIn"] = f"{(self.visible_at - now) / 1000:g} s"
        return out


class Queue:
    """One SQS queue as the simulation keeps it: every message sent (`messages`), those still in
    it (`live`), and the pollers waiting for one to become receivable. `config`: the scenario's
    sqs_queue (VisibilityTimeout in seconds, FifoQueue, RedrivePolicy …; §14)."""

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
        """A FIFO queue (FifoQueue): message groups are handed out in order (§14)."""
        return self.config.fifo

    @property
    def visibility_ms(self) -> float:
        """The queue's VisibilityTimeout, in ms."""
        return self.config.visibility_timeout * 1000.0

    def present(self) -> list[Message]:
        """The messages still in the queue (visible, delayed or in flight), in send order."""
        return list(self.live.values())

    def add(self, message: Message) -> None:
        """A message sent to the queue (kept in `messages` for good, in `live` until it leaves)."""
        self.messages.append(message)
        self.live[id(message)] = message

    def leave(self, message: Message, state: str) -> None:
        """The message is deleted, moved to the DLQ or expired: it is no longer in the queue."""
        message.state = state
        self.live.pop(id(message), None)

    def visible(self, now: float) -> list[Message]:
        """The messages a receive could take at `now` (ms): neither delayed nor in flight."""
        return [m for m in self.present() if m.visible_at <= now]

    def changed(self) -> None:
        """Something may have become receivable: wake the pollers waiting on this queue."""
        waiters, self._waiters = self._waiters, []
        for event in waiters:
            if not event.triggered:
                event.succeed()

    def wait(self):
        """A SimPy event that `changed` triggers: a poller waits on it for a message."""
        event = self.sim.env.event()
        self._waiters.append(event)
        return event

    def next_visible_at(self, now: float) -> float | None:
        """When (ms) the next hidden message becomes visible, or None if none is hidden."""
        later = [m.visible_at for m in self.present() if m.visible_at > now]
        return min(later) if later else None
