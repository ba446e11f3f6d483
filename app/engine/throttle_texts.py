"""Why Lambda throttled an invoke, in the narration of a 429 (kept apart from the executor).

A function with reserved concurrency may run at most that many copies at once (§11, CON);
provisioned concurrency set on its versions or aliases comes out of that reservation, and only
calls that name that alias or version run in those environments, so every other invoke (an
unqualified one runs `$LATEST`) shares only what is left. When provisioned concurrency takes the
whole reservation, those invokes are throttled even with nothing busy
(docs/reference/lambda-behaviour.md §19 "Accounting", "Triggers";
https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html).
"""

from __future__ import annotations

from app.engine.provisioned import configs
from app.engine.wording import count


def reserved_throttle(function: str, reserved: int, config) -> str:
    """The sentence for ReservedFunctionConcurrentInvocationLimitExceeded. `reserved`: the
    function's reserved concurrency; `config`: its scenario Function (its versions and aliases
    with provisioned concurrency)."""
    provisioned = [(qualifier, n) for qualifier, _, n in configs(config)]
    if reserved == 0:
        return (f"{function} has reserved concurrency 0: it may not run at all, so Lambda "
                f"throttles every invoke of it.")
    head = f"{function} may run at most {count(reserved, 'copy', 'copies')} at once (reserved concurrency {reserved})"
    set_aside = sum(n for _, n in provisioned)
    if not set_aside:
        busy = _all_busy(reserved)
        return f"{head}, and {busy}, so Lambda refuses this invoke."
    where = " and ".join(f"{'version' if q.isdigit() else 'alias'} {q}" for q, _ in provisioned)
    left = max(0, reserved - set_aside)
    shared = (f"Only calls that name {where} run in those environments; any other invoke (an "
              f"unqualified call runs $LATEST, and a call past the provisioned environments "
              f"spills over) runs on demand")
    if left == 0:
        return (f"{head}, but all of it is set aside for provisioned concurrency on {where}. "
                f"{shared} and gets none of the reservation, so Lambda throttles it whether or "
                f"not the provisioned environments are busy.")
    busy = _all_busy(left)
    verb = "is" if set_aside == 1 else "are"
    return (f"{head}, but {set_aside} of its reserved concurrency of {reserved} {verb} set aside for "
            f"provisioned concurrency on {where}. {shared}: "
            f"{count(left, 'copy', 'copies')} may run on demand, and {busy}, so Lambda refuses "
            f"this invoke.")


def _all_busy(n: int) -> str:
    """`it is busy`, `both are busy`, `all 5 are busy`: n copies, every one at work."""
    return "it is busy" if n == 1 else "both are busy" if n == 2 else f"all {n} are busy"
