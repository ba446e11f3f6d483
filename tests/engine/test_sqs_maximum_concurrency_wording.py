"""The SQS poller's first step says how many batches run at once: 5 to begin with, growing, but
never more than ScalingConfig.MaximumConcurrency when the mapping sets it (2 to 1,000)
(docs/reference/lambda-behaviour.md §14 "Scaling, standard queues", "MaximumConcurrency";
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).

The expert's sqs.yaml (maximum_concurrency 2) was told "starts with 5 batches at a time".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.run import run
from app.scenario.loader import load_scenario
from sqs_scenarios import sqs_scenario

CASE = Path(__file__).parent / "cases" / "expert" / "sqs.yaml"


def _first_poll(trace):
    return next(s for s in trace if s.kind == "poll")


def test_maximum_concurrency_below_five_is_what_the_narration_says():
    trace = run(load_scenario(CASE))
    step = _first_poll(trace)
    assert "5 batches" not in step.narration
    assert "at most 2 batches at a time" in step.narration and "MaximumConcurrency" in step.narration
    assert "5 concurrent batches" not in (step.caveat or "")  # the ramp never applies here


@pytest.mark.parametrize("cap, words", [
    (None, "up to 5 batches in flight at once (5 concurrent invokes) and adds more while the "
           "queue stays busy"),
    (50, "up to 50 at once (MaximumConcurrency)"),
])
def test_without_a_low_cap_the_ramp_is_described(cap, words):
    esm = {"scaling_config": {"maximum_concurrency": cap}} if cap else {}
    step = _first_poll(run(sqs_scenario(esm=esm)))
    assert words in step.narration
