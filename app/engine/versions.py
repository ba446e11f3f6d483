"""Versions and aliases at invoke time: which version a qualifier names, and weighted routing.

docs/reference/lambda-behaviour.md §18 (B13): an unqualified ARN invokes `$LATEST`; a qualifier
names a published version or an alias; an alias sends each invoke to its version, or, with
`RoutingConfig.AdditionalVersionWeights`, to one extra version with that probability (drawn
from the scenario's seeded generator, so the same seed gives the same split). The version that
ran is reported in `X-Amz-Executed-Version` and on the START log line. AWS:
https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
"""

from __future__ import annotations

from dataclasses import dataclass

LATEST = "$LATEST"
_OVERRIDES = ("options", "faults", "duration", "init_duration", "memory_size", "timeout")


@dataclass(frozen=True, slots=True)
class Target:
    """Where one invoke goes: the function, the version that runs, the alias (if any) and the
    ARN the caller used (`invoked_function_arn` in the context)."""

    function: str
    version: str  # "$LATEST" or a version number as text
    alias: str | None
    qualifier: str | None  # as the caller wrote it
    arn: str
    config: object  # the Function model of that version (its overrides applied)
    weight: float | None = None  # the extra version's weight when the alias routed by weight
    to_extra: bool = False  # the draw sent this invoke to the alias's additional version
    provisioned: int = 0  # provisioned concurrency of the alias or version invoked


def version_config(fn, version: str):
    """The Function model as version `version` runs it: `$LATEST` is `fn` itself; a published
    version replaces the keys it sets (options, faults, duration, init_duration, memory_size,
    timeout). Raises KeyError for an unknown version."""
    if version == LATEST:
        return fn
    overrides = fn.versions[version]
    update = {k: getattr(overrides, k) for k in _OVERRIDES if getattr(overrides, k) is not None}
    return fn.model_copy(update=update)


def provisioned_of(fn, qualifier: str | None) -> int:
    """Provisioned concurrency configured on the alias or version `qualifier` (0: none)."""
    if qualifier is None or qualifier == LATEST:
        return 0
    holder = fn.aliases.get(qualifier) or fn.versions.get(qualifier)
    return (holder.provisioned_concurrent_executions or 0) if holder else 0


class Versions:
    """`LambdaService.versions`: resolves qualifiers and keeps each version's configuration."""

    def __init__(self, sim, functions: dict):
        self.sim, self.functions = sim, functions
        self._configs: dict[tuple[str, str], object] = {}
        self.routed: dict[tuple[str, str], dict[str, int]] = {}  # (function, alias) → version → n

    def config(self, function: str, version: str):
        key = (function, version)
        if key not in self._configs:
            self._configs[key] = version_config(self.functions[function], version)
        return self._configs[key]

    def known(self, function: str, qualifier: str | None) -> bool:
        fn = self.functions[function]
        return qualifier in (None, LATEST) or qualifier in fn.versions or qualifier in fn.aliases

    def resolve(self, function: str, qualifier: str | None) -> Target | None:
        """The Target of an invoke of `function` with `qualifier`, or None when the function
        has no such version or alias (Lambda answers 404 ResourceNotFoundException). An alias
        with a weight draws once from the seeded generator."""
        fn = self.functions[function]
        arn = self.sim.function_arn(function, qualifier)
        provisioned = provisioned_of(fn, qualifier)
        if qualifier in (None, LATEST):
            return Target(function, LATEST, None, qualifier, arn, fn)
        if qualifier in fn.versions:
            return Target(function, qualifier, None, qualifier, arn, self.config(function, qualifier),
                          provisioned=provisioned)
        alias = fn.aliases.get(qualifier)
        if alias is None:
            return None
        version, weight, extra = alias.function_version, None, False
        weights = alias.routing_config.additional_version_weights if alias.routing_config else {}
        for other, w in weights.items():
            weight = w
            if self.sim.rng.random() < w:
                version, extra = other, True
        counts = self.routed.setdefault((function, qualifier), {})
        counts[version] = counts.get(version, 0) + 1
        self.sim.recorder.set_state(function, f"alias {qualifier}", self.alias_state(function, qualifier))
        return Target(function, version, qualifier, qualifier, arn, self.config(function, version),
                      weight, extra, provisioned)

    def alias_state(self, function: str, alias_name: str) -> dict:
        """The inspector's view of an alias: where it points, its weights, what it routed."""
        alias = self.functions[function].aliases[alias_name]
        weights = alias.routing_config.additional_version_weights if alias.routing_config else {}
        main_share = 1.0 - sum(weights.values())
        state = {"function_version": alias.function_version,
                 "routing": {alias.function_version: round(main_share, 4),
                             **{v: w for v, w in weights.items()}},
                 "invocations_by_version": dict(self.routed.get((function, alias_name), {}))}
        if alias.provisioned_concurrent_executions:
            state["provisioned_concurrent_executions"] = alias.provisioned_concurrent_executions
        return state

    def publish(self) -> None:
        """Every alias's state, before any traffic."""
        for name, fn in self.functions.items():
            for alias_name in fn.aliases:
                self.sim.recorder.set_state(name, f"alias {alias_name}",
                                            self.alias_state(name, alias_name))


def route_narration(target: Target) -> tuple[str, str]:
    """(summary, narration) of the step where an alias picks the version for one invoke."""
    fn, alias, version = target.function, target.alias, target.version
    if target.weight is None:
        return (f"Alias {alias} of {fn} points at version {version}",
                f"The caller named the alias {alias}, not a version. Lambda looks the alias up: it "
                f"points at version {version}, so that frozen copy of {fn} runs. Moving the alias "
                f"later changes what runs without changing any caller.")
    share = f"{target.weight:.0%}"
    main = "the additional" if target.to_extra else "the main"
    return (f"Alias {alias} of {fn} routes this invoke to version {version} ({main} version)",
            f"Alias {alias} sends about {share} of its invokes to one extra version and the rest "
            f"to its main version. Lambda draws at random for each invoke; this time the draw "
            f"picked version {version}. Over many invokes the shares follow the weights, but a "
            f"handful of invokes can be uneven.")


def scope_hint(function: str, fn, qualifier: str | None) -> str:
    """When an invoke is denied: the resource-policy statements that were added for another
    qualifier (or none), which a class may expect to cover this call (§18 RBP); "" if none."""
    other = [p for p in fn.permissions if (p.qualifier or None) != (qualifier or None)]
    if not other:
        return ""
    def arn_name(q):
        return f"{function}:{q}" if q else f"the bare function {function}"
    covers = "; ".join(f"{p.sid} covers only {arn_name(p.qualifier)}" for p in other)
    return (f" {function}'s resource-based policy does have statements, but each covers exactly "
            f"the ARN it was added for ({covers}), so none applies to this call.")
