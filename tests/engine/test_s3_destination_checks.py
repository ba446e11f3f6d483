"""Each S3 → SNS Publish and S3 → SQS SendMessage is a request the topic or queue policy is
checked on, like SNS → SQS (lambda-behaviour.md §7 S3DEST, §6: every request is authorized)."""

from __future__ import annotations

from app.engine.run import run
from tests.engine.messaging_scenarios import fan_out


def test_each_s3_publish_to_a_topic_shows_the_topic_policy_check():
    trace = run(fan_out(via_s3=True))
    publish = next(s for s in trace if s.kind == "request" and s.target == "uploads")
    assert publish.permission is not None and publish.permission.decision == "allow"
    assert publish.permission.principal == "s3.amazonaws.com"
    assert publish.permission.action == "sns:Publish"
    assert publish.permission.policy == "topic policy of uploads"
