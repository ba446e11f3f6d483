"""Every switch `play --switches` lists has something to try: a `try:` line with at least one
edit that changes the run's setup. A teacher saw empty `try:` lines on orders-sqs for
fail-on-record (SQS batches ignore it: no record numbers) and for partial batch responses
(already on, and a toggle without a path had no edit to turn it off)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.engine import run
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
BUILT_INS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("name", BUILT_INS)
def test_no_switch_has_an_empty_try_line(capsys, name):
    assert main(["play", name, "--switches"]) == 0
    out = capsys.readouterr().out
    empty = [line for line in out.splitlines() if line.strip() == "try:"]
    assert not empty, out


def test_partial_batch_responses_can_be_turned_off_and_that_changes_the_run():
    scenario = load_scenario(ROOT / "scenarios" / "orders-sqs.yaml")
    switch = next(s for s in switches_for(scenario) if s.id.endswith(":report_batch_item_failures"))
    assert switch.current is True
    edited = apply_edits(scenario, list(switch.edits))
    assert not edited.resources["orders-to-fulfil-orders"].report_batch_item_failures
    before = sum(1 for s in run(scenario) if s.kind == "dead-letter")
    after = sum(1 for s in run(edited) if s.kind == "dead-letter")
    assert after > before  # the whole batch goes back, so more messages reach the DLQ
