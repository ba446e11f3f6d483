"""Engine benchmark: a Poisson load of 100,000 synchronous invokes, full trace recorded.

Prints requests/s, steps/s, peak memory, and the ratio against a bare SimPy loop that runs one
process with one timeout per request (the least any SimPy model of this load must do), measured
in the same run. The ratio is the number to compare across machines and busy moments: the
machines here have 2 shared cores, so wall time alone moves by ±30 % from run to run. CPU time
is printed too, and one JSON object on the last line. Usage: python bench/bench_engine.py [REQUESTS]

History (100,000 requests, ratio engine/bare in the same run): 37–52x before the work in
docs/decisions/0003-engine-loop.md ("Performance"), 9–14x after; peak RSS 675 → 393 MB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import simpy

from app.engine import run
from app.scenario.models import Scenario

sys.path.append(str(Path(__file__).resolve().parent.parent / "tests"))  # the shared generators
from load_scenarios import load_of  # noqa: E402


def scenario(requests: int) -> Scenario:
    """200 requests/s, ~120 ms of work each, idle environments reclaimed after 2 s: the tests'
    long-trace load (tests/load_scenarios.py, `load_of`), so both measure the same thing."""
    return load_of(requests)


def bare_simpy(requests: int, seed: int = 1) -> float:
    """Seconds for SimPy alone: Poisson arrivals, each a process that waits its duration."""
    import random

    rng = random.Random(seed)
    env = simpy.Environment()

    def job():
        yield env.timeout(rng.expovariate(1 / 120.0))

    def arrivals():
        for _ in range(requests):
            yield env.timeout(rng.expovariate(0.2))
            env.process(job())

    start = time.perf_counter()
    env.process(arrivals())
    env.run()
    return time.perf_counter() - start


def main() -> int:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    sc = scenario(requests)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu = time.perf_counter(), time.process_time()
    trace = run(sc, seed=1, max_steps=10_000_000)
    engine_s, engine_cpu = time.perf_counter() - start, time.process_time() - cpu
    bare_s = bare_simpy(requests)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = trace.summary
    print(f"requests          {s['requests']:,}")
    print(f"steps             {s['steps']:,}")
    print(f"invocations       {s['invocations']:,} (cold {s['cold_starts']:,}, "
          f"warm {s['warm_starts']:,}, reclaimed {sum(1 for x in trace if x.kind == 'shutdown'):,})")
    print(f"engine            {engine_s:.2f} s  ({s['requests'] / engine_s:,.0f} requests/s, "
          f"{s['steps'] / engine_s:,.0f} steps/s; CPU {engine_cpu:.2f} s)")
    print(f"bare SimPy        {bare_s:.2f} s  (ratio engine/bare {engine_s / bare_s:.1f}x)")
    print(f"peak memory       {peak_mb:,.0f} MB (max RSS of the process; {before_mb:,.0f} MB "
          f"before the run, so the run and its trace take ~{peak_mb - before_mb:,.0f} MB, "
          f"{(peak_mb - before_mb) * 1024 / max(1, s['steps']):.2f} KB a step)")
    print(json.dumps({"engine_requests": s["requests"], "engine_steps": s["steps"],
                      "engine_requests_per_s": round(s["requests"] / engine_s),
                      "engine_steps_per_s": round(s["steps"] / engine_s),
                      "engine_cpu_s": round(engine_cpu, 3),
                      "engine_vs_bare_simpy": round(engine_s / bare_s, 1),
                      "engine_peak_mb": round(peak_mb)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
