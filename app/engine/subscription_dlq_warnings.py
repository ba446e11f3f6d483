"""`check`'s warning for an SNS subscription's dead-letter queue that a lesson expects to catch
the function's failures.

A subscription's RedrivePolicy takes the messages SNS cannot deliver (a refused or missing
function, after SNS's delivery retries). SNS invokes a function asynchronously, so once Lambda
has accepted the event (202) the delivery succeeded: what the function then fails on is Lambda's
to retry and, after the retries, to send to the function's own dead-letter queue or on-failure
destination, or to drop (docs/reference/lambda-behaviour.md §20 SNSDLQ, §4 ASY). A teacher put
the DLQ on the subscription and 23 emails were lost with no word from `check`. Qt-free.
"""

from __future__ import annotations

from app.engine.async_queue import LOST
from app.engine.config_warnings import ConfigWarning


def subscription_dlq_warnings(scenario, steps) -> list[ConfigWarning]:
    """One warning per SNS subscription with a `dead_letter_queue` whose function has neither a
    `dead_letter_queue` nor an `event_invoke_config.on_failure` and lost events in the run (a
    step tagged "dropped" by Lambda for that function), at the subscription's `dead_letter_queue`.
    In: a loaded scenario and the run's steps. Out: the warnings. Raises nothing."""
    functions = scenario.of_type("function")
    lost: dict[str, int] = {}
    for step in steps:
        if step.kind == "error" and "dropped" in step.tags and step.summary.startswith(LOST):
            name = step.summary.removeprefix(LOST).split(" ", 1)[0]
            lost[name] = lost.get(name, 0) + 1
    out: list[ConfigWarning] = []
    for topic, resource in scenario.of_type("sns_topic").items():
        for i, sub in enumerate(resource.subscriptions):
            fn = functions.get(sub.function) if sub.function else None
            if (not sub.dead_letter_queue or fn is None or not lost.get(sub.function)
                    or fn.dead_letter_queue or fn.event_invoke_config.on_failure):
                continue
            n = lost[sub.function]
            out.append(ConfigWarning(("resources", topic, "subscriptions", i, "dead_letter_queue"), (
                f"warning: {sub.dead_letter_queue} takes only the messages SNS cannot deliver to "
                f"{sub.function}. Lambda accepts each delivery (202) and runs {sub.function} "
                f"asynchronously, so what {sub.function} fails on is Lambda's to retry and then to "
                f"send to {sub.function}'s own dead-letter queue or on-failure destination: it has "
                f"neither, and {n} event{'s were' if n != 1 else ' was'} lost in this run. To keep "
                f"them, add to {sub.function}: `dead_letter_queue: {sub.dead_letter_queue}` (or an "
                f"`event_invoke_config: {{on_failure: …}}`) (lambda-behaviour.md §20, §4).")))
    return out
