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


def test_the_fast_invoke_hands_the_handler_the_general_paths_context(monkeypatch):
    """A script's cold then warm invokes (fast_invoke.sync_invoke) and the general path: the
    handler sees the same context attributes, in the same order, and the same time left (the
    cold start's Init has passed before the handler starts: its deadline counts from then)."""
    import sys

    import app.engine.fast_invoke as fast_invoke
    from app.engine.run import run
    from app.handlers import registry
    from lambda_scenarios import function, scenario

    def seen_by_handler(fast: bool) -> list:
        seen = []

        def spy(event, context):
            seen.append((context.get_remaining_time_in_millis(),
                         [(k, v) for k, v in vars(context).items() if k not in ("sdk", "_clock")]))
            return {"ok": True}

        module = type(sys)("spy_module")
        module.handler = spy
        monkeypatch.setitem(sys.modules, "spy_module", module)
        monkeypatch.setitem(registry.HANDLERS, "builtin.spy", "spy_module")
        monkeypatch.setattr(fast_invoke, "ENABLED", fast)
        run(scenario({"echo": function(handler="builtin.spy", timeout=5, init_duration="700ms")},
                     script=[{"at": at, "actor": "app", "action": "invoke", "function": "echo"}
                             for at in (0, "2s")]))
        return seen

    fast, general = seen_by_handler(True), seen_by_handler(False)
    assert len(fast) == 2 and [remaining for remaining, _ in fast] == [5000, 5000]
    assert fast == general
