"""PutEvents from an actor (lambda-behaviour.md §21 rows "PutEvents"): IAM's events:PutEvents on
the event bus, the response (FailedEntryCount, Entries[].EventId), Detail as a JSON string, and a
`Source` starting `aws.` refused per entry with NotAuthorizedForSourceException."""

from __future__ import annotations

import json

from app.engine.run import run
from tests.engine.messaging_scenarios import ACCOUNT, REGION, events_permission, nightly

BUS = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"


def _put(source="my.shop"):
    return [{"at": 0, "actor": "ops", "action": "put_events", "source": source,
             "detail_type": "OrderPlaced", "detail": {"total": 5}}]


def _pattern_rule(**kw):
    return nightly(pattern={"source": [{"prefix": ""}]}, permissions=[events_permission()],
                   stop_after=None, **kw)


def test_put_events_checks_events_put_events_on_the_bus_and_answers_with_the_event_id():
    trace = run(_pattern_rule(script=_put()))
    request = next(s for s in trace if s.kind == "request" and s.source == "ops")
    assert request.permission.decision == "allow"
    assert request.permission.action == "events:PutEvents" and request.permission.resource == BUS
    assert json.loads(request.payload["Entries"][0]["Detail"]) == {"total": 5}  # a JSON string
    response = next(s for s in trace if s.kind == "response" and s.target == "ops")
    assert response.status == 200 and response.payload["FailedEntryCount"] == 0
    invoke = next(s for s in trace if s.kind == "invoke" and s.target == "report")
    assert response.payload["Entries"] == [{"EventId": invoke.payload["id"]}]


def test_without_events_put_events_the_call_is_denied_and_no_rule_runs():
    trace = run(_pattern_rule(script=_put(), ops_policies=[]))
    request = next(s for s in trace if s.kind == "request" and s.source == "ops")
    assert request.permission.decision == "deny" and "denied" in request.tags
    refused = next(s for s in trace if s.target == "ops" and s.status)
    assert refused.payload["__type"] == "AccessDeniedException"
    assert "events:PutEvents" in refused.payload["message"]
    assert not any(s.kind == "invoke" for s in trace)


def test_an_aws_source_fails_its_entry_with_not_authorized_for_source():
    trace = run(_pattern_rule(script=_put(source="aws.s3")))
    response = next(s for s in trace if s.kind == "response" and s.target == "ops")
    assert response.status == 200 and response.payload["FailedEntryCount"] == 1
    (entry,) = response.payload["Entries"]
    assert entry["ErrorCode"] == "NotAuthorizedForSourceException" and "EventId" not in entry
    assert not any(s.kind == "invoke" for s in trace)
