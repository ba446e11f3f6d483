"""How long an execution environment's Init phase may take.

docs/reference/lambda-behaviour.md §11 (LIFE,
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html):

- **On demand**, Init (extensions, runtime, the function's static code) may take 10 seconds.
  Past that Lambda stops it and runs Init again when the first invocation starts, this time
  bounded by the function's timeout. LambdaScope reads that as: the second Init counts against
  the invocation's timeout, and if Init and handler together pass the timeout the invoke times
  out ("Task timed out"); if Init alone does, the handler never starts. The second Init is taken
  to last as long as the first (the pages do not say). The log shows the stopped Init as
  `INIT_REPORT Init Duration: … Phase: init Status: timeout` before START (LIFE, "Failures
  during the init phase"); the Init run again is in the REPORT's Duration, with no Init Duration
  (the pages show no log line of its own: LambdaScope treats it like a suppressed init).
- **After a timeout** Lambda resets the environment and keeps it. The next invoke that lands in
  it runs Init again inside the invocation, a *suppressed init* (LIFE; TEL22 `InitPhase`
  `invoke`): no INIT_START or Init Duration in the text log, its time in that invocation's
  REPORT Duration (so billed), within the function's timeout. How long it takes is not said:
  LambdaScope takes the environment's first Init again.
- **Provisioned concurrency** (and SnapStart) Init is not held to 10 s: it may run up to 130
  seconds or the function's timeout, whichever is longer (at most 15 minutes). What happens past
  that is not documented, and LambdaScope does not model it; `check` warns.

Qt-free; used by app.engine.executor (the cold start) and app.scenario.timeout_warnings (`check`).
"""

from __future__ import annotations

ON_DEMAND_INIT_LIMIT_MS = 10_000.0  # §11 (LIFE)
PROVISIONED_INIT_FLOOR_S = 130  # §11 (LIFE): provisioned/SnapStart Init, or the timeout if longer

LOG_CAVEAT = ("The pages show the stopped Init's INIT_REPORT (Status: timeout) but no log line for "
              "the Init Lambda runs again inside the invocation: LambdaScope counts it in the "
              "REPORT's Duration and leaves Init Duration out, as for a suppressed init. It also "
              "takes the second Init to last as long as the first.")
SUPPRESSED_CAVEAT = ("AWS does not say how long a suppressed init takes: LambdaScope takes it to "
                     "last as long as the environment's first Init.")


def provisioned_init_limit_s(timeout_s: int) -> int:
    """Seconds a provisioned-concurrency Init may run: 130 or the timeout, whichever is longer."""
    return max(PROVISIONED_INIT_FLOOR_S, timeout_s)


def may_exceed(spec, limit_ms: float = ON_DEMAND_INIT_LIMIT_MS) -> bool:
    """Can an Init drawn from `spec` (a duration in ms, or a fixed / exponential / normal
    distribution) run past `limit_ms` with more than a negligible chance? Fixed: above it;
    normal: mean + 6 standard deviations above it; exponential: mean above limit / 20
    (a chance under 2 in 10⁹ otherwise)."""
    if isinstance(spec, (int, float)):
        return spec > limit_ms
    if spec.distribution == "exponential":
        return spec.mean * 20 > limit_ms
    if spec.distribution == "normal":
        return spec.mean + 6 * spec.stddev > limit_ms
    return spec.mean > limit_ms


def stopped_sentence(init_ms: float, timeout_s: int) -> str:
    """The init step's closing sentences when the code's Init needs more than 10 s (§11 LIFE)."""
    fits = init_ms < timeout_s * 1000.0
    return (f" Its initialisation needs {init_ms / 1000:.2f} s, but an on-demand Init may take at "
            f"most 10 seconds, so Lambda stops it at 10 s. It runs Init again when the invocation "
            f"starts, this time within the function's timeout of {timeout_s} s"
            + (", which leaves less time for the handler." if fits else
               f": {init_ms / 1000:.2f} s will not fit, so this invocation will time out before "
               f"the handler starts.")
            + " (lambda-behaviour.md §11, LIFE)")


def retry_narration(function: str, env_id: str, init_ms: float, timeout_s: int) -> str:
    """The execute step's narration when Lambda runs a stopped Init again inside the invocation
    (§11 LIFE): the Init's time counts against the timeout, and may use all of it."""
    start = (f"The invocation starts in the new environment {env_id}, but its Init was stopped at "
             f"10 s, so Lambda first runs Init again, inside the invocation and within "
             f"{function}'s timeout of {timeout_s} s. ")
    if init_ms >= timeout_s * 1000.0:
        return start + (f"Init needs {init_ms / 1000:.2f} s, so the timeout runs out before it "
                        f"ends: the handler is never called (lambda-behaviour.md §11, LIFE).")
    return start + (f"Init takes {init_ms / 1000:.2f} s of it; then Lambda calls the handler with "
                    f"the event and a context object, and the handler has what is left of the "
                    f"timeout (lambda-behaviour.md §11, LIFE).")


def reset_narration(function: str, env_id: str) -> str:
    """The shutdown step's narration when Lambda resets `env_id` after `function` timed out
    (§11 LIFE, "Failures during the invoke phase")."""
    return (f"{function} ran past its timeout, so Lambda resets environment {env_id}: it shuts "
            f"the runtime down, as a Shutdown would, but keeps the environment. If another "
            f"invoke lands in it, Lambda first runs Init again inside that invocation, a "
            f"suppressed init: CloudWatch shows no INIT_START or Init Duration for it; its time "
            f"is part of that invocation's REPORT Duration, billed, and within the timeout "
            f"(lambda-behaviour.md §11, LIFE).")


def suppressed_narration(function: str, env_id: str, init_ms: float, timeout_s: int) -> str:
    """The execute step's narration of an invoke in an environment reset after a timeout: the
    suppressed init (§11 LIFE) takes `init_ms` of the `timeout_s` timeout, and may use all of it."""
    start = (f"Lambda reuses environment {env_id}, which it reset after {function}'s last "
             f"invocation timed out. So it first runs Init again, inside this invocation and "
             f"within the timeout of {timeout_s} s: a suppressed init, not logged as an Init "
             f"phase (lambda-behaviour.md §11, LIFE). ")
    if init_ms >= timeout_s * 1000.0:
        return start + (f"Init needs {init_ms / 1000:.2f} s, so the timeout runs out before it "
                        f"ends: the handler is never called, and Lambda resets the environment "
                        f"again.")
    return start + (f"Init takes {init_ms:.0f} ms of it; then the handler runs with the event "
                    f"and a context object, and has what is left of the timeout.")
