"""The built-in lesson on asynchronous invocation (scenarios/async-retries.yaml): what a class is
told to watch must be what the run shows (lambda-behaviour.md §4 ASY, EIC; §13 A1–A3)."""

from __future__ import annotations

import json

import pytest

from app.bundled import SCENARIOS_DIR
from app.engine.run import run
from app.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def trace():
    return run(load_scenario(SCENARIOS_DIR / "async-retries.yaml"))


def attempts(trace, key):
    """(time ms, failed) of each run of read-invoice on the event of object `key`."""
    runs, flows = [], set()
    for step in trace:
        if step.kind == "detect" and key in step.summary:
            flows.add(step.flow)
        if step.kind == "result" and step.flow in flows and step.source == "read-invoice":
            runs.append((step.time_ms, "function-error" in step.tags))
    return runs


def test_the_upload_is_answered_202_before_the_code_runs(trace):
    enqueue = next(s for s in trace if s.kind == "enqueue")
    first_run = next(s for s in trace if s.kind == "execute")
    assert enqueue.status == 202 and enqueue.index < first_run.index


def test_a_failure_that_goes_away_is_cured_by_the_first_retry(trace):
    runs = attempts(trace, "march.csv")
    assert [failed for _, failed in runs] == [True, False]
    assert runs[1][0] - runs[0][0] == pytest.approx(60_000 + 800, abs=1)  # 1 min, then 800 ms run


def test_a_damaged_file_fails_three_times_then_goes_to_the_dlq_and_the_destination(trace):
    runs = attempts(trace, "april-damaged.csv")
    assert [failed for _, failed in runs] == [True, True, True]
    gaps = [b[0] - a[0] for a, b in zip(runs, runs[1:])]
    assert gaps == [pytest.approx(60_800, abs=1), pytest.approx(120_800, abs=1)]
    dead = next(s for s in trace if s.kind == "dead-letter")
    assert dead.target == "invoice-dlq"
    body = json.loads(dead.payload["MessageBody"])
    assert body["Records"][0]["s3"]["object"]["key"] == "2026/april-damaged.csv"
    assert {"RequestID", "ErrorCode", "ErrorMessage"} <= set(dead.payload["MessageAttributes"])
    record = next(s for s in trace if s.kind == "destination").payload
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert dead.permission.decision == "allow" and "read-invoice-role" in dead.permission.principal


def test_a_good_file_runs_once(trace):
    assert [failed for _, failed in attempts(trace, "may.csv")] == [False]
