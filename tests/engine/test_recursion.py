"""Lambda's recursive-loop detection (issue 8, item 2).

Source: docs/reference/lambda-behaviour.md §7 and §13 A2
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html,
https://aws.amazon.com/about-aws/whats-new/2024/10/aws-lambda-detects-stops-recursive-loops-lambda-s3/):
about 16 invocations in one chain, then Lambda stops the next one; loops through S3, SQS, SNS and
Lambda alone, never DynamoDB; the stopped event goes to the DLQ or on-failure destination;
metric RecursiveInvocationsDropped; `RecursiveLoop` Terminate (default) or Allow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.recursion import LIMIT, SAFETY_LIMIT, LoopDetector
from app.engine.run import run
from app.scenario.loader import load_scenario, load_scenario_text
from lambda_scenarios import function, invoke, scenario, simulation

F2 = Path(__file__).parent / "cases" / "f2-write-back-loop.yaml"


def _f2(replace: dict[str, str] | None = None):
    text = F2.read_text()
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    return run(load_scenario_text(text, F2))


def _texts(trace) -> str:
    return " ".join(f"{s.summary} {s.narration} {s.caveat or ''}" for s in trace)


def test_field_case_f2_lambda_stops_the_s3_loop_after_16_invocations():
    """f2: resize writes into its own trigger bucket. Lambda (not LambdaScope) stops the 17th
    invocation and counts RecursiveInvocationsDropped; no "not simulated" cut, no "would keep going"."""
    trace = run(load_scenario(F2))
    assert len([s for s in trace if s.kind == "execute"]) == LIMIT
    stops = [s for s in trace if "stopped" in s.tags]
    assert len(stops) == 1
    stop = stops[0]
    assert stop.kind == "detect" and stop.source == "lambda" and stop.target == "resize"
    assert "RecursiveInvocationsDropped" in stop.summary
    assert stop.payload["invocationsInChain"] == LIMIT
    assert not [s for s in trace if s.kind == "not-simulated" and "recursion" in s.tags]
    assert "would keep going" not in _texts(trace)
    assert "until someone noticed" not in _texts(trace)
    assert trace.summary["recursive_invocations_dropped"] == 1
    lost = [s for s in trace if "dropped" in s.tags]
    assert len(lost) == 1 and "RecursiveInvocationsDropped" in lost[0].narration


def test_the_stopped_event_goes_to_the_dead_letter_queue():
    """§13 A2d: an async event Lambda stops goes to the function's DLQ when one is set."""
    trace = _f2({"  resize:\n    type: function\n":
                 "  dlq:\n    type: sqs_queue\n  resize:\n    type: function\n"
                 "    dead_letter_queue: dlq\n",
                 'resource: "arn:aws:s3:::images/*"}\n':
                 'resource: "arn:aws:s3:::images/*"}\n'
                 '      - {action: "sqs:SendMessage", resource: "*"}\n'})
    stop = next(s for s in trace if "stopped" in s.tags)
    dead = [s for s in trace if s.kind == "dead-letter"]
    assert len(dead) == 1 and dead[0].index > stop.index and "denied" not in dead[0].tags
    assert dead[0].flow == stop.flow
    assert trace.summary["dead_letters"] == 1 and trace.summary["dropped_events"] == 0
    assert "dead-letter queue dlq" in stop.narration


def test_the_dead_letter_attributes_of_a_stopped_event_are_said_to_be_our_choice():
    """§13 A2d (REC): AWS says the stopped event goes to the DLQ, not what its RequestID,
    ErrorCode and ErrorMessage attributes hold. LambdaScope's ErrorCode 429 with an empty
    ErrorMessage is a stand-in, and the step says so (narration and caveat)."""
    trace = _f2({"  resize:\n    type: function\n":
                 "  dlq:\n    type: sqs_queue\n  resize:\n    type: function\n"
                 "    dead_letter_queue: dlq\n",
                 'resource: "arn:aws:s3:::images/*"}\n':
                 'resource: "arn:aws:s3:::images/*"}\n'
                 '      - {action: "sqs:SendMessage", resource: "*"}\n'})
    (dead,) = [s for s in trace if s.kind == "dead-letter"]
    assert dead.payload["MessageAttributes"]["ErrorCode"]["StringValue"] == "429"
    assert "LambdaScope's choice" in dead.narration and "§13 A2d" in dead.narration
    assert dead.caveat and "not in our sources" in dead.caveat


