"""Memory of a big trace (issue 12 item 4, issue 9 item 10).

Runs bench_engine's generated load (synchronous invokes, ~5 steps a request) until the trace
holds STEPS steps (default 1,000,000, cut there with max_steps), and reports RSS (VmRSS):
the bare process with the engine imported (the baseline, measured in the same run), with the
trace kept, and after the trace is dropped and `give_back_memory()` ran. Also the worst time
to seek (`trace[i]` plus `trace.state_at(i)`) over 200 random positions: one 60 Hz frame is
16.7 ms. Prints one JSON line last. Nothing here is asserted; targets live in the issue.

Usage: python bench/bench_memory.py [STEPS]
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    from bench_engine import scenario

    from app.engine import run
    from app.engine.memory import give_back_memory

    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    run(scenario(20))  # imports and first-run caches belong to the baseline
    give_back_memory()
    base = rss_mb()
    started = time.perf_counter()
    trace = run(scenario(steps // 5 + 1), max_steps=steps)
    elapsed = time.perf_counter() - started
    held = rss_mb()
    rng = random.Random(1)
    worst = 0.0
    for _ in range(200):
        i = rng.randrange(len(trace))
        t = time.perf_counter()
        trace[i].to_json()
        trace.state_at(i)
        worst = max(worst, (time.perf_counter() - t) * 1000)
    count = len(trace)
    del trace
    give_back_memory()
    after = rss_mb()
    print(f"{count:,} steps in {elapsed:.0f} s")
    print(f"RSS: bare process {base:.0f} MB; with the trace {held:.0f} MB "
          f"(+{held - base:.0f} MB, {(held - base) * 2**20 / count:.0f} B/step); "
          f"after dropping it {after:.0f} MB (+{after - base:.0f} MB)")
    print(f"worst seek (step + state) over 200 random positions: {worst:.1f} ms")
    print(json.dumps({"steps": count, "baseline_rss_mb": round(base), "million_step_rss_mb": round(held),
                      "trace_mb": round(held - base), "after_drop_rss_mb": round(after),
                      "worst_seek_ms": round(worst, 2)}))


if __name__ == "__main__":
    main()
