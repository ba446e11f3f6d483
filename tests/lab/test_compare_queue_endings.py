"""Runs compared on a queue lesson (orders-sqs): endings count each SQS message by what finally
became of it (deleted after processing, dead-letter queue, still queued) and the totals use
queue words, not stream or HTTP ones. A teacher's report: with fail_first_attempts=1 the
comparison said `still queued: 0 → 3` and `succeeded: 4 → 3` though the run deletes them."""

from __future__ import annotations

from app.cli import main
from app.engine import run
from app.lab.compare import endings
from app.scenario.loader import load_scenario
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_retried_messages_end_deleted_not_still_queued(capsys):
    code = main(["play", "orders-sqs", "--compare",
                 "--set", "resources.fulfil-orders.faults.fail_first_attempts=1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "still queued" not in out
    assert "stream records" not in out
    assert "HTTP 200" not in out
    assert "messages delivered" in out


def test_each_message_ends_once_by_what_became_of_it():
    scenario = load_scenario(ROOT / "scenarios" / "orders-sqs.yaml")
    trace = run(scenario)
    ends = endings(trace)
    sent = sum(1 for s in trace if s.kind == "response" and isinstance(s.payload, dict)
               and "MessageId" in s.payload)
    assert sum(ends.values()) == sent  # one ending per message, none per batch
    dead = sum(n for name, n in ends.items() if name.startswith("dead-letter queue "))
    assert ends["dead-letter queue orders-dlq"] == dead  # each ending names its queue
    assert ends["deleted after processing"] + dead == sent
    assert ends["still queued"] == 0