def test_recursive_loop_allow_lets_the_loop_run_until_our_own_labelled_safety_stop():
    """RecursiveLoop Allow: Lambda does not stop the loop; only LambdaScope's safety stop, said
    to be ours and not AWS's, ends the run (no RecursiveInvocationsDropped)."""
    trace = _f2({"    timeout: 30\n": "    timeout: 30\n    recursive_loop: Allow\n"})
    assert len([s for s in trace if s.kind == "execute"]) == SAFETY_LIMIT
    assert not [s for s in trace if s.kind == "detect" and "stopped" in s.tags]
    safety = [s for s in trace if "safety-stop" in s.tags]
    assert len(safety) == 1 and safety[0].kind == "not-simulated"
    assert "not AWS" in safety[0].summary and "LambdaScope" in safety[0].summary
    assert "AWS has no such limit" in safety[0].narration
    assert trace.summary["recursive_invocations_dropped"] == 0


def test_a_prefix_filter_means_no_loop_and_no_detection():
    """The documented fix (§7 S3T): outputs that do not match the notification start no chain."""
    trace = _f2({"events: [\"s3:ObjectCreated:*\"], function: resize}":
                 "events: [\"s3:ObjectCreated:*\"], prefix: \"cat\", function: resize}"})
    assert len([s for s in trace if s.kind == "execute"]) == 1
    assert not [s for s in trace if "stopped" in s.tags]


# ------------------------------------------------------------------ the chain, for every source
def test_chain_counts_hops_of_function_code_and_an_actor_write_starts_a_chain():
    """Lineage: an actor's write is hop 0; each write by function code is one hop more."""
    loops = LoopDetector(None, {})
    assert loops.carry(None, "f0", "s3").count == 0
    assert loops.carry("f0", "f1", "sqs").count == 1
    second = loops.carry("f1", "f2", "sns")
    assert (second.chain, second.count, second.via) == ("f0", 2, "sns")
    # a function outside any chain (e.g. behind API Gateway) that writes: its invocation is the first
    assert loops.carry("api-flow", "g1", "lambda").count == 1


def test_dynamodb_and_kinesis_never_carry_a_chain():
    """§13 A2c: Lambda does not detect loops through DynamoDB or any other service."""
    loops = LoopDetector(None, {})
    for via in ("dynamodb", "kinesis"):
        with pytest.raises(ValueError):
            loops.carry(None, "x", via)


def _chain_of(sim, flow, count):
    loops = sim.services["lambda"].loops
    parent = None
    for i in range(count + 1):
        name = flow if i == count else f"{flow}-{i}"
        loops.carry(parent, name, "lambda")
        parent = name


@pytest.mark.parametrize("count, stopped", [(LIMIT - 1, False), (LIMIT, True)])
def test_synchronous_invoke_in_a_too_long_chain_gets_400_recursive_invocation_exception(count, stopped):
    """§13 A2d (REC, BOTOM): a synchronous invoke Lambda stops answers 400 RecursiveInvocationException
    (an SQS mapping, which invokes synchronously, gets the same); one hop fewer still runs."""
    sim = simulation(scenario())
    _chain_of(sim, "chain", count)
    box = invoke(sim, flow="chain")
    sim.env.run()
    executed = [s for s in sim.recorder.steps if s.kind == "execute"]
    if stopped:
        assert box["response"].status == 400
        assert box["response"].headers["X-Amzn-ErrorType"] == "RecursiveInvocationException"
        assert executed == [] and sim.services["lambda"].loops.dropped == 1
    else:
        assert box["response"].status == 200 and len(executed) == 1


def test_asynchronous_invoke_in_a_too_long_chain_goes_to_the_on_failure_destination():
    """§13 A2d: the stopped async event (any async source) goes to the on-failure destination."""
    sc = scenario({"echo": function(event_invoke_config={"on_failure": "failures"})},
                  extra={"failures": {"type": "sqs_queue"},
                         "echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": [{"action": "sqs:SendMessage", "resource": "*"}]}})
    sim = simulation(sc)
    _chain_of(sim, "chain", LIMIT)
    invoke(sim, flow="chain", invocation_type="Event")
    sim.env.run()
    assert not [s for s in sim.recorder.steps if s.kind == "execute"]
    assert len(sim.services["queues"].messages["failures"]) == 1


def test_a_lambda_only_loop_through_async_invokes_from_code_is_stopped(monkeypatch):
    """§13 A2c (REC): a function whose code invokes itself asynchronously is a Lambda-only
    loop; Lambda stops it after about 16 invocations in the chain."""
    from app.handlers import registry

    monkeypatch.setitem(registry.HANDLERS, "builtin.work", "loop_handler")
    sc = scenario({"echo": function(handler="builtin.work")},
                  extra={"echo-role": {"type": "iam_role", "trusts": "lambda.amazonaws.com",
                                       "policies": [{"action": "lambda:InvokeFunction",
                                                     "resource": "*"}]}})
    sim = simulation(sc)
    invoke(sim, invocation_type="Event")
    sim.env.run()
    assert len([s for s in sim.recorder.steps if s.kind == "execute"]) == LIMIT
    stop = [s for s in sim.recorder.steps if "stopped" in s.tags]
    assert len(stop) == 1 and "Lambda" in stop[0].narration
    assert sim.services["lambda"].loops.dropped == 1
