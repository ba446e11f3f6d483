"""A long stream block that the run fast-forwards (one flagged not-simulated step for ~56
retries) must not make the numbers disagree (the expert's probe tests/cases/probes/kage.yaml:
MaximumRecordAgeInSeconds 60 on Kinesis).

The on-failure record's approximateInvokeCount tells what AWS would have done (about 60 invokes,
lambda-behaviour.md §5, KP/ONF), so the run's Invocations, Errors, retries and `--summary`
count the skipped retries too, as estimates: the not-simulated step carries how many, and the
summary says how many of its invocations were estimated rather than played.
"""

from __future__ import annotations

from pathlib import Path

from app.engine.run import run
from app.metrics.series import compute_metrics
from app.scenario.loader import load_scenario

PROBE = Path(__file__).resolve().parents[1] / "cases" / "probes" / "kage.yaml"


def _final(trace, metric, fn="fn"):
    return next(s.points[-1][1] for s in compute_metrics(trace)
                if s.metric == metric and s.dimensions == {"FunctionName": fn})


def test_the_record_the_metrics_and_the_summary_agree():
    trace = run(load_scenario(PROBE))
    record = next(s for s in trace if s.kind == "destination"
                  and s.payload["requestContext"]["condition"] == "RecordAgeExceeded")
    count = record.payload["requestContext"]["approximateInvokeCount"]
    skipped = next(s for s in trace if s.kind == "not-simulated" and "blocked" in s.tags)
    estimate = skipped.payload["estimate"]
    played = sum(1 for s in trace if s.kind == "execute")
    assert estimate["invocations"] >= 50 and estimate["FunctionName"] == "fn"
    assert count == played + estimate["invocations"]
    assert _final(trace, "Invocations") == count
    assert _final(trace, "Errors") == count
    summary = trace.summary
    assert summary["invocations"] == count and summary["function_errors"] == count
    assert summary["estimated_invocations"] == estimate["invocations"]
    assert summary["retries"] == count - 1  # every invoke after the first is a retry
    assert summary["cold_starts"] + summary["warm_starts"] == summary["invocations"]
