"""A mapping created after records were written reads them on its first poll.

Source: docs/reference/lambda-behaviour.md §5 (StartingPosition TRIM_HORIZON reads from the
oldest record kept; https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html).
"""

from __future__ import annotations

import pytest

from stream_scenarios import clicks, invokes, kinesis_scenario, put, table_scenario
from app.engine.run import run


@pytest.mark.parametrize("esm", [{"created_at": "2s"},
                                 {"created_at": "2s", "starting_position": "AT_TIMESTAMP",
                                  "starting_position_timestamp": 0}])
def test_kinesis_records_waiting_at_creation_are_read_on_the_first_poll(esm):
    trace = run(kinesis_scenario(esm=esm, script=clicks(3, key="k")))
    polls = [s for s in trace if s.kind == "poll"]
    first = polls[0]
    assert first.time_ms == 2000
    assert "empty" not in first.narration and "no records" not in first.summary
    assert len(first.payload["Records"]) == 3
    assert invokes(trace)[0].time_ms == 2000  # the batch goes out at once, not a poll later
    assert "already waiting" in first.narration


def test_dynamodb_stream_waiting_records_too():
    trace = run(table_scenario(esm={"created_at": "1s"}, script=[put(1, "s-1", "north", 10)]))
    first = [s for s in trace if s.kind == "poll"][0]
    assert first.time_ms == 1000 and len(first.payload["Records"]) == 1
    assert invokes(trace, "agg")[0].time_ms == 1000


def test_latest_still_starts_with_an_empty_first_poll():
    """LATEST skips what was written before the mapping: its first poll finds nothing."""
    trace = run(kinesis_scenario(esm={"created_at": "2s", "starting_position": "LATEST"},
                                 script=clicks(3, key="k")))
    first = [s for s in trace if s.kind == "poll"][0]
    assert "no records yet" in first.summary and not invokes(trace)
