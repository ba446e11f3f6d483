"""The numbers `play --summary` prints: what happened in a run, at a glance."""

from __future__ import annotations

from typing import Any


def summarise(sim, steps, stats: dict[str, int]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    warm = errors = dead = 0
    for step in steps:
        counts[step.kind] = counts.get(step.kind, 0) + 1
        tags = step.tags
        if "warm-start" in tags and step.kind == "execute":
            warm += 1
        if step.kind == "result" and "function-error" in tags:
            errors += 1
        if step.kind == "dead-letter" and "denied" not in tags:
            dead += 1
    lam = sim.services["lambda"]
    end = sim.now
    invocations = counts.get("execute", 0)
    cold = counts.get("init", 0)
    env_ms = sum(pool.environment_ms(end) for pool in lam.executor.pools.values())
    return {
        "steps": len(steps),
        "requests": stats.get("requests", 0),
        "invocations": invocations,
        "cold_starts": cold,
        "warm_starts": warm,
        "throttles": counts.get("throttle", 0),
        "errors": errors,
        "retries": counts.get("retry", 0),
        "dead_letters": dead,
        "destinations": sum(1 for s in steps if s.kind == "destination" and "denied" not in s.tags),
        "dropped_events": lam.async_queue.counts["dropped"],
        # one per refused permission evaluation; the error reply that follows is not a second one
        "denied": sum(1 for s in steps if s.permission and s.permission.decision == "deny"),
        "cold_start_probability": round(cold / invocations, 4) if invocations else 0.0,
        "average_environments": round(env_ms / end, 4) if end > 0 else 0.0,
        "max_concurrency": lam.concurrency.peak,
        "simulated_seconds": round(end / 1000.0, 3),
    }
