"""The numbers `play --summary` prints: what happened in a run, at a glance.

Refusals, throttles and errors are counted by `app.engine.outcomes.step_outcome`, the same rule
the window's timeline marks steps with, so the totals and the marks agree (issue 8, item 11).
"""

from __future__ import annotations

from typing import Any

from app.engine.outcomes import count_outcomes, starts_retry


def summarise(sim, steps, stats: dict[str, int]) -> dict[str, Any]:
    """`steps`: the run's steps; `stats["requests"]`: script arrivals. Returns the totals (JSON)."""
    counts: dict[str, int] = {}
    warm = dead = provisioned = 0
    for step in steps:
        counts[step.kind] = counts.get(step.kind, 0) + 1
        tags = step.tags
        if "warm-start" in tags and step.kind == "execute":
            warm += 1
        if step.kind == "dead-letter" and "denied" not in tags:
            dead += 1
        if step.kind == "init" and "provisioned" in tags:
            provisioned += 1  # ahead of traffic, no request's cold start (§19)
    outcomes = count_outcomes(steps)
    lam = sim.services["lambda"]
    end = sim.now
    invocations = counts.get("execute", 0)
    cold = counts.get("init", 0) - provisioned
    env_ms = sum(pool.environment_ms(end) for pool in lam.executor.pools.values())
    return {
        "steps": len(steps),
        "requests": stats.get("requests", 0),
        "invocations": invocations,
        "cold_starts": cold,
        "warm_starts": warm,
        "throttles": outcomes["throttles"],
        "function_errors": outcomes["function_errors"],
        "retries": sum(1 for s in steps if starts_retry(s)),  # one per new attempt (outcomes.py)
        "dead_letters": dead,
        "destinations": sum(1 for s in steps if s.kind == "destination" and "denied" not in s.tags),
        "dropped_events": lam.async_queue.counts["dropped"],
        # one per refused permission evaluation (⊘ in the timeline)
        "denied": outcomes["denied"],
        # one per AccessDenied reply a caller got (⊗): the refusal that follows a denial
        "refusals": outcomes["refusals"],
        "other_errors": outcomes["other_errors"],
        "recursive_invocations_dropped": lam.loops.dropped,  # §13 A2 (RecursiveInvocationsDropped)
        "cold_start_probability": round(cold / invocations, 4) if invocations else 0.0,
        "average_environments": round(env_ms / end, 4) if end > 0 else 0.0,
        "max_concurrency": lam.concurrency.peak,
        "simulated_seconds": round(end / 1000.0, 3),
    }
