"""The SNS notification record Lambda receives (docs/reference/lambda-behaviour.md §20, SNS22).

Keys are capitalised (`EventSource`, `Sns.Message`), unlike SQS and S3 records. `Subject` is
null when the publisher gave none; `MessageAttributes` maps a name to `{Type, Value}`.
The signature is a placeholder of the right form (`placeholder_signature`): nothing in the
simulation signs it.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any


def subscription_arn(topic_arn: str, subscription_id: str) -> str:
    """`arn:aws:sns:REGION:ACCOUNT:TOPIC:UUID`: a topic ARN plus the subscription's id."""
    return f"{topic_arn}:{subscription_id}"


def message_attributes(attributes: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Publish's `MessageAttributes` as the record carries them: {Type, Value}; text is
    Type String, a number Type Number (its Value still a string, as SNS sends it)."""
    return {name: ({"Type": "String", "Value": value} if isinstance(value, str) else
                   {"Type": "Number", "Value": _number_text(value)})
            for name, value in attributes.items()}


def _number_text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def placeholder_signature(seed: str) -> str:
    """A stand-in `Signature`, shaped like SNS's: base64 of 256 bytes (what an RSA-2048
    signature is; §20 SNS22 and SNSJSON show base64 text, never hex). Derived from `seed` alone
    (SHA-256 of it, repeated), so the same run gives the same text; it signs nothing."""
    return base64.b64encode(hashlib.sha256(seed.encode()).digest() * 8).decode()


def sns_record(*, region: str, topic_arn: str, sub_arn: str, message_id: str, message: str,
               subject: str | None, timestamp: str, attributes: dict[str, str],
               signature: str, cert_id: str) -> dict[str, Any]:
    """One `Records[]` entry, in the key order of the documented example (SNS22)."""
    return {
        "EventVersion": "1.0",
        "EventSubscriptionArn": sub_arn,
        "EventSource": "aws:sns",
        "Sns": {
            "SignatureVersion": "1",
            "Timestamp": timestamp,
            "Signature": signature,
            "SigningCertUrl": f"https://sns.{region}.amazonaws.com/SimpleNotificationService-"
                              f"{cert_id}.pem",
            "MessageId": message_id,
            "Message": message,
            "MessageAttributes": message_attributes(attributes),
            "Type": "Notification",
            "UnsubscribeUrl": f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&"
                              f"SubscriptionArn={sub_arn}",
            "TopicArn": topic_arn,
            "Subject": subject,
        },
    }


def sns_event(record: dict[str, Any]) -> dict[str, Any]:
    """SNS sends one record per invocation."""
    return {"Records": [record]}


def notification_json(*, region: str, topic_arn: str, sub_arn: str, message_id: str,
                      message: str, subject: str | None, timestamp: str,
                      attributes: dict[str, Any]) -> dict[str, Any]:
    """The notification as JSON text carries it to an SQS (or HTTP) subscription, in the
    documented order (§20, SNSJSON): `Subject` only when the publisher gave one; the signature
    is a placeholder of the right form (derived from the message id: nothing here signs it)."""
    out: dict[str, Any] = {"Type": "Notification", "MessageId": message_id, "TopicArn": topic_arn}
    if subject is not None:
        out["Subject"] = subject
    digest = hashlib.sha1(f"{message_id}|{sub_arn}".encode()).digest()
    cert = hashlib.md5(region.encode()).hexdigest()
    out.update({
        "Message": message, "Timestamp": timestamp, "SignatureVersion": "1",
        "Signature": base64.b64encode(digest * 8).decode(),
        "SigningCertURL": f"https://sns.{region}.amazonaws.com/SimpleNotificationService-{cert}.pem",
        "UnsubscribeURL": f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={sub_arn}",
        "MessageAttributes": attributes,
    })
    return out
