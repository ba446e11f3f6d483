"""`lambdascope play` writes every step count and total with thousands separators, as the window
does: a teacher's 71-step lesson (tests/cases/api-queue.yaml) whose what-if "process-orders
fails: always" runs to the cap (before: "71 steps → 3001 steps", "messages delivered: 6 → 1045")."""

from __future__ import annotations

import re
from pathlib import Path

from app.cli import main

LESSON = Path(__file__).resolve().parents[1] / "cases" / "api-queue.yaml"
FAIL = 'resources.process-orders.faults.fail="always"'


def test_play_compare_counts_have_separators(capsys):
    assert main(["play", str(LESSON), "--max-steps", "3000", "--compare", "--set", FAIL]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("(71 steps → 3,001 steps)" in line for line in lines), lines
    totals = [line for line in lines if line.startswith("  ") and "→" in line and ":" in line
              and not line.startswith("  at ")]
    assert any(line.startswith("  steps: 71 → 3,001 (+2,930)") for line in totals), totals
    for line in totals:  # no number of four digits or more without its separator
        assert re.search(r"\d{4}", line) is None, line


def test_play_numbers_steps_past_999_with_separators(capsys):
    assert main(["play", str(LESSON), "--max-steps", "1200", "--set", FAIL]) == 0
    numbers = [line.split()[0] for line in capsys.readouterr().out.splitlines()
               if re.match(r"\s*[\d,]+\s+t=", line)]
    assert numbers[998:1001] == ["999", "1,000", "1,001"]
