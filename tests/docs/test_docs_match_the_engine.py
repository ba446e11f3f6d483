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


def _readme_row_about(words: str) -> str:
    """The README line (a table row of screenshot captions) that holds `words`."""
    rows = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
            if words in line]
    assert len(rows) == 1, rows
    return _flat(rows[0])


def test_readme_says_s3_refuses_the_configuration_without_allows3invoke():
    """Without the function's resource-based statement, S3 refuses to save the notification
    configuration (PutBucketNotificationConfiguration: 400 InvalidArgument, lambda-behaviour.md
    §13 A4c, S3P): nothing is delivered and then denied. The README's captions of the what-if
    screenshots said "S3's invoke is denied" and "events ending *denied* 0 → 2"."""
    from app.bundled import DEFAULT_SCENARIO
    from app.lab.compare import compare
    from app.lab.edits import apply_edits, parse_edit
    from app.scenario.loader import load_scenario

    before = load_scenario(DEFAULT_SCENARIO)
    edit = parse_edit("resources.make-thumbnail.permissions.AllowS3Invoke=absent", before)
    old, new = run(before), run(apply_edits(before, [edit]))
    first = new[0]
    assert (first.kind, first.status, "configuration" in first.tags) == ("error", 400, True)
    assert not any(step.kind == "invoke" for step in new)
    endings = {d.name: (d.before, d.after) for d in compare(old, new).endings if d.changed}
    assert "denied" not in endings
    caption = _readme_row_about("Removing `AllowS3Invoke`")
    assert "S3's invoke is denied" not in caption
    assert "PutBucketNotificationConfiguration" in caption and "400 InvalidArgument" in caption
    totals = _readme_row_about("The two runs side by side")
    assert "*denied*" not in totals
    for label, (was, now) in endings.items():
        assert f"*{label}* {was} → {now}" in totals, (label, was, now, totals)


def test_the_format_does_not_list_s3s_refusal_as_not_simulated():
    """The run starts with S3's refusal (app.engine.s3_configuration); the format's "does not
    simulate" list still said the run keeps the configuration so the class sees a denied call."""
    doc = _flat((ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8"))
    assert "the run keeps it so the class sees the denied call" not in doc
    assert "Unable to validate the following destination configurations" in doc
