"""REPORT's Billed Duration: Init is billed on cold starts of on-demand ZIP functions since
1 Aug 2025 (AWS Compute Blog, "AWS Lambda standardizes billing for INIT phase", April 2025)."""

from __future__ import annotations

import math
import re

from app.engine.function_code import billed_ms
from lambda_scenarios import invoke, scenario, simulation


def _reports(sim) -> list[dict[str, float]]:
    """Each REPORT line's fields as numbers (ms), in order."""
    out = []
    for step in sim.recorder.steps:
        if step.kind == "log":
            line = step.payload["lines"][-1]
            out.append({k: float(v) for k, v in re.findall(r"([A-Za-z ]+): ([\d.]+) m?s", line)})
    return out


def test_cold_start_bills_init_and_handler_warm_start_bills_handler_only():
    """The cold REPORT bills ceil(Duration + Init Duration); the warm one bills ceil(Duration)."""
    sim = simulation(scenario())
    invoke(sim), invoke(sim, at=5000)
    sim.env.run()
    cold, warm = _reports(sim)
    assert cold["Init Duration"] == 200.0
    assert cold["Billed Duration"] == math.ceil(cold["Duration"] + cold["Init Duration"])
    assert "Init Duration" not in warm
    assert warm["Billed Duration"] == math.ceil(warm["Duration"])
    log = next(s for s in sim.recorder.steps if s.kind == "log")
    assert "Init time is billed too" in log.narration


def test_billed_duration_rounds_up_to_the_millisecond():
    """Billing is per 1 ms, rounded up, over the sum (not each part rounded)."""
    assert billed_ms(350.2, 400.3) == 751
    assert billed_ms(350.0, None) == 350
    assert billed_ms(0.1, None) == 1
