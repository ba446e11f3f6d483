"""GetObject of a missing key: 403 AccessDenied without s3:ListBucket, 404 NoSuchKey with it, and
the step says why.

Source: docs/reference/lambda-behaviour.md §6; S3 API GetObject ("If you don't have the
s3:ListBucket permission, Amazon S3 returns an HTTP status code 403 Access Denied error"):
https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html.
"""

from __future__ import annotations

import pytest

from source_scenarios import of_kind, play, thumbnail_resources, upload

ON_DELETE = [{"events": ["s3:ObjectRemoved:*"], "function": "make-thumbnail"}]
DELETE = {"at": 2000, "actor": "user", "action": "delete_object", "bucket": "photos",
          "key": "red flower.jpg"}


@pytest.mark.parametrize("actions, status, code", [
    (["s3:GetObject", "s3:PutObject"], 403, "AccessDenied"),
    (["s3:GetObject", "s3:PutObject", "s3:ListBucket"], 404, "NoSuchKey"),
])
def test_the_function_reading_a_deleted_key_is_told_why(actions, status, code):
    role = [{"action": actions, "resource": ["arn:aws:s3:::*"]}]
    trace = play(thumbnail_resources(notifications=ON_DELETE, role_policies=role),
                 [upload(), DELETE])
    call = of_kind(trace, "sdk-call")[0]
    assert call.permission.decision == "allow"  # IAM allowed s3:GetObject on the key
    answer = trace.steps[call.index + 1]
    assert (answer.kind, answer.source, answer.target) == ("error", "photos", "make-thumbnail")
    assert answer.status == status and answer.payload["Error"]["Code"] == code
    assert "s3:ListBucket" in answer.narration
    if status == 403:
        assert "whether the key exists" in answer.narration
