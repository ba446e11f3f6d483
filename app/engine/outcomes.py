"""What went wrong at a step, in one word: shared by `play --summary` and the window's timeline.

Both count and mark with `step_outcome`, so the totals and the marks always agree (one step,
at most one outcome):

| outcome          | mark | the step                                                   | summary key      |
|------------------|------|------------------------------------------------------------|------------------|
| `denied`         | ⊘    | carries a permission evaluation that said no               | `denied`         |
| `refused`        | ⊗    | a service's AccessDenied reply to a refused request        | `refusals`       |
| `throttled`      | ⚠    | a 429 TooManyRequestsException (a throttle step)           | `throttles`      |
| `function-error` | ✖    | the function's code failed or timed out (its result)       | `function_errors`|
| `error`          | ✖    | any other error: 404, 413, 5xx, an event lost or discarded | `other_errors`   |
|                  |      | or a DLQ / destination delivery that fails (`delivery-failed`) |          |

A refused invoke is one `denied` (Lambda's check of the policies) and one `refused` (the 403
AccessDeniedException the caller gets); neither is a function error, since no code ran
(docs/reference/lambda-behaviour.md §1, §6;
https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).

Retries are not an outcome but a second count, with two rules kept here side by side:
`marks_retry` is the timeline's ↻: every step that belongs to a retry (the failure handed back,
a message visible again, the new invoke). `starts_retry` counts one per new attempt, which is
`play --summary`'s `retries`:

| source                    | one retry is                                                  |
|---------------------------|---------------------------------------------------------------|
| async (S3, Event invokes) | the `retry` step "Lambda tries the event again" (§4)          |
| streams and SQS (pull)    | an `invoke` tagged `retry`: Lambda invokes again with records |
|                           | it tried before, or with messages SQS redelivered (§5, §14)   |

So a stream bisect counts its two halves, and an SQS message that comes back after the
visibility timeout counts when Lambda invokes with it again, not when the batch is handed back
(docs/reference/lambda-behaviour.md §4 ASY, §5 KIN, §14 SQSERR;
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
"""

from __future__ import annotations

from typing import Any

OUTCOMES = ("denied", "refused", "throttled", "function-error", "error")
MARKS = {"denied": ("⊘", "denied"), "refused": ("⊗", "refused"), "throttled": ("⚠", "throttled"),
         "function-error": ("✖", "function error"), "error": ("✖", "error")}
SUMMARY_KEYS = {"denied": "denied", "refused": "refusals", "throttled": "throttles",
                "function-error": "function_errors", "error": "other_errors"}


def step_outcome(step: Any) -> str | None:
    """The outcome of one step (see the table above), or None when nothing went wrong there."""
    permission = step.permission
    if permission is not None and permission.decision == "deny":
        return "denied"
    kind, tags = step.kind, step.tags
    if kind == "throttle" or step.status == 429:
        return "throttled"
    if "denied" in tags and kind in ("error", "response"):
        return "refused"
    if kind == "result" and "function-error" in tags:
        return "function-error"
    if kind == "error" or "http-error" in tags or "delivery-failed" in tags:
        return "error"
    return None


def marks_retry(step: Any) -> bool:
    """True when the step is part of a retry (the timeline's ↻): a `retry` step or a step tagged
    `retry`."""
    return step.kind == "retry" or "retry" in step.tags


def starts_retry(step: Any) -> bool:
    """True when the step starts one new attempt at work that failed or was throttled (see the
    table above): an async `retry` step, or a pull-model `invoke` tagged `retry`."""
    if step.model == "pull":
        return step.kind == "invoke" and "retry" in step.tags
    return step.kind == "retry"
