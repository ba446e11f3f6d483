"""SNS → Lambda (lambda-behaviour.md §20): async invoke, the record field by field, the
sns.amazonaws.com permission with the topic ARN, fan-out from S3 through a topic (§7)."""

from __future__ import annotations

import json

from app.engine.run import run
from app.engine.sns import delivery_delays
from tests.engine.messaging_scenarios import TOPIC_ARN, fan_out, sns_permission


def _invokes(trace, fn):
    return [s for s in trace if s.kind == "invoke" and s.target == fn]


def test_a_published_message_reaches_every_subscriber_asynchronously():
    trace = run(fan_out())
    for fn in ("resize", "audit"):
        (invoke,) = _invokes(trace, fn)
        assert invoke.source == "uploads"
        assert invoke.headers == {"X-Amz-Invocation-Type": "Event"}
        assert any(s.kind == "enqueue" and s.source == "uploads" and fn in s.summary for s in trace)
        assert any(s.kind == "result" and s.source == fn for s in trace)


def test_the_record_has_the_documented_capitalised_fields():
    trace = run(fan_out())
    (invoke,) = _invokes(trace, "resize")
    (record,) = invoke.payload["Records"]
    assert record["EventVersion"] == "1.0"
    assert record["EventSource"] == "aws:sns"
    assert record["EventSubscriptionArn"].startswith(TOPIC_ARN + ":")
    sns = record["Sns"]
    assert list(sns) == ["SignatureVersion", "Timestamp", "Signature", "SigningCertUrl", "MessageId",
                         "Message", "MessageAttributes", "Type", "UnsubscribeUrl", "TopicArn", "Subject"]
    assert sns["Type"] == "Notification" and sns["SignatureVersion"] == "1"
    assert sns["TopicArn"] == TOPIC_ARN
    assert sns["Message"] == "hello" and sns["Subject"] == "Greeting"
    assert sns["MessageAttributes"] == {"kind": {"Type": "String", "Value": "test"}}
    assert sns["Timestamp"].endswith("Z")
    assert sns["SigningCertUrl"].startswith("https://sns.us-east-1.amazonaws.com/")
    assert record["EventSubscriptionArn"] in sns["UnsubscribeUrl"]
    (other,) = _invokes(trace, "audit")
    # one message: the same MessageId for both subscribers, a different subscription ARN each
    assert other.payload["Records"][0]["Sns"]["MessageId"] == sns["MessageId"]
    assert other.payload["Records"][0]["EventSubscriptionArn"] != record["EventSubscriptionArn"]


def test_subject_is_null_when_the_publisher_gives_none():
    trace = run(fan_out(script=[{"at": 0, "actor": "user", "action": "publish", "topic": "uploads",
                                 "message": "m"}]))
    assert _invokes(trace, "resize")[0].payload["Records"][0]["Sns"]["Subject"] is None


def test_lambda_checks_sns_with_the_topic_arn_and_a_refusal_is_not_retried():
    wrong = dict(sns_permission(), source_arn=TOPIC_ARN + "-other")
    trace = run(fan_out(fn_permissions={"resize": [wrong], "audit": [sns_permission()]}))
    check = next(s for s in trace if s.kind == "permission-check" and s.target == "resize")
    assert check.permission.decision == "deny"
    assert check.permission.principal == "sns.amazonaws.com"
    assert TOPIC_ARN in check.permission.reason
    assert len(_invokes(trace, "resize")) == 1  # a client-side error: SNS does not retry
    assert any(s.kind == "error" and "client-side" in s.summary and "resize" in s.summary for s in trace)
    assert not any(s.kind == "execute" and s.target == "resize" for s in trace)
    assert any(s.kind == "execute" and s.target == "audit" for s in trace)  # the others go on


def test_an_actor_needs_sns_publish():
    trace = run(fan_out(user_policies=[{"action": "s3:PutObject", "resource": "*"}]))
    request = next(s for s in trace if s.kind == "request")
    assert request.permission.decision == "deny" and "denied" in request.tags
    error = next(s for s in trace if s.kind == "error")
    assert error.status == 403 and error.payload["Error"]["Code"] == "AuthorizationError"
    assert not _invokes(trace, "resize")


