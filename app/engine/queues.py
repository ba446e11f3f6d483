"""SQS queues and SNS topics that receive what Lambda gives up on: DLQs and destinations.

They only keep what arrives (their messages are the state the inspector shows); nothing reads
them in a scenario. Message shapes follow SQS ReceiveMessage / SNS notifications.
"""

from __future__ import annotations

import hashlib
from typing import Any

from app.engine.sqs_dedup import MISSING_DEDUP, deduplication_id_for, duplicate_of

SHOWN = 20  # messages kept in the state per queue, newest last


class QueueService:
    """`sim.services["queues"]`."""

    def __init__(self, sim):
        self.sim = sim
        self.queues = sim.scenario.of_type("sqs_queue", "sns_topic")
        self.messages: dict[str, list[dict[str, Any]]] = {n: [] for n in self.queues}
        for name in sim.scenario.of_type("sns_topic"):  # sqs.py publishes the queues' state
            sim.recorder.set_state(name, "messages", ())
            sim.recorder.set_state(name, "message_count", 0)

    def arn(self, name: str) -> str:
        return self.sim.queue_arn(name, self.queues[name].type)

    def send_action(self, name: str) -> str:
        return "sqs:SendMessage" if self.queues[name].type == "sqs_queue" else "sns:Publish"

    def receive(self, name: str, body: str, attributes: dict[str, str], flow: str | None,
                numbers: tuple[str, ...] = ()) -> dict:
        """Store one message, shaped as the queue/topic type would hold it.

        `numbers`: the attributes whose DataType is Number (a DLQ's ErrorCode, §4 ASY)."""
        if self.queues[name].type == "sqs_queue":  # SQS keeps real queues (app/engine/sqs.py)
            sqs = self.sim.services["sqs"]
            message = sqs.as_sqs_message(sqs.enqueue(name, body, attributes, flow, numbers=numbers))
            self.messages[name].append(message)  # everything ever delivered, for tests and summary
            return message
        message_id = self.sim.ids.uuid()
        attrs = message_attributes(attributes, numbers)
        if self.queues[name].type == "sqs_queue":
            message = {"MessageId": message_id, "MD5OfBody": hashlib.md5(body.encode()).hexdigest(),
                       "Body": body}
            if attrs:
                message["MessageAttributes"] = attrs
        else:
            message = {"Type": "Notification", "MessageId": message_id, "TopicArn": self.arn(name),
                       "Message": body, "Timestamp": self.sim.iso_time(),
                       "MessageAttributes": {k: {"Type": a["DataType"], "Value": a["StringValue"]}
                                             for k, a in attrs.items()}}
        kept = self.messages[name]
        kept.append(message)
        self.sim.recorder.set_state(name, "messages", tuple(kept[-SHOWN:]))
        self.sim.recorder.set_state(name, "message_count", len(kept))
        return message

    # -- for handlers' SDK calls (context.sdk.sqs.send_message / sns.publish)
    def sdk_target(self, operation: str, params: dict):
        from app.handlers.sdk import SdkTarget
        name = _name_from(params.get("QueueUrl") or params.get("TopicArn") or "")
        return SdkTarget(self.send_action(name), self.arn(name), name)

    def sdk_send_message(self, params, caller, flow):
        name = _name_from(params["QueueUrl"])
        if self.queues[name].type == "sqs_queue":  # a real queue: group, delay and sender count
            attributes = {k: v.get("StringValue", "") for k, v in params.get("MessageAttributes", {}).items()}
            sqs = self.sim.services["sqs"]
            queue = sqs.queues[name]
            dedup = deduplication_id_for(queue, params["MessageBody"],
                                         params.get("MessageDeduplicationId"))
            if queue.fifo and dedup is None:  # §14 (SQSSM): as SendMessage from an actor
                from app.handlers.sdk import ClientError
                raise ClientError("InvalidParameterValue", "SendMessage", MISSING_DEDUP)
            original = duplicate_of(queue, dedup, self.sim.now)
            if original is not None:  # accepted, not delivered (§14)
                return {"MessageId": original.message_id}
            kept = sqs.enqueue(
                name, params["MessageBody"], attributes, None, sender=caller.arn,
                group_id=params.get("MessageGroupId"),
                delay_ms=float(params.get("DelaySeconds", 0)) * 1000.0, deduplication_id=dedup)
            # Lambda's loop detection sees through SQS (§13 A2c): the message carries the chain
            # of the invocation whose code sent it (app/engine/recursion.py).
            self.sim.services["lambda"].loops.carry(flow, kept.flow, "sqs")
            return {"MessageId": kept.message_id}
        return {"MessageId": self.receive(name, params["MessageBody"], {}, flow)["MessageId"]}

    def sdk_publish(self, params, caller, flow):
        name = _name_from(params["TopicArn"])
        return {"MessageId": self.receive(name, params["Message"], {}, flow)["MessageId"]}


def _name_from(url_or_arn: str) -> str:
    return url_or_arn.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def message_attributes(attributes: dict[str, str], numbers: tuple[str, ...] = ()) -> dict:
    """SQS-style MessageAttributes: every value travels as a string, typed String or Number."""
    return {k: {"DataType": "Number" if k in numbers else "String", "StringValue": v}
            for k, v in attributes.items()}
