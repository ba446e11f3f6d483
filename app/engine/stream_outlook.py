"""Is a failing stream batch known to fail again? What the fast-forward of a block may assume.

Lambda retries a failing batch until it succeeds, its records expire, they pass
MaximumRecordAgeInSeconds, or MaximumRetryAttempts is used up (lambda-behaviour.md §5, KOF/DOF).
`app.engine.stream_failure` replaces a long run of retries by one not-simulated step; that is only
honest when each replaced attempt would end as the last one did. Here it is known to when:
- the function fails every time (`faults.fail: always`, `faults.time_out`);
- an injected fault picks a record of this very batch (`fail_on_record`, `fail_when`): the
  retries send the same records;
- the function's own code failed with no injected fault behind it, and nothing random in the
  run could change that (the same records, the same code, the same policies);
- a throttle comes from reserved concurrency 0 (§13 A1): no invoke can ever run.
It is not known while `faults.fail_first_attempts` still counts: those attempts are played one by
one (a success comes once the count is used up), and neither after a failure that count caused,
nor after a timeout of a randomly drawn duration, nor for a throttle of a busy function.
"""

from __future__ import annotations

from app.engine.batch_items import fail_when_matches

COUNTED_FAULT = "(faults.fail_first_attempts)"  # app.engine.function_code.fault_error's words


def failure_repeats(poller, a, response) -> bool:
    """True when every later attempt of batch `a` (an `Attempt` of `poller`, a ShardPoller) is
    known to end as `response` did (an InvokeResponse, or the stand-in of a partial batch
    response). Reads the function's faults (every version the mapping's qualifier can route to)
    and its invocation count; changes nothing."""
    lam = poller.sim.services["lambda"]
    function = poller.m.function
    if response.status == 429:
        return lam.concurrency.reserved.get(function) == 0
    count = lam.executor.invocations[function]
    message = _error_message(response)
    sent = [r for r in a.records if r.ordinal not in a.skip]
    for fn in _configs(lam, function, getattr(poller.m.config, "qualifier", None)):
        faults = fn.faults
        if faults.fail == "always":
            continue
        if count < faults.fail_first_attempts:
            return False  # the next attempts fail only by the count: played one by one
        if faults.time_out or _picks(poller, faults, sent):
            continue
        if COUNTED_FAULT in message:
            return False  # the count is used up now: the next attempt may well succeed
        if message.startswith("RequestId:") and not isinstance(fn.duration, (int, float)) \
                and fn.duration.distribution in ("exponential", "normal"):
            return False  # a timeout of a random duration: the next draw may be shorter
    return True


def _error_message(response) -> str:
    payload = getattr(response, "payload", None)
    if isinstance(payload, dict) and isinstance(payload.get("errorMessage"), str):
        return payload["errorMessage"]
    return ""


def _picks(poller, faults, sent) -> bool:
    """Does `fail_on_record` or `fail_when` pick a record the batch sends?"""
    if faults.fail_on_record is not None and any(r.ordinal == faults.fail_on_record for r in sent):
        return True
    if faults.fail_when is None:
        return False
    event = poller.source.event_for(sent, poller.m.role_arn)["Records"]
    return any(fail_when_matches(faults.fail_when, doc) for doc in event)


def _configs(lam, function: str, qualifier: str | None) -> list:
    """The configurations an invoke through the mapping can run: `$LATEST`, one version, or
    an alias's version and the versions its routing weights add (§18)."""
    fn = lam.functions[function]
    versions = lam.versions
    if qualifier is None or qualifier == "$LATEST":
        return [fn]
    if qualifier in fn.versions:
        return [versions.config(function, qualifier)]
    alias = fn.aliases.get(qualifier)
    if alias is None:
        return [fn]
    names = [alias.function_version]
    if alias.routing_config:
        names += list(alias.routing_config.additional_version_weights)
    return [fn if v == "$LATEST" else versions.config(function, v) for v in names]
