"""The numbers `play --summary` prints: what happened in a run, at a glance.

Refusals, throttles and errors are counted by `app.engine.outcomes.step_outcome`, the same rule
the window's timeline marks steps with, so the totals and the marks agree (issue 8, item 11).
"""

from __future__ import annotations

from typing import Any

from app.engine.outcomes import SUMMARY_KEYS, starts_retry, step_outcome
from app.engine.step_store import StepStore


class StepTally:
    """The per-step totals of a run. `tally(step, times=1)` counts one step (or `times` steps
    alike); `of_steps(steps)` counts a run's steps, from a StepStore's light column when it is
    one (nothing unpacked: the fields needed here are all in it), else step by step."""

    def __init__(self) -> None:
        self.steps = self.warm = self.dead = self.provisioned = self.retries = 0
        self.destinations = 0
        self.dead_by_queue: dict[str, int] = {}  # dead letters per queue that received them
        self.counts: dict[str, int] = {}
        self.outcomes = dict.fromkeys(SUMMARY_KEYS.values(), 0)  # summary key → count of steps with that outcome

    def __call__(self, step, times: int = 1) -> None:
        self.steps += times
        kind, tags = step.kind, step.tags
        self.counts[kind] = self.counts.get(kind, 0) + times
        if "warm-start" in tags and kind == "execute":
            self.warm += times
        if kind == "init" and "provisioned" in tags:
            self.provisioned += times  # ahead of traffic, no request's cold start (§19)
        # a delivery that failed (denied, a FIFO queue, too large: §13 A3) left nothing there
        if kind == "dead-letter" and "denied" not in tags and "delivery-failed" not in tags:
            self.dead += times
            self.dead_by_queue[step.target] = self.dead_by_queue.get(step.target, 0) + times
        # Lambda's own OnSuccess/OnFailure records (§13 A3), not SNS delivering to a queue
        if (kind == "destination" and step.source == "lambda" and "denied" not in tags
                and "delivery-failed" not in tags):
            self.destinations += times
        outcome = step_outcome(step)
        if outcome is not None:
            self.outcomes[SUMMARY_KEYS[outcome]] += times
        if starts_retry(step):  # one per new attempt (outcomes.py)
            self.retries += times

    def add_all(self, steps) -> StepTally:
        for step in steps:
            self(step)
        return self

    @classmethod
    def of_steps(cls, steps) -> StepTally:
        tally = cls()
        if isinstance(steps, StepStore):
            packed, open_chunk = steps.light_counts()
            for light, times in packed:
                tally(light, times)
            return tally.add_all(open_chunk)
        return tally.add_all(steps)


def summarise(sim, steps, stats: dict[str, int]) -> dict[str, Any]:
    """`steps`: the run's steps (a StepStore is read from its light column), or a StepTally
    of them; `stats["requests"]`: script arrivals. Returns the totals (JSON)."""
    tally = steps if isinstance(steps, StepTally) else StepTally.of_steps(steps)
    counts, outcomes = tally.counts, tally.outcomes
    lam = sim.services["lambda"]
    end = sim.now
    # retries a long stream block skipped (one not-simulated step): counted as estimates, so the
    # totals agree with the discard record's approximateInvokeCount (app.engine.stream_failure)
    mappings = sim.services.get("event_source_mappings")
    estimated = mappings.estimated if mappings is not None else {"invocations": 0, "throttles": 0}
    invocations = counts.get("execute", 0) + estimated["invocations"]
    cold = counts.get("init", 0) - tally.provisioned
    env_ms = sum(pool.environment_ms(end) for pool in lam.executor.pools.values())
    return {
        "steps": tally.steps,
        "requests": stats.get("requests", 0),
        "invocations": invocations,
        "cold_starts": cold,
        "warm_starts": tally.warm + estimated["invocations"],  # a blocked batch's retries run warm
        "throttles": outcomes["throttles"] + estimated["throttles"],
        "function_errors": outcomes["function_errors"] + estimated["invocations"],
        "retries": tally.retries + estimated["invocations"] + estimated["throttles"],  # one per new attempt
        "estimated_invocations": estimated["invocations"],  # of `invocations`, not played one by one
        "dead_letters": tally.dead,
        "destinations": tally.destinations,
        # AsyncEventsDropped (MET, §4): every async event given up on without a successful run,
        # also those then sent to a DLQ or on-failure destination
        "dropped_events": lam.async_queue.counts["async_events_dropped"],
        # of those, the ones nowhere to read back: no DLQ or destination took them
        "lost_events": lam.async_queue.counts["dropped"],
        # added keys (the ones above keep their names): what `dead_letters` and
        # `dropped_events` are made of, so 24 dead letters beside 23 dropped events reads right
        "dead_letters_by_queue": dict(sorted(tally.dead_by_queue.items())),
        "dropped_events_to_dlq_or_destination": lam.async_queue.counts["async_events_delivered"],
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


SUMMARY_NOTES = {
    "dead_letters": "messages and events a dead-letter queue received, from every sender: SQS "
                    "moving a message after maxReceiveCount receives (a queue's redrive "
                    "policy), Lambda sending an asynchronous event it gave up on to the function's "
                    "DLQ, SNS sending a message it could not deliver to a subscription's "
                    "DLQ; per queue in dead_letters_by_queue",
    "dead_letters_by_queue": "dead_letters by the queue that received them",
    "dropped_events": "CloudWatch's AsyncEventsDropped: asynchronous events Lambda gave up on "
                      "without a successful run (retries used up, too old, reserved concurrency "
                      "0), counted whether or not Lambda then sent them to a DLQ or on-failure "
                      "destination; SQS redrives are not in it",
    "dropped_events_to_dlq_or_destination": "of dropped_events, those a DLQ (also counted in "
                                            "dead_letters) or an on-failure destination (in "
                                            "destinations) received: they can be read back",
    "lost_events": "of the asynchronous events given up on, those no DLQ or destination "
                   "received: gone for good",
}
"""What the summary's easily confused numbers count, in words: `play --summary` prints them
as its last field, `notes`. Plain ASCII, so the JSON stays readable as printed. Sources: dead letters
§4, §14, §20; AsyncEventsDropped §4 and MET (docs/reference/lambda-behaviour.md)."""
