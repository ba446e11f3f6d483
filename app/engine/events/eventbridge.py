"""The events an EventBridge rule sends to Lambda (docs/reference/lambda-behaviour.md §21, EVB22).

A scheduled rule sends the "Scheduled Event" document: `source` aws.events, `detail-type`
Scheduled Event, the rule's ARN in `resources`, an empty `detail`, `time` to the second.
"""

from __future__ import annotations

from typing import Any


def rule_arn(region: str, account: str, name: str) -> str:
    """`arn:aws:events:REGION:ACCOUNT:rule/NAME` (default event bus)."""
    return f"arn:aws:events:{region}:{account}:rule/{name}"


def scheduled_event(*, event_id: str, account: str, region: str, time: str,
                    rule: str) -> dict[str, Any]:
    """The document a schedule rule delivers; `time` like 2026-01-01T02:00:00Z."""
    return {"version": "0", "id": event_id, "detail-type": "Scheduled Event",
            "source": "aws.events", "account": account, "time": time, "region": region,
            "resources": [rule], "detail": {}}


def custom_event(*, event_id: str, account: str, region: str, time: str, source: str,
                 detail_type: str, detail: dict[str, Any], resources=()) -> dict[str, Any]:
    """An event put on the default bus with PutEvents, as a pattern rule's target gets it."""
    return {"version": "0", "id": event_id, "detail-type": detail_type, "source": source,
            "account": account, "time": time, "region": region, "resources": list(resources),
            "detail": detail}
