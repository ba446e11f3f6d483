"""Statements in the docs that the engine contradicted (the expert's review).

- docs/scenario-format.md said a FIFO queue "does not drop duplicate bodies (no content-based
  deduplication)", while the engine deduplicates (lambda-behaviour.md §14, SQSDD).
- README.md said "IteratorAge per shard"; Lambda's IteratorAge has no shard dimension (MET) and
  the chart is per function.
Each claim is checked against the engine, not only searched for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.engine.run import run

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "engine"))
from lambda_scenarios import scenario  # noqa: E402


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_fifo_deduplication_is_described_as_the_engine_does_it():
    doc = _flat((ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8"))
    assert "does not drop duplicate bodies" not in doc
    assert "no content-based deduplication" not in doc
    sc = scenario({}, extra={"jobs.fifo": {"type": "sqs_queue", "fifo": True,
                                           "content_based_deduplication": True}},
                  app_policies=[{"action": "sqs:SendMessage", "resource": "*"}],
                  script=[{"at": 0, "actor": "app", "action": "send_message", "queue": "jobs.fifo",
                           "message_group_id": "A", "message_body": {"same": 1}, "repeat": 2}])
    trace = run(sc)
    state = trace.state_at(len(trace) - 1)["jobs.fifo"]
    assert state["ApproximateNumberOfMessages"] == 1, state  # the duplicate body was accepted but not delivered
    assert "deduplicate" in doc


def test_readme_says_iterator_age_is_per_function():
    readme = _flat((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "IteratorAge per shard" not in readme
    assert "IteratorAge per function" in readme
