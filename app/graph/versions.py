"""How a function's aliases read on its node: where each alias points, with weights and
provisioned concurrency (docs/reference/lambda-behaviour.md §18, §19)."""

from __future__ import annotations


def alias_line(name: str, alias) -> str:
    """`live → v1 80% · v2 20% · 2 provisioned` for one alias."""
    weights = alias.routing_config.additional_version_weights if alias.routing_config else {}
    main = alias.function_version
    text = f"{name} → " + (f"v{main}" if main != "$LATEST" else "$LATEST")
    if weights:
        rest = 1.0 - sum(weights.values())
        text += f" {rest:.0%}" + "".join(f" · v{v} {w:.0%}" for v, w in weights.items())
    if alias.provisioned_concurrent_executions:
        text += f" · {alias.provisioned_concurrent_executions} provisioned"
    return text


def function_sublabel(fn) -> str | None:
    """The line under a function's name when it has aliases or versions, else None (the
    canvas then shows the node's kind as before)."""
    if fn.aliases:
        return "; ".join(alias_line(n, a) for n, a in fn.aliases.items())
    if fn.versions:
        return "versions " + ", ".join(fn.versions)
    return None
