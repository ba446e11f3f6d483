"""Lab benchmark: the re-run after a what-if switch, for every switch of every built-in scenario.

For each scenario: the first engine run in this process (what opening the file costs), then for
each switch the time to apply its edits and re-run the engine (median of REPS), as milliseconds
and as a ratio against that first run. The issue's budget is "well under 100 ms" per re-run.
One line per scenario (the slowest switch named); `--verbose` adds one line per switch.

Usage: python bench/bench_lab.py [--reps N] [--verbose]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from app.engine import run
from app.lab.compare import compare
from app.lab.edits import apply_edits
from app.lab.switches import switches_for
from app.scenario.loader import load_scenario

BUDGET_MS = 100.0
SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def bench_scenario(path: Path, reps: int, verbose: bool) -> list[float]:
    scenario = load_scenario(path)
    first_trace = []
    first_ms = timed(lambda: first_trace.append(run(scenario)))
    results = []
    for switch in switches_for(scenario):
        def rerun(switch=switch):
            new = run(apply_edits(scenario, switch.edits))
            compare(first_trace[0], new)  # the panel compares every re-run with the original
        samples = [timed(rerun) for _ in range(reps)]
        median = statistics.median(samples)
        results.append((median, switch.id))
        if verbose:
            print(f"    {switch.id:<58} {median:7.1f} ms  ×{median / first_ms:5.2f} of first run")
    times = [m for m, _ in results]
    slowest = max(results)
    verdict = "ok" if slowest[0] < BUDGET_MS else "OVER BUDGET"
    print(f"{path.stem:<22} first run {first_ms:7.1f} ms | {len(times):3d} switches: median re-run "
          f"{statistics.median(times):6.1f} ms (×{statistics.median(times) / first_ms:.2f}), "
          f"max {slowest[0]:6.1f} ms (×{slowest[0] / first_ms:.2f}, {slowest[1]}) | "
          f"budget {BUDGET_MS:.0f} ms: {verdict}  [median of {reps}]")
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    over = 0
    for path in sorted(SCENARIOS.glob("*.yaml")):
        times = bench_scenario(path, args.reps, args.verbose)
        over += sum(t >= BUDGET_MS for t in times)
    print(f"switches over the {BUDGET_MS:.0f} ms budget: {over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
