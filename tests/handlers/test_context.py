"""The context object handlers get (lambda-behaviour.md §12, PYC) and the SDK plumbing."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))
from lambda_scenarios import function, invoke, scenario, simulation  # noqa: E402

import app.handlers.registry as registry  # noqa: E402
from app.handlers.sdk import ClientError, SdkTarget  # noqa: E402

SEEN: dict = {}


def _spy(event, context):
    SEEN["context"] = context
    SEEN["remaining_at_start"] = context.get_remaining_time_in_millis()
    return {"ok": True}


@pytest.fixture
def spy_handler(monkeypatch):
    """A handler that keeps its context, registered as builtin.spy."""
    module = type(sys)("spy_module")
    module.handler = _spy
    monkeypatch.setitem(sys.modules, "spy_module", module)
    monkeypatch.setitem(registry.HANDLERS, "builtin.spy", "spy_module")
    SEEN.clear()
    return SEEN


def test_context_fields(spy_handler):
    """Name, $LATEST, ARN, memory, request id, log group/stream and remaining time are right."""
    sim = simulation(scenario({"echo": function(handler="builtin.spy", memory_size=256, timeout=5)}))
    box = invoke(sim)
    sim.env.run()
    ctx = spy_handler["context"]
    assert ctx.function_name == "echo" and ctx.function_version == "$LATEST"
    assert ctx.invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:echo"
    assert ctx.memory_limit_in_mb == 256
    assert ctx.log_group_name == "/aws/lambda/echo"
    assert re.fullmatch(r"2026/01/01/\[\$LATEST\][0-9a-f]{32}", ctx.log_stream_name)
    assert re.fullmatch(r"[0-9a-f-]{36}", ctx.aws_request_id)
    assert spy_handler["remaining_at_start"] == 5000
    assert ctx.identity is None and ctx.client_context is None
    assert box["response"].status == 200


def test_one_log_stream_per_environment(spy_handler):
    """Two invokes served by one warm environment write to the same log stream."""
    sim = simulation(scenario({"echo": function(handler="builtin.spy")}))
    streams = []
    for at in (0, 1000):
        invoke(sim, at=at)
    sim.env.run(until=500)
    streams.append(spy_handler["context"].log_stream_name)
    sim.env.run(until=1500)
    streams.append(spy_handler["context"].log_stream_name)
    assert streams[0] == streams[1]


def test_cognito_identity_reaches_the_context(spy_handler):
    """A call with a Cognito identity fills context.identity."""
    sim = simulation(scenario({"echo": function(handler="builtin.spy")}))
    invoke(sim, identity={"cognito_identity_id": "us-east-1:abc",
                          "cognito_identity_pool_id": "us-east-1:pool"})
    sim.env.run()
    assert spy_handler["context"].identity.cognito_identity_id == "us-east-1:abc"


class _FakeBucketService:
    """Just enough of a service for the SDK plumbing: one PutObject."""

    def __init__(self):
        self.calls = []

    def sdk_target(self, operation, params):
        return SdkTarget(f"s3:{operation}", f"arn:aws:s3:::{params['Bucket']}/{params['Key']}",
                         params["Bucket"])

    def sdk_put_object(self, params, caller, flow):
        self.calls.append((params, caller.arn))
        return {"ETag": '"x"'}


def _writer(event, context):
    try:
        return context.sdk.s3.put_object(Bucket="out", Key="a.txt", Body=b"hi")
    except ClientError as exc:
        SEEN["error"] = exc
        raise


@pytest.mark.parametrize("allowed", [True, False])
def test_sdk_call_checks_the_role_and_records_a_step(monkeypatch, allowed):
    """sdk.s3.put_object: identity check with the role session, sdk-call step; denied → ClientError."""
    module = type(sys)("writer_module")
    module.handler = _writer
    monkeypatch.setitem(sys.modules, "writer_module", module)
    monkeypatch.setitem(registry.HANDLERS, "builtin.writer", "writer_module")
    policies = [{"action": "s3:PutObject", "resource": "arn:aws:s3:::out/*"}] if allowed else []
    sc = scenario({"echo": function(handler="builtin.writer")},
                  extra={"out": {"type": "s3_bucket"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": policies}})
    sim = simulation(sc)
    fake = _FakeBucketService()
    sim.services["s3"] = fake
    box = invoke(sim)
    sim.env.run()
    step = next(s for s in sim.recorder.steps if s.kind == "sdk-call")
    assert (step.source, step.target) == ("echo", "out")
    assert step.permission.principal == "arn:aws:sts::123456789012:assumed-role/echo-role/echo"
    assert step.payload["params"]["Body"] == "<2 bytes>"
    if allowed:
        assert fake.calls and box["response"].payload == {"ETag": '"x"'}
    else:
        assert not fake.calls and "denied" in step.tags
        assert box["response"].function_error == "Unhandled"
        assert box["response"].payload["errorType"] == "ClientError"
        assert "not authorized to perform: s3:PutObject" in box["response"].payload["errorMessage"]


def _chatty(event, context):
    import logging

    print("plain print")
    logger = logging.getLogger("chatty")
    logger.setLevel(logging.INFO)
    logger.info("from logging")
    return {}


def test_print_and_logging_become_log_lines(monkeypatch):
    """print() lines appear as-is; logging records in the runtime's tab-separated format."""
    module = type(sys)("chatty_module")
    module.handler = _chatty
    monkeypatch.setitem(sys.modules, "chatty_module", module)
    monkeypatch.setitem(registry.HANDLERS, "builtin.chatty", "chatty_module")
    sim = simulation(scenario({"echo": function(handler="builtin.chatty")}))
    invoke(sim)
    sim.env.run()
    lines = next(s for s in sim.recorder.steps if s.kind == "log").payload["lines"]
    assert lines.pop(0).startswith("INIT_START ")  # a new environment (§22 B17)
    assert lines[0].startswith("START RequestId: ") and lines[-1].startswith("REPORT RequestId: ")
    assert lines[1] == "plain print"
    level, stamp, request_id, message = lines[2].split("\t")
    assert (level, message) == ("[INFO]", "from logging")
    assert stamp == "2026-01-01T00:00:00.200Z" and lines[0].endswith(f"{request_id} Version: $LATEST")
