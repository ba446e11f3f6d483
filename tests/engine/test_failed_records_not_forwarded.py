"""A record that `faults.fail_when` picks fails before the handler processes it, in both modes
(teacher's order pipeline, SQS → builtin.forward → DynamoDB). With ReportBatchItemFailures on
(lambda-behaviour.md §15, SQSERR) the handler writes the other records and reports the failed
one; it never writes the failed one. With it off the whole batch fails before any write."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML

from app.engine.run import run
from app.scenario.loader import load_scenario_text

CASE = Path(__file__).resolve().parents[1] / "cases" / "teacher-order-pipeline.yaml"


def _scenario(partial: bool):
    yaml = YAML()
    data = yaml.load(CASE.read_text())
    if not partial:
        del data["resources"]["orders-to-store"]["function_response_types"]
    out = StringIO()
    yaml.dump(data, out)
    return load_scenario_text(out.getvalue(), CASE)


def _written_order_ids(trace) -> list[str]:
    return [s.payload["params"]["Item"]["orderId"]["S"] for s in trace
            if s.kind == "sdk-call" and s.target == "orders-table"
            and s.payload.get("operation") == "PutItem"]


def test_with_partial_batch_responses_the_failed_order_is_never_written():
    trace = run(_scenario(partial=True))
    written = _written_order_ids(trace)
    assert "BAD-1" not in written
    assert sorted(written) == ["A-1", "A-2", "A-3", "A-4", "B-1"]


def test_with_partial_batch_responses_the_result_counts_only_forwarded_records():
    trace = run(_scenario(partial=True))
    first = next(s for s in trace if s.kind == "result" and s.source == "store-order")
    assert first.payload["forwarded"] == 4
    assert len(first.payload["batchItemFailures"]) == 1


def test_without_partial_batch_responses_the_failed_order_is_never_written_either():
    trace = run(_scenario(partial=False))
    assert "BAD-1" not in _written_order_ids(trace)


def test_without_partial_batch_responses_the_narration_says_no_record_was_processed():
    """The fault stops the handler before any record: no sentence may claim the code handled some."""
    trace = run(_scenario(partial=False))
    retry = next(s for s in trace if s.kind == "retry" and s.target == "orders")
    assert "the code handled" not in retry.narration
    log = next(s for s in trace if s.kind == "log" and s.source == "store-order")
    assert "before it processes any record" in " ".join(log.payload.get("logs", [])) + log.narration
