"""The numbers `play --summary` prints: what happened in a run, at a glance.

Refusals, throttles and errors are counted by `app.engine.outcomes.step_outcome`, the same rule
the window's timeline marks steps with, so the totals and the marks agree (issue 8, item 11).
"""

from __future__ import annotations

from typing import Any

from app.engine.outcomes import SUMMARY_KEYS, starts_retry, step_outcome


class StepTally:
    """The per-step totals of a run, kept while it is recorded: a recorder listener, called with
    each new step (so `summarise` never reads the packed trace back). `tally(step)` → None."""

    def __init__(self) -> None:
        self.steps = self.warm = self.dead = self.provisioned = self.retries = 0
        self.destinations = 0
        self.counts: dict[str, int] = {}
        self.outcomes = dict.fromkeys(SUMMARY_KEYS.values(), 0)  # as outcomes.count_outcomes

    def __call__(self, step) -> None:
        self.steps += 1
        kind, tags = step.kind, step.tags
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if tags:
            if "warm-start" in tags and kind == "execute":
                self.warm += 1
            if kind == "init" and "provisioned" in tags:
                self.provisioned += 1  # ahead of traffic, no request's cold start (§19)
        if kind == "dead-letter" and "denied" not in tags:
            self.dead += 1
        if kind == "destination" and "denied" not in tags:
            self.destinations += 1
        # step_outcome and starts_retry need a permission, a tag, or one of these kinds/a 429:
        # most steps have none, and skip the two calls
        if (tags or step.permission is not None or kind in ("throttle", "error", "retry")
                or step.status == 429):
            outcome = step_outcome(step)
            if outcome is not None:
                self.outcomes[SUMMARY_KEYS[outcome]] += 1
            if starts_retry(step):  # one per new attempt (outcomes.py)
                self.retries += 1

    def add_all(self, steps) -> StepTally:
        for step in steps:
            self(step)
        return self


def summarise(sim, steps, stats: dict[str, int]) -> dict[str, Any]:
    """`steps`: the run's steps, or a StepTally that saw each of them; `stats["requests"]`:
    script arrivals. Returns the totals (JSON)."""
    tally = steps if isinstance(steps, StepTally) else StepTally().add_all(steps)
    counts, outcomes = tally.counts, tally.outcomes
    lam = sim.services["lambda"]
    end = sim.now
    invocations = counts.get("execute", 0)
    cold = counts.get("init", 0) - tally.provisioned
    env_ms = sum(pool.environment_ms(end) for pool in lam.executor.pools.values())
    return {
        "steps": tally.steps,
        "requests": stats.get("requests", 0),
        "invocations": invocations,
        "cold_starts": cold,
        "warm_starts": tally.warm,
        "throttles": outcomes["throttles"],
        "function_errors": outcomes["function_errors"],
        "retries": tally.retries,  # one per new attempt (outcomes.py)
        "dead_letters": tally.dead,
        "destinations": tally.destinations,
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
