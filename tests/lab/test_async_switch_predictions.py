"""The lab's predictions for reserved concurrency 0 and RecursiveLoop match the runs (issue 8,
items 1 and 2). Sources: docs/reference/lambda-behaviour.md §13 A1, A2
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html,
https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html)."""

from __future__ import annotations

from app.engine import run
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from lab_scenarios import load


def _switch(scenario, switch_id):
    return {s.id: s for s in switches_for(scenario)}[switch_id]


def test_reserved_zero_prediction_for_an_s3_function_says_no_retries_and_the_run_agrees():
    """Photos are pushed by S3 (async): at 0 the events go straight on, never retried for 6 h."""
    photos = load("photos")
    switch = _switch(photos, "knob:make-thumbnail:reserved")
    assert "without any retries" in switch.prediction and "§13 A1" in switch.prediction
    assert "retried for up to 6 h" not in switch.prediction
    trace = run(apply_edits(photos, switch.edits_for(0)))
    events = [s for s in trace if s.kind == "enqueue"]
    assert len([s for s in trace if s.kind == "throttle"]) == len(events) > 0
    assert not [s for s in trace if s.kind in ("retry", "execute") and s.target == "make-thumbnail"]


def test_reserved_zero_prediction_for_a_synchronous_function_keeps_the_429():
    """A function behind API Gateway (synchronous): 429, no word about async events."""
    app = load("api")
    fn = next(name for name, r in app.resources.items() if r.type == "function")
    prediction = _switch(app, f"knob:{fn}:reserved").prediction
    assert "429" in prediction and "async events" not in prediction


def test_recursive_loop_switch_allow_lets_the_write_back_loop_run_to_our_safety_stop():
    """RecursiveLoop Allow with the write-back hazard: no RecursiveInvocationsDropped, a labelled
    LambdaScope safety stop instead; Terminate: Lambda stops it."""
    photos = load("photos")
    switch = _switch(photos, "recursive-loop:make-thumbnail")
    assert switch.options == ("Terminate", "Allow") and switch.current == "Terminate"
    assert "§13 A2" in switch.prediction and "RecursiveInvocationsDropped" in switch.prediction
    looping = apply_edits(photos, _switch(photos, "write-back:make-thumbnail:photos").edits)
    allowed = run(apply_edits(looping, switch.edits_for("Allow")))
    assert allowed.summary["recursive_invocations_dropped"] == 0
    assert [s for s in allowed if "safety-stop" in s.tags]
    terminated = run(looping)
    assert terminated.summary["recursive_invocations_dropped"] >= 1
    assert not [s for s in terminated if "safety-stop" in s.tags]


def test_taking_away_the_dlq_send_right_predicts_deleted_events_and_the_run_agrees():
    """§13 A3 (RET, MET): the role's sqs:SendMessage feeds the DLQ, not the code; without it the
    failed events are deleted and DeadLetterErrors counts them."""
    photos = apply_edits(load("photos"), [
        "resources.dlq={type: sqs_queue}", "resources.make-thumbnail.dead_letter_queue=dlq",
        "resources.make-thumbnail.faults.fail=always",
        'resources.thumbnail-role.policies.+={sid: Dlq, action: "sqs:SendMessage", resource: "*"}'])
    switch = _switch(photos, "role-action:thumbnail-role:sqs:SendMessage")
    assert "DeadLetterErrors" in switch.prediction and "code fails" not in switch.prediction
    trace = run(apply_edits(photos, switch.edits))
    gone = [s for s in trace if "dropped" in s.tags]
    assert gone and all("DeadLetterErrors" in s.narration for s in gone)


def test_with_a_dlq_and_an_on_failure_destination_the_predictions_name_both_as_the_run_does():
    """async-retries sets both; a failed event goes to each (§4: "and/or"), so the
    predictions name both and the run shows a dead-letter and a destination step."""
    from app.bundled import SCENARIOS_DIR
    from app.scenario.loader import load_scenario

    lesson = load_scenario(SCENARIOS_DIR / "async-retries.yaml")
    for switch_id, value in (("fail:read-invoice", "always"), ("knob:read-invoice:reserved", 0)):
        switch = _switch(lesson, switch_id)
        assert "invoice-dlq" in switch.prediction and "invoice-failures" in switch.prediction
        trace = run(apply_edits(lesson, switch.edits_for(value)))
        assert {s.target for s in trace if s.kind in ("dead-letter", "destination")} == {
            "invoice-dlq", "invoice-failures"}
