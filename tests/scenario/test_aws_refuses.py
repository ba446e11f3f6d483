"""Values AWS's APIs refuse are refused by `check` too, with the reason (lambda-behaviour.md)."""

from __future__ import annotations

import pytest
from scenario_texts import minimal_with

from app.scenario.loader import load_scenario_text

STREAM = ("    role: worker-role\n  clicks:\n    type: kinesis_stream\n"
          "  clicks-to-worker:\n    type: event_source_mapping\n    source: clicks\n"
          "    function: worker\n    starting_position: LATEST\n")


@pytest.mark.parametrize("age", [0, 1, 30, 59])
def test_record_age_under_a_minute_is_refused(problems, age):
    """§5 (ESMAPI): MaximumRecordAgeInSeconds is -1 or 60-604,800; 0-59 are refused."""
    text = minimal_with({14: STREAM + f"    maximum_record_age_in_seconds: {age}"})
    (message,) = problems(text)
    assert message.startswith("s.yaml:22:5: resources.clicks-to-worker.maximum_record_age_in_seconds:")
    assert "-1 (never discard) or 60 to 604,800 seconds" in message


@pytest.mark.parametrize("age", [-1, 60, 604_800])
def test_record_age_that_lambda_takes_loads(age):
    text = minimal_with({14: STREAM + f"    maximum_record_age_in_seconds: {age}"})
    scenario = load_scenario_text(text, "s.yaml")
    assert scenario.resources["clicks-to-worker"].maximum_record_age_in_seconds == age
