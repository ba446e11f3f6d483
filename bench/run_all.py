"""Run every benchmark in turn, each in its own process so one cannot warm another's caches.

Usage: python bench/run_all.py [--quick] [--json]
  --quick  10,000 engine requests, a 100,000-step memory trace, fewer UI repeats, SimFaaS
           workloads at a hundredth of their length, no lab window (under a minute when quiet)
  --json   as well as the usual lines, one JSON object on the last line: every figure the
           issue 12 targets name (start-up ratios, step p95 per scenario, engine, memory,
           SimFaaS per workload, the big what-if)
Each benchmark prints its own figures as ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Qt's offscreen platform says this on every window resize; it says nothing about speed.
NOISE = "This plugin does not support propagateSizeHints()"


def commands(quick: bool, as_json: bool) -> list[list[str]]:
    py = sys.executable
    flag = ["--json"] if as_json else []
    engine = [py, str(HERE / "bench_engine.py")] + (["10000"] if quick else [])
    memory = [py, str(HERE / "bench_memory.py")] + (["100000"] if quick else [])
    lab = [py, str(HERE / "bench_lab.py")] + (["--reps", "1", "--no-window"] if quick else [])
    whatif = [py, str(HERE / "bench_whatif_big.py")] + (["5000", "--reps", "1"] if quick else []) + flag
    ui = [py, str(HERE / "bench_ui.py")] + (["--quick"] if quick else []) + flag
    simfaas = [py, str(HERE / "bench_simfaas.py")] + (["--quick"] if quick else []) + flag
    return [engine, memory, lab, whatif, ui, simfaas]


ENGINE_LINE = re.compile(r"^engine\s+([\d.]+) s\s+\(([\d,]+) requests/s, ([\d,]+) steps/s")
PEAK_LINE = re.compile(r"^peak memory\s+([\d,]+) MB")
BARE_LINE = re.compile(r"ratio engine/bare ([\d.]+)x")


def figures(name: str, lines: list[str]) -> dict:
    """What one benchmark's output says, as JSON fields: its last JSON line if it printed one,
    plus (bench_engine, which prints none) the numbers read from its lines."""
    found: dict = {}
    for line in reversed(lines):
        if line.startswith("{"):
            try:
                found.update(json.loads(line))
            except json.JSONDecodeError:
                pass
            break
    if name == "bench_engine.py":
        number = lambda text: float(text.replace(",", ""))  # noqa: E731
        for line in lines:
            if m := ENGINE_LINE.match(line):
                found.setdefault("engine_requests_per_s", round(number(m.group(2))))
                found.setdefault("engine_steps_per_s", round(number(m.group(3))))
            if m := PEAK_LINE.match(line):
                found.setdefault("engine_peak_mb", round(number(m.group(1))))
            if m := BARE_LINE.search(line):
                found.setdefault("engine_vs_bare_simpy", number(m.group(1)))
    if name == "bench_memory.py" and "steps" in found:
        found = {"memory_trace_steps" if k == "steps" else k: v for k, v in found.items()}
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quick, as_json = "--quick" in argv, "--json" in argv
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    failed = 0
    merged: dict = {"quick": quick}
    for command in commands(quick, as_json):
        name = Path(command[1]).name
        print(f"\n=== {name} ===", flush=True)
        lines = []
        with subprocess.Popen(command, cwd=HERE.parent, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as child:
            for line in child.stdout:
                if line.strip() == NOISE:
                    continue
                lines.append(line.rstrip("\n"))
                if not (as_json and line.startswith("{")):  # the children's JSON goes in ours
                    print(line, end="", flush=True)
        failed += child.returncode != 0
        if child.returncode != 0:
            merged.setdefault("failed", []).append(name)
        merged.update(figures(name, lines))
    if as_json:
        print(json.dumps(merged))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