def test_function_errors_go_through_lambdas_async_retries():
    trace = run(fan_out(fn_overrides={"resize": {"faults": {"fail": "always"}}}))
    attempts = [s for s in trace if s.kind == "execute" and s.target == "resize"]
    assert len(attempts) == 3  # Lambda's two async retries (§4), not SNS's policy
    assert len(_invokes(trace, "resize")) == 1


def test_reserved_concurrency_zero_is_lambdas_queue_not_sns():
    trace = run(fan_out(fn_overrides={"resize": {"reserved_concurrent_executions": 0}}))
    assert len(_invokes(trace, "resize")) == 1
    assert any(s.kind == "throttle" and s.target in ("resize", "lambda") for s in trace) or \
        any("throttl" in s.summary.lower() and "resize" in s.summary for s in trace)
    assert not any(s.kind == "execute" and s.target == "resize" for s in trace)


def test_s3_publishes_the_s3_event_as_the_message_to_fan_out():
    trace = run(fan_out(via_s3=True))
    publish = next(s for s in trace if s.kind == "request" and s.target == "uploads")
    assert publish.source == "photos" and publish.payload["Subject"] == "Amazon S3 Notification"
    for fn in ("resize", "audit"):
        (invoke,) = _invokes(trace, fn)
        sns = invoke.payload["Records"][0]["Sns"]
        inner = json.loads(sns["Message"])
        assert inner["Records"][0]["eventSource"] == "aws:s3"
        assert inner["Records"][0]["s3"]["object"]["key"] == "a+b.jpg"
        assert inner["Records"][0]["s3"]["configurationId"] == "to-topic"
        assert sns["Subject"] == "Amazon S3 Notification"


def test_s3_refuses_a_topic_whose_policy_does_not_let_it_publish():
    trace = run(fan_out(via_s3=True, topic_permissions=[]))
    refusal = trace[0]
    assert refusal.kind == "error" and refusal.status == 400
    assert "Permissions on the destination topic" in refusal.payload["Error"]["ArgumentValue"]
    assert not _invokes(trace, "resize") and not _invokes(trace, "audit")


def test_inspector_shows_the_topics_subscriptions():
    trace = run(fan_out())
    state = trace.state_at(len(trace) - 1)["uploads"]
    assert [s["Endpoint"].rsplit(":", 1)[-1] for s in state["subscriptions"]] == ["resize", "audit"]
    assert {s["Protocol"] for s in state["subscriptions"]} == {"lambda"}
    assert state["messages_published"] == 1


def test_the_delivery_retry_policy_is_the_documented_one():
    delays = delivery_delays()
    assert len(delays) == 100_015
    assert delays[:3] == [0.0, 0.0, 0.0] and delays[3:5] == [1.0, 1.0]
    backoff = delays[5:15]
    assert backoff[0] == 1.0 and round(backoff[-1], 6) == 20.0 and backoff == sorted(backoff)
    assert set(delays[15:]) == {20.0}
    assert 22.5 < sum(delays) / 86_400 < 23.5  # "over 23 days"


