"""Runs compared per dead-letter queue (teacher's report item 5): taking sns:Publish from the
worker role moves every dead letter from email-dlq (emails Lambda gave up on) to orders-dlq
(orders SQS redrove), and the comparison said "dead letters 24 → 24". Now each DLQ is named
with its count, in `play --compare` (text and JSON) and in the window's Runs compared header
(the same Comparison). `play --summary` says what its look-alike counts count (item 6)."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main
from app.engine import run
from app.lab.compare import compare
from app.lab.edits import apply_edits
from app.scenario.loader import load_scenario

CASE = Path(__file__).resolve().parents[1] / "cases" / "teacher-order-pipeline-email.yaml"
NO_PUBLISH = "resources.worker-role.actions.sns:Publish=absent"


def _runs():
    scenario = load_scenario(CASE)
    return run(scenario), run(apply_edits(scenario, [NO_PUBLISH]))


def test_dead_letters_are_compared_per_queue():
    old, new = _runs()
    comparison = compare(old, new)
    totals = {d.name: (d.before, d.after) for d in comparison.deltas}
    assert totals["dead letters"] == (24, 24)
    assert totals["dead letters in email-dlq"] == (23, 0)
    assert totals["dead letters in orders-dlq"] == (1, 24)
    lines = "\n".join(comparison.summary_lines())
    assert "dead letters in email-dlq: 23 → 0" in lines
    assert "dead letters in orders-dlq: 1 → 24" in lines
    ends = {d.name: (d.before, d.after) for d in comparison.endings}
    assert ends["dead-letter queue email-dlq"] == (23, 0)
    assert ends["dead-letter queue orders-dlq"] == (1, 24)


def test_play_compare_names_each_queue(capsys):
    assert main(["play", str(CASE), "--compare", "--set", NO_PUBLISH]) == 0
    out = capsys.readouterr().out
    assert "dead letters in email-dlq: 23 → 0" in out and "dead letters in orders-dlq: 1 → 24" in out
    assert main(["play", str(CASE), "--compare", "--format", "jsonl", "--set", NO_PUBLISH]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["dead letters"] == [24, 24]  # the total keeps its key
    assert data["totals"]["dead letters in orders-dlq"] == [1, 24]


def test_runs_compared_header_names_each_queue():
    from app.ui.lab.compare_view import summary_html

    old, new = _runs()
    html = summary_html(compare(old, new), len(old), len(new))
    assert "dead letters in email-dlq <b>23 → 0</b>" in html
    assert "dead letters in orders-dlq <b>1 → 24</b>" in html


def test_summary_says_what_dead_letters_and_dropped_events_count(capsys):
    assert main(["play", str(CASE), "--summary"]) == 0
    summary = json.loads(capsys.readouterr().out)
    # the keys tests and docs read keep their names and numbers
    assert (summary["dead_letters"], summary["dropped_events"], summary["lost_events"]) == (24, 23, 0)
    assert summary["dead_letters_by_queue"] == {"email-dlq": 23, "orders-dlq": 1}
    assert summary["dropped_events_to_dlq_or_destination"] == 23
    notes = summary["notes"]
    assert "AsyncEventsDropped" in notes["dropped_events"]
    assert "whether or not" in notes["dropped_events"]
    assert "maxReceiveCount" in notes["dead_letters"]
