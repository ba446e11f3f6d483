"""Advice for API Gateway refusals that a seed change caused, or will cause.

API Gateway calls Lambda with the SourceArn `arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/
METHOD/PATH` (docs/reference/lambda-behaviour.md §9, §6;
https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html). In a
scenario, an `api_gateway` without `api_id:` gets an id derived from the seed
(app.engine.simulation.Simulation.api_id), so a statement whose source_arn names that id stops
matching when `settings: seed` or `play --seed` changes. A student met exactly that: every
request got 500 and the warning asked for a second statement without saying why the first no
longer matched.

So `check` (app.engine.lesson_warnings) pins the id: a suggested statement comes with
``add to API: `api_id: ID` ``, and a statement that differs from the refused call only in its API
id is named, with the pin to its id as the fix. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.config_warnings import ConfigWarning
from app.engine.iam import matches
from app.engine.simulation import derived_api_id
from app.scenario.advice import scalar

PRINCIPAL = "apigateway.amazonaws.com"


@dataclass(frozen=True, slots=True)
class ApiIdAdvice:
    """`note`: sentences for the head of the warning (a statement naming another id), or "";
    `pins`: the edits that pin ids, ready to join into the advice; `replaces`: True when the
    pins alone fix every refused call (no statement needs adding)."""

    note: str
    pins: tuple[str, ...]
    replaces: bool


def api_id_advice(scenario, function: str, decisions) -> ApiIdAdvice | None:
    """For the refused `decisions` (PermissionDecisions of `function`'s resource-based policy),
    the api_id pins to suggest; None when no refused call came from an API Gateway API whose id
    is derived from the seed."""
    seed, derived = _derived_ids(scenario)
    statements = [p for p in getattr(scenario.resources.get(function), "permissions", ())
                  if p.principal == PRINCIPAL and p.source_arn]
    notes, pins, fixed_all = [], {}, True
    for d in decisions:
        arn = d.source_arn
        api_id = _api_id(arn) if d.principal == PRINCIPAL and arn else None
        api = derived.get(api_id)
        if api is None:
            fixed_all = False
            continue
        old = next(((p.sid, _api_id(p.source_arn)) for p in statements
                    if _api_id(p.source_arn) not in (None, api_id) and "*" not in _api_id(p.source_arn)
                    and matches(_with_api_id(p.source_arn, api_id), arn)), None)
        if old is None:
            fixed_all = False
            pins.setdefault(api, f"add to {api}: `api_id: {scalar(api_id)}`")
            continue
        sid, old_id = old
        if pins.get(api, "").endswith(f"`api_id: {scalar(old_id)}`"):
            continue
        pins[api] = f"add to {api}: `api_id: {scalar(old_id)}`"
        notes.append(f"{sid or 'A statement'} names API {old_id}, but {api}'s id is {api_id}: "
                     f"without `api_id:` an API's id is derived from the seed "
                     f"({seed}), so it changes when the seed does (the seed setting, `play --seed`).")
    if not pins:
        return None
    return ApiIdAdvice(" ".join(dict.fromkeys(notes)), tuple(pins.values()), fixed_all)


def derived_id_warnings(scenario) -> list[ConfigWarning]:
    """One warning per resource-based statement (of a function) whose source_arn names the id
    of an API that has no `api_id:`: right for this seed only. At the statement's source_arn,
    with the pin to paste. Raises nothing for a scenario the loader accepted."""
    seed, derived = _derived_ids(scenario)
    out = []
    for function, fn in scenario.of_type("function").items():
        for i, p in enumerate(getattr(fn, "permissions", ())):
            api = derived.get(_api_id(p.source_arn))
            if api is None or p.principal != PRINCIPAL:
                continue
            api_id = _api_id(p.source_arn)
            out.append(ConfigWarning(("resources", function, "permissions", i, "source_arn"), (
                f"warning: {p.sid or 'this statement'} names API {api_id}, {api}'s id for this "
                f"seed only: without `api_id:` an API's id is derived from the seed "
                f"({seed}), so with another seed (the seed setting, `play --seed`) this "
                f"statement no longer matches and every request gets 500. To keep it, add to "
                f"{api}: `api_id: {scalar(api_id)}` (lambda-behaviour.md §6).")))
    return out


def _api_id(arn: str | None) -> str | None:
    """`be5ac1de18` of `arn:aws:execute-api:REGION:ACCOUNT:be5ac1de18/…`; None for another ARN."""
    if not arn or not arn.startswith("arn:aws:execute-api:"):
        return None
    parts = arn.split(":", 5)
    return parts[5].split("/", 1)[0] if len(parts) == 6 else None


def _with_api_id(arn: str, api_id: str) -> str:
    """`arn` (an execute-api ARN) naming `api_id` in place of its own API id; the region and
    account are left alone even when they hold the same digits."""
    parts = arn.split(":", 5)
    path = parts[5].split("/", 1)
    return ":".join(parts[:5]) + ":" + "/".join([api_id, *path[1:]])


def _derived_ids(scenario) -> tuple[int, dict[str, str]]:
    """(the file's seed, {derived API id: API name}) for the APIs without `api_id:`."""
    seed = scenario.settings.seed
    return seed, {derived_api_id(seed, name): name
                  for name, api in scenario.of_type("api_gateway").items() if not api.api_id}