def test_a_loop_through_sns_is_stopped_by_lambda(monkeypatch):
    """§13 A2c: function code that publishes to the topic that invokes it loops; the chain
    travels with each publish and Lambda stops it after about 16 invocations."""
    from app.engine.recursion import LIMIT
    from app.handlers import registry

    monkeypatch.setitem(registry.HANDLERS, "builtin.work", "sns_loop_handler")
    sc = fan_out(subscribers=("resize",), fn_overrides={"resize": {"handler": "builtin.work"}})
    sc = sc.model_copy(update={"resources": {**sc.resources, "fn-role": sc.resources["fn-role"].model_copy(
        update={"policies": (sc.resources["user"].policies[0].model_copy(
            update={"action": ("sns:Publish",)}),)})}})
    trace = run(sc)
    assert len([s for s in trace if s.kind == "execute" and s.target == "resize"]) == LIMIT
    stop = [s for s in trace if "stopped" in s.tags and "recursion" in s.tags]
    assert len(stop) == 1 and "Amazon SNS" in stop[0].narration
    calls = [s for s in trace if s.kind == "sdk-call" and s.target == "uploads"]
    assert len(calls) == LIMIT


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=15, deadline=None)
@given(subscribers=st.integers(1, 4), publishes=st.integers(1, 4), seed=st.integers(0, 1000))
def test_every_subscriber_gets_each_message_exactly_once(subscribers, publishes, seed):
    """Invariant (§20 SNS22): a message published once reaches every subscription once, with
    one MessageId shared by all its copies and a new one per publish."""
    names = tuple(f"fn{i}" for i in range(subscribers))
    script = [{"at": f"{i}s", "actor": "user", "action": "publish", "topic": "uploads",
               "message": f"m{i}"} for i in range(publishes)]
    trace = run(fan_out(subscribers=names, script=script, settings={"seed": seed}))
    ids_by_fn = {fn: [s.payload["Records"][0]["Sns"]["MessageId"] for s in _invokes(trace, fn)]
                 for fn in names}
    for ids in ids_by_fn.values():
        assert len(ids) == publishes and len(set(ids)) == publishes
    assert len({frozenset(ids) for ids in ids_by_fn.values()}) == 1


def _queue_fan_out(queue_permissions, via_s3=False):
    """uploads topic → inbox queue → reader (an SQS mapping)."""
    sc = fan_out(subscribers=("resize",), via_s3=via_s3)
    from tests.engine.test_forward import _dumped
    resources = _dumped(sc)
    resources["uploads"]["subscriptions"] = [*resources["uploads"]["subscriptions"], {"queue": "inbox"}]
    resources["inbox"] = {"type": "sqs_queue", "permissions": queue_permissions}
    resources["reader"] = {"type": "function", "handler": "builtin.echo", "role": "reader-role"}
    resources["reader-role"] = {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                "policies": [{"action": ["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                                         "sqs:GetQueueAttributes"], "resource": "*"}]}
    resources["inbox-to-reader"] = {"type": "event_source_mapping", "source": "inbox",
                                    "function": "reader"}
    from tests.engine.source_scenarios import build
    return build(resources, [s.model_dump() for s in sc.script], {"stop_after": "20s"})


SNS_TO_QUEUE = {"sid": "AllowTopic", "principal": "sns.amazonaws.com", "source_arn": TOPIC_ARN}


def test_a_queue_subscription_gets_the_sns_envelope_as_its_body():
    trace = run(_queue_fan_out([SNS_TO_QUEUE]))
    sent = next(s for s in trace if s.kind == "destination" and s.target == "inbox")
    assert sent.permission.decision == "allow"
    batch = next(s for s in trace if s.kind == "invoke" and s.target == "reader")
    body = json.loads(batch.payload["Records"][0]["body"])
    assert body["Type"] == "Notification" and body["TopicArn"] == TOPIC_ARN
    assert body["Message"] == "hello" and body["Subject"] == "Greeting"


def test_a_queue_policy_without_sns_loses_that_copy_only():
    trace = run(_queue_fan_out([]))
    sent = next(s for s in trace if s.kind == "destination" and s.target == "inbox")
    assert sent.permission.decision == "deny" and "dropped" in sent.tags
    assert not any(s.kind == "invoke" and s.target == "reader" for s in trace)
    assert any(s.kind == "execute" and s.target == "resize" for s in trace)


def test_the_record_signature_is_base64_like_a_real_one():
    """§20 (SNS22): SNS signs with RSA and sends the signature as base64 text, as the SQS-body
    envelope already does; a 40-character hex string is not what a function ever receives."""
    import base64
    import re
    first = _invokes(run(fan_out()), "resize")[0].payload["Records"][0]["Sns"]["Signature"]
    again = _invokes(run(fan_out()), "resize")[0].payload["Records"][0]["Sns"]["Signature"]
    assert first == again  # deterministic
    assert re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", first) and len(first) % 4 == 0
    assert len(base64.b64decode(first)) == 256  # an RSA-2048 signature's size
