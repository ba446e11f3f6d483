"""Before any policy: an actor without keys cannot sign; expired credentials get ExpiredToken*.

Sources: docs/reference/lambda-behaviour.md §6 and §13 (A6: ExpiredTokenException, HTTP 403,
https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html; S3's ExpiredToken, HTTP 400,
https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), §10 (a mobile app holds no
keys of its own: https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html).
"""

from __future__ import annotations

import pytest

from source_scenarios import cognito_resources, play, send_clicks, sign_in

HOUR_MS = 3_600_000
STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"


def _extra_targets():
    """A bucket, a table and a stream the phone's role may write to."""
    return {
        "uploads": {"type": "s3_bucket"},
        "orders": {"type": "dynamodb_table"},
        "clicks": {"type": "kinesis_stream"},
    }


def _phone_resources(**kw):
    res = cognito_resources(user_policies=[{"action": ["lambda:InvokeFunction", "s3:PutObject",
                                                       "dynamodb:PutItem", "kinesis:PutRecord"],
                                            "resource": "*"}], **kw)
    return {**res, **_extra_targets()}


WRITES = {
    "invoke": send_clicks(at=1),
    "put_object": {"at": 1, "actor": "phone", "action": "put_object", "bucket": "uploads",
                   "key": "a.txt", "body": "x"},
    "put_item": {"at": 1, "actor": "phone", "action": "put_item", "table": "orders",
                 "item": {"id": "1"}},
    "put_record": {"at": 1, "actor": "phone", "action": "put_record", "stream": "clicks",
                   "partition_key": "k", "data": "x"},
}
TARGET = {"invoke": "process-clicks", "put_object": "uploads", "put_item": "orders",
          "put_record": "clicks"}


@pytest.mark.parametrize("action", sorted(WRITES))
def test_app_without_credentials_cannot_sign_and_nothing_is_sent(action):
    """A mobile_app that never got Cognito credentials is not an IAM user: its SDK stops."""
    trace = play(_phone_resources(), [WRITES[action]])
    assert not any(s.permission for s in trace.steps), "no IAM decision: nothing was sent"
    assert all(s.target == "phone" for s in trace.steps), "no request reaches any service"
    assert not any("user/phone" in (s.narration + str(s.payload)) for s in trace.steps)
    unsigned = [s for s in trace.steps if "unsigned" in s.tags]
    assert len(unsigned) == 1 and unsigned[0].kind == "error"
    assert "cannot sign" in unsigned[0].summary
    assert "get_credentials" in unsigned[0].narration and "clicks-pool" in unsigned[0].narration
    assert TARGET[action] in unsigned[0].summary


def test_browser_cannot_call_invoke_either():
    """The same rule for every actor kind without keys: a browser's Invoke is never sent."""
    res = _phone_resources()
    res["web"] = {"type": "actor", "kind": "browser"}
    trace = play(res, [{"at": 0, "actor": "web", "action": "invoke", "function": "process-clicks"}])
    assert [(s.kind, s.source, s.target) for s in trace.steps] == [("error", "web", "web")]
    assert "API Gateway" in trace.steps[0].narration


def test_app_with_its_own_keys_is_still_an_iam_user():
    """A mobile_app given an identity policy (embedded keys) signs as a user, as before."""
    res = _phone_resources()
    res["phone"] = {**res["phone"], "policies": [{"action": "lambda:InvokeFunction"}]}
    trace = play(res, [send_clicks(at=0)])
    check = next(s for s in trace.steps if s.permission)
    assert check.permission.principal.endswith(":user/phone") and check.permission.decision == "allow"


@pytest.mark.parametrize("action, status, code", [
    ("invoke", 403, "ExpiredTokenException"),
    ("put_object", 400, "ExpiredToken"),
    ("put_item", 400, "ExpiredTokenException"),
    ("put_record", 400, "ExpiredTokenException"),
])
def test_expired_temporary_credentials_get_expired_token_not_access_denied(action, status, code):
    """An hour and a second after GetCredentialsForIdentity every service refuses the token."""
    late = {**WRITES[action], "at": HOUR_MS + 1000}
    trace = play(_phone_resources(), [sign_in(login=True), late])
    answer = [s for s in trace.steps if s.target == "phone" and s.status][-1]
    assert answer.status == status
    text = str(answer.payload) + str(answer.headers)
    assert code in text and "AccessDenied" not in text
    assert code in answer.summary
    assert not any(s.kind in ("execute", "response") and s.status == 200 for s in trace.steps
                   if s.time_ms > HOUR_MS)
