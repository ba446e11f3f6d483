"""`check` rules for versions, aliases and provisioned concurrency (lambda-behaviour.md §18, §19).

Each rule is one AWS refuses: CreateAlias to a version that does not exist, a weighted alias
whose versions are not both published, PutProvisionedConcurrencyConfig on `$LATEST` or above
the function's reserved concurrency, Invoke or AddPermission with a qualifier the function does
not have (ResourceNotFoundException).
"""

from __future__ import annotations

from app.scenario.messages import did_you_mean

LATEST = "$LATEST"


def qualifiers(fn) -> list[str]:
    """Every qualifier `fn` answers to: its version numbers and alias names."""
    return [*fn.versions, *fn.aliases]


def check_function_versions(refs, at: tuple, fn) -> None:
    """Problems of one function's `versions:` and `aliases:`, reported through `refs.problem`."""
    for name, alias in fn.aliases.items():
        here = (*at, "aliases", name)
        target = alias.function_version
        if target != LATEST and target not in fn.versions:
            refs.problem((*here, "function_version"),
                         f"alias '{name}' points at version {target}, which is not under "
                         f"versions:{did_you_mean(target, list(fn.versions))}; publish it first "
                         f"(add it under versions:) or point the alias at one that exists")
        weights = alias.routing_config.additional_version_weights if alias.routing_config else {}
        for extra in weights:
            where = (*here, "routing_config", "additional_version_weights", extra)
            if extra not in fn.versions:
                refs.problem(where, f"the additional version {extra} is not under versions:; "
                                    f"both versions of a weighted alias must be published")
            elif extra == target:
                refs.problem(where, f"version {extra} is already the alias's function_version; "
                                    f"the additional version must be another one")
        if weights and target == LATEST:
            refs.problem((*here, "function_version"),
                         "a weighted alias cannot point at $LATEST: both versions must be "
                         "published (lambda-behaviour.md §18); point it at a version number")
        if alias.provisioned_concurrent_executions and target == LATEST:
            refs.problem((*here, "provisioned_concurrent_executions"),
                         "provisioned concurrency cannot be set on $LATEST, nor on an alias that "
                         "points at it (lambda-behaviour.md §19); point the alias at a published "
                         "version")
    total = sum(x.provisioned_concurrent_executions or 0
                for x in (*fn.versions.values(), *fn.aliases.values()))
    reserved = fn.reserved_concurrent_executions
    if reserved is not None and total > reserved:
        refs.problem((*at, "reserved_concurrent_executions"),
                     f"the function's aliases and versions ask for {total} provisioned "
                     f"concurrent executions, more than its reserved concurrency of {reserved}; "
                     f"AWS refuses that (lambda-behaviour.md §19): raise "
                     f"reserved_concurrent_executions or lower the provisioned concurrency")
    for i, permission in enumerate(fn.permissions):
        q = permission.qualifier
        if q is not None and q != LATEST and q not in fn.versions and q not in fn.aliases:
            refs.problem((*at, "permissions", i, "qualifier"),
                         f"the function has no version or alias '{q}'"
                         f"{did_you_mean(q, qualifiers(fn))}")
        elif q == LATEST:
            refs.problem((*at, "permissions", i, "qualifier"),
                         "AWS keeps no policy on $LATEST: leave qualifier out to cover the "
                         "unqualified function (lambda-behaviour.md §18)")


def check_invoke_qualifier(refs, at: tuple, stimulus) -> None:
    """An `invoke` whose qualifier the function does not have would get 404."""
    q = getattr(stimulus, "qualifier", None)
    fn = refs.parts.resources.get(getattr(stimulus, "function", None))
    if q is None or q == LATEST or fn is None or getattr(fn, "type", None) != "function":
        return
    if q not in fn.versions and q not in fn.aliases:
        known = qualifiers(fn)
        refs.problem((*at, "qualifier"),
                     f"'{stimulus.function}' has no version or alias '{q}'"
                     f"{did_you_mean(q, known)}; "
                     + (f"it has {', '.join(known)}" if known else
                        "it has no versions: add them under versions: and aliases:")
                     + " (Lambda would answer 404 ResourceNotFoundException)")


def check_trigger_qualifiers(refs) -> None:
    """A notification or mapping written `function: NAME:QUALIFIER` must name a version or
    alias the function has (Lambda/S3 would refuse the configuration)."""
    for name, res in refs.parts.resources.items():
        triggers = [(("resources", name, "notifications", i, "function"), n)
                    for i, n in enumerate(getattr(res, "notifications", None) or ())]
        if getattr(res, "type", None) == "event_source_mapping":
            triggers.append((("resources", name, "function"), res))
        for at, trigger in triggers:
            q = getattr(trigger, "qualifier", None)
            fn = refs.parts.resources.get(getattr(trigger, "function", None))
            if q is None or getattr(fn, "type", None) != "function" or q == LATEST:
                continue
            if q not in fn.versions and q not in fn.aliases:
                known = qualifiers(fn)
                refs.problem(at, f"'{trigger.function}' has no version or alias '{q}'"
                                 f"{did_you_mean(q, known)}; "
                                 + (f"it has {', '.join(known)}" if known else
                                    "add it under the function's versions: or aliases:"))
