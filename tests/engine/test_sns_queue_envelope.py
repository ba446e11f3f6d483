"""The JSON an SQS subscription gets from SNS (lambda-behaviour.md §20 row "SQS subscription
body", SNSJSON): the documented fields in order, Subject only when the publisher gave one."""

from __future__ import annotations

import json

from app.engine.run import run
from tests.engine.messaging_scenarios import TOPIC_ARN
from tests.engine.test_sns import SNS_TO_QUEUE, _queue_fan_out


def _body(trace):
    batch = next(s for s in trace if s.kind == "invoke" and s.target == "reader")
    return json.loads(batch.payload["Records"][0]["body"])


def test_the_envelope_has_the_documented_signing_and_unsubscribe_fields():
    body = _body(run(_queue_fan_out([SNS_TO_QUEUE])))
    assert list(body) == ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp",
                          "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL",
                          "MessageAttributes"]
    assert body["SignatureVersion"] == "1"
    assert body["SigningCertURL"].startswith("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-")
    assert body["UnsubscribeURL"].startswith(
        f"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={TOPIC_ARN}:")


def test_subject_is_left_out_when_the_publisher_gave_none():
    from app.engine.events.sns import notification_json
    body = notification_json(region="us-east-1", topic_arn=TOPIC_ARN, sub_arn=TOPIC_ARN + ":s1",
                             message_id="m1", message="hi", subject=None,
                             timestamp="2026-01-01T00:00:00.000Z", attributes={})
    assert "Subject" not in body and body["Message"] == "hi"
