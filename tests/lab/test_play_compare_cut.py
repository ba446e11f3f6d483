"""`lambdascope play FILE --compare` with a run cut at --max-steps: the comparison says which run
was cut and where each stops, before the totals (the window's Runs compared says the same,
app.truncation.comparison_cut_note)."""

from __future__ import annotations

from lab_scenarios import APP

from app.cli import main


def test_play_compare_says_a_run_was_cut(capsys, tmp_path):
    """`lambdascope play FILE --compare --max-steps N`: the same sentence, before the totals."""
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    assert main(["play", str(path), "--max-steps", "12", "--compare",
                 "--set", "functions.echo.reserved_concurrency=0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("⚠ Cut short. "))
    assert "The unmodified run was cut at the 12-step cap" in lines[cut]
    assert cut < next(i for i, line in enumerate(lines) if "invocations:" in line)
