"""scenarios/traffic-spike.yaml shows what it promises: cold, warm, scale-out, 429s, reclaim."""

from __future__ import annotations

from app.engine import run
from app.scenario.loader import load_scenario


def test_traffic_spike_teaches_scaling(scenarios_dir):
    """One cold start, warm reuse, a burst capped at reserved concurrency 5, 429s, idle reclaim."""
    trace = run(load_scenario(scenarios_dir / "traffic-spike.yaml"))
    steps = list(trace)
    first_execute = next(s for s in steps if s.kind == "execute")
    assert "cold-start" in first_execute.tags
    second_execute = [s for s in steps if s.kind == "execute"][1]
    assert "warm-start" in second_execute.tags
    throttles = [s for s in steps if s.kind == "throttle"]
    assert len(throttles) == 3  # 8 arrive at once, 5 may run
    assert all(t.status == 429 and t.payload["Reason"] ==
               "ReservedFunctionConcurrentInvocationLimitExceeded" for t in throttles)
    assert trace.summary["max_concurrency"] == 5
    assert max(s["concurrency"] for s in (trace.node_state_at(i, "price-order")
                                           for i in range(len(trace)))) == 5
    shutdowns = [s for s in steps if s.kind == "shutdown"]
    assert len(shutdowns) == trace.summary["cold_starts"]  # every environment is reclaimed
    last_result = max(s.time_ms for s in steps if s.kind == "result")
    assert all(s.time_ms >= last_result for s in shutdowns)
    assert len(trace) < 300  # short enough to play in class
