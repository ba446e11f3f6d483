"""What an SNS subscription adds on its own: a filter policy and a dead-letter queue.

docs/reference/lambda-behaviour.md §20 (SNSFP, SNSDLQ, SNSR):
- A filter policy (FilterPolicy) names message attributes, or, with FilterPolicyScope
  MessageBody, properties of a JSON message. The subscription gets the message only when every
  name in the policy matches (AND), each by at least one of its values (OR): exact strings,
  `prefix`, `anything-but`, `numeric` (Number attributes only), `exists`. SNS ignores attributes
  the policy does not name. A message that does not match is not delivered to this subscription
  (SNS counts it in NumberOfNotificationsFilteredOut); the others are unaffected.
  https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
- A message SNS cannot deliver, after a client-side error (no retry) or server-side errors past
  the retry policy, is discarded unless the subscription has a dead-letter queue (RedrivePolicy);
  SNS then sends it to that SQS queue, which needs a queue policy letting sns.amazonaws.com send
  from the topic. https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html

The matcher is app.engine.event_filter (the same EventBridge-pattern rules Lambda's event
filtering uses): attributes become a document, Number attributes as numbers.
"""

from __future__ import annotations

import json
from typing import Any

from app.engine.event_filter import matches


def policy_document(sub, message: str, attributes: dict[str, Any]) -> Any:
    """What the policy is matched against: the attributes (name → text or number), or the
    message parsed as JSON (None when it is not a JSON object: nothing matches)."""
    if sub.filter_policy_scope == "MessageBody":
        try:
            body = json.loads(message)
        except ValueError:
            return None
        return body if isinstance(body, dict) else None
    return dict(attributes)


def passes(sub, message: str, attributes: dict[str, Any]) -> bool:
    """Does this subscription's filter policy let the message through? (True without one.)"""
    if sub.filter_policy is None:
        return True
    document = policy_document(sub, message, attributes)
    return document is not None and matches(sub.filter_policy, document)


def record_filtered(sns, topic: str, sub, attributes: dict[str, Any], flow: str) -> None:
    where = ("the message's attributes" if sub.filter_policy_scope == "MessageAttributes"
             else "the properties of the JSON message")
    shown = (f"its attributes are {json.dumps(attributes)}" if sub.filter_policy_scope ==
             "MessageAttributes" else "its body does not have them")
    sns.sim.recorder.record(
        "detect", topic, topic, "push",
        f"{topic}: filtered out for {sub.endpoint} (filter policy)",
        f"The subscription of {sub.endpoint} has a filter policy, and SNS compares it with "
        f"{where} before delivering: every name in the policy must match, each by one of its "
        f"values. This message does not match ({shown}), so SNS does not deliver it to "
        f"{sub.endpoint} at all: no invoke, nothing to retry. The other subscriptions are not "
        f"affected (lambda-behaviour.md §20).",
        payload={"FilterPolicy": sub.filter_policy,
                 "FilterPolicyScope": sub.filter_policy_scope,
                 "MessageAttributes": attributes},
        flow=flow, tags=("filtered",))


def to_dead_letter_queue(sns, topic: str, sub, envelope: dict, why: str, flow: str) -> bool:
    """Send an undeliverable message to the subscription's DLQ; True if a DLQ took it."""
    dlq = sub.dead_letter_queue
    if dlq is None:
        return False
    sqs = sns.sim.services["sqs"]
    decision = sqs.check_send_message(dlq, sns.sns_principal(topic))
    ok = decision.decision == "allow"
    body = json.dumps(envelope, separators=(",", ":"))
    if ok:  # stored before the step that says so: a step shows the state after it
        sqs.enqueue(dlq, body, {}, flow, sender=sns.arn(topic))
    sns.sim.recorder.record(
        "destination", topic, dlq, "push",
        f"{topic} moves the message for {sub.endpoint} to its dead-letter queue {dlq}"
        + ("" if ok else " (denied)"),
        f"SNS could not deliver this message to {sub.endpoint} ({why}). The subscription has a "
        f"dead-letter queue (RedrivePolicy), so instead of discarding the message SNS sends it "
        f"to {dlq}, as sns.amazonaws.com: "
        + (f"the {decision.policy} allows it ({decision.matched}). Someone can read it there and "
           f"send it again once the problem is fixed." if ok else
           f"{decision.reason}, so the message is lost after all. The queue policy of {dlq} "
           f"must allow sqs:SendMessage to sns.amazonaws.com from {topic}.")
        + " (lambda-behaviour.md §20)",
        payload={"QueueArn": sns.sim.queue_arn(dlq), "Body": body}, permission=decision, flow=flow,
        tags=("dead-letter",) if ok else ("denied", "dropped"))
    return True
