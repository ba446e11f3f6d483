"""`lambdascope play`: the CLI contract (text, jsonl, summary, errors).

The golden traces of every built-in live in tests/commands/test_play_goldens.py.
"""

from __future__ import annotations

import json

import pytest

from app.cli import main

def _play(capsys, *args) -> tuple[int, str, str]:
    code = main(["play", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err

def test_jsonl_is_one_step_json_per_line(capsys, scenarios_dir):
    """--format jsonl prints Step.to_json() objects with the public keys, in index order."""
    code, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["index"] for r in rows] == list(range(len(rows)))
    assert {"index", "time_ms", "kind", "source", "target", "model", "summary", "narration",
            "payload", "permission", "status"} <= set(rows[0])
    check = next(r for r in rows if r["kind"] == "permission-check")
    assert {"decision", "principal", "action", "resource", "matched"} <= set(check["permission"])

def test_jsonl_is_byte_identical_for_the_same_seed(capsys, scenarios_dir):
    """Same file and seed: same bytes; another seed changes the ids."""
    path = scenarios_dir / "custom-app.yaml"
    outs = [_play(capsys, path, "--format", "jsonl", "--seed", seed)[1] for seed in (3, 3, 4)]
    assert outs[0] == outs[1] != outs[2]

def test_summary_prints_the_totals(capsys, scenarios_dir):
    """--summary prints one JSON object with the documented keys."""
    code, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml", "--summary")
    summary = json.loads(out)
    assert code == 0 and summary["invocations"] == 2 and summary["requests"] == 3
    assert summary["cold_starts"] == 1 and summary["warm_starts"] == 1

def test_max_steps_flag(capsys, scenarios_dir):
    """--max-steps 3 stops after three steps plus the not-simulated one."""
    _, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml", "--format", "jsonl",
                      "--max-steps", 3)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 4 and rows[-1]["kind"] == "not-simulated"

def test_bad_scenario_prints_problems_and_exits_1(capsys, tmp_path):
    """An invalid file gives the loader's problems on stderr and exit code 1."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nteaches: push\nsummary: y\nresources: {}\nscript: []\n")
    code, out, err = _play(capsys, bad)
    assert code == 1 and out == "" and "bad.yaml" in err


def test_a_run_cut_at_the_cap_says_so_in_text_and_summary(capsys, scenarios_dir):
    """Text output ends with the cap notice; --summary carries truncated/max_steps; uncut: false."""
    _, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml", "--max-steps", 3)
    assert out.rstrip().splitlines()[-1].startswith("!! Cut short") and "3-step cap" in out
    _, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml", "--max-steps", 3, "--summary")
    assert json.loads(out)["truncated"] is True and json.loads(out)["max_steps"] == 3
    _, out, _ = _play(capsys, scenarios_dir / "custom-app.yaml", "--summary")
    assert json.loads(out)["truncated"] is False
    _, out, err = _play(capsys, scenarios_dir / "custom-app.yaml", "--max-steps", 3,
                        "--format", "jsonl")
    assert "Cut short" in err and all(line.startswith("{") for line in out.splitlines())
