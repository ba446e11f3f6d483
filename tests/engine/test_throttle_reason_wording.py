"""A throttle's narration gives the real reason, in the right number.

- When provisioned concurrency takes the whole reservation, an invoke that runs on demand
  (unqualified, $LATEST, or past the provisioned environments) gets none of it: Lambda throttles it
  even with nothing busy (docs/reference/lambda-behaviour.md §19 "Accounting";
  https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html). The expert's
  pc.yaml step 22 said "that many are busy" while 0 were.
- "at most 1 copies at once" (throttle.yaml step 17, api.yaml step 10) is "at most 1 copy".
"""

from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.scenario.loader import load_scenario
from lambda_scenarios import function, scenario

EXPERT = Path(__file__).parent / "cases" / "expert"


def _throttles(trace):
    return [s for s in trace if s.kind == "throttle"]


def test_reservation_all_provisioned_throttles_the_unqualified_call_for_that_reason():
    trace = run(load_scenario(EXPERT / "pc.yaml"))
    (step,) = [s for s in _throttles(trace) if s.time_ms == 10_000]
    assert "that many are busy" not in step.narration
    assert "provisioned concurrency" in step.narration and "live" in step.narration
    assert "$LATEST" in step.narration and "on demand" in step.narration


def test_some_room_left_beside_provisioned_concurrency_says_how_much():
    sc = scenario({"echo": function(duration="2s", reserved_concurrent_executions=3,
                                    versions={"1": {}},
                                    aliases={"live": {"function_version": "1",
                                                      "provisioned_concurrent_executions": 2}})},
                  script=[{"at": "1s", "actor": "app", "action": "invoke", "function": "echo",
                           "repeat": 2}])
    (step,) = _throttles(run(sc))
    assert "2 of its reserved concurrency of 3 are set aside" in step.narration
    assert "1 copy may run on demand" in step.narration and "it is busy" in step.narration


def test_one_copy_is_singular():
    trace = run(load_scenario(EXPERT / "throttle.yaml"))
    texts = [s.narration for s in _throttles(trace)]
    assert texts and not any("1 copies" in t for t in texts)
    assert any("at most 1 copy at once" in t for t in texts)
    trace = run(load_scenario(EXPERT / "api.yaml"))
    assert not any("1 copies" in s.narration for s in trace)


def test_one_provisioned_environment_is_set_aside_in_the_singular():
    """"1 of its reserved concurrency of 3 is set aside" (it said "are")."""
    from types import SimpleNamespace

    from app.engine.throttle_texts import reserved_throttle

    alias = SimpleNamespace(function_version="1", provisioned_concurrent_executions=1)
    config = SimpleNamespace(versions={}, aliases={"live": alias})
    text = reserved_throttle("fn", 3, config)
    assert "1 of its reserved concurrency of 3 is set aside" in text
    assert "2 copies may run on demand" in text


def test_the_sdk_retry_counts_are_told_once_per_step_in_the_note():
    """A throttled SDK call's narration and its not-simulated note both gave boto3's attempt
    counts (a projected caption said it twice, traffic-spike step 34); the note keeps them."""
    root = Path(__file__).resolve().parents[2]
    trace = run(load_scenario(root / "scenarios" / "traffic-spike.yaml"))
    sdk = [s for s in _throttles(trace) if s.caveat and "boto3" in s.caveat]
    assert sdk
    for step in sdk:
        assert "boto3" not in step.narration
        assert "not simulated" in step.narration
