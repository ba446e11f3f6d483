"""`LambdaContext.of` (the fast invoke's context, made from what one function's contexts share)
gives the context `LambdaContext(...)` gives: the same attributes, in the same order, and its own
(lambda-behaviour.md §12, PYC). See docs/decisions/0017-engine-throughput.md (round 7)."""

from __future__ import annotations

from app.handlers.context import CognitoIdentity, LambdaContext

FIELDS = dict(function_name="resize", invoked_function_arn="arn:aws:lambda:us-east-1:1:function:resize",
              memory_limit_in_mb=256, clock=lambda: 1_000.0, options={"width": 100})


def test_a_context_from_shared_fields_is_the_one_init_makes():
    sdk, identity = object(), CognitoIdentity("us-east-1:abc", "us-east-1:pool")
    made = LambdaContext.of(LambdaContext.shared(**FIELDS), "req-1", "2026/12/02/[$LATEST]ab",
                            4_000.0, identity, sdk)
    plain = LambdaContext(**FIELDS, aws_request_id="req-1", log_stream_name="2026/12/02/[$LATEST]ab",
                          deadline_ms=4_000.0, identity=identity, client_context=None, sdk=sdk)
    assert list(vars(made).items()) == list(vars(plain).items())
    assert made.get_remaining_time_in_millis() == plain.get_remaining_time_in_millis() == 3_000
    assert (made.log_group_name, made.function_version) == ("/aws/lambda/resize", "$LATEST")


def test_contexts_made_from_one_shared_dict_are_apart():
    shared = LambdaContext.shared(**FIELDS)
    first = LambdaContext.of(shared, "req-1", "s1", 10.0, None, None)
    second = LambdaContext.of(shared, "req-2", "s2", 20.0, None, None)
    first.function_version = "3"  # (what the executor sets for a version's environment)
    assert (second.aws_request_id, second.log_stream_name, second.function_version) == (
        "req-2", "s2", "$LATEST")
    assert shared["aws_request_id"] is None and "function_version" not in shared
