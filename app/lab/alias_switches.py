"""What-if switches for versions, aliases and provisioned concurrency (lambda-behaviour.md §18,
§19): shift a weighted alias's weight, add provisioned concurrency to an alias, move a
permission from an alias to the bare function. Generated from the file like every switch."""

from __future__ import annotations

from app.english import possessive
from app.lab.switch import Switch

WEIGHTS = (0.0, 0.1, 0.5, 1.0)
PROVISIONED = (None, 1, 2, 5)


def alias_switches(scenario) -> list[Switch]:
    """Every alias switch that makes sense for this scenario."""
    out = []
    for name, fn in scenario.of_type("function").items():
        for alias_name, alias in fn.aliases.items():
            base = f"resources.{name}.aliases.{alias_name}"
            weights = alias.routing_config.additional_version_weights if alias.routing_config else {}
            for version, weight in weights.items():
                out.append(Switch(
                    f"alias-weight:{name}:{alias_name}", "knobs",
                    f"{name}:{alias_name}: share of invokes sent to version {version}", "choice",
                    weight,
                    f"Lambda sends about that share of {possessive(alias_name)} invokes to version "
                    f"{version} and the rest to version {alias.function_version}, drawn at random "
                    f"per invoke (same seed, same draws); 0 sends none, 1 sends all; callers keep "
                    f"using the alias unchanged (§18 ALI).",
                    path=f"{base}.routing_config.additional_version_weights.{version}",
                    options=tuple(dict.fromkeys((weight, *WEIGHTS)))))
            if alias.function_version != "$LATEST":
                out.append(_provisioned_switch(name, fn, alias_name, alias, base))
        for st in fn.permissions:
            if st.qualifier and st.qualifier in fn.aliases:
                out.append(Switch(
                    f"permission-scope:{name}:{st.sid}", "permissions",
                    f"Move {st.sid} ({st.principal}) from {name}:{st.qualifier} to the bare "
                    f"function {name}", "toggle", False,
                    f"The statement then covers only the unqualified {name}: {possessive(st.principal)} "
                    f"invokes of {name}:{st.qualifier} are refused (403 AccessDeniedException) "
                    f"and do not run; a permission covers exactly one ARN, never the aliases "
                    f"or versions behind it (§18 RBP, ALI).",
                    on_edits=(f"resources.{name}.permissions.{st.sid}.qualifier=absent",)))
    return out


def _provisioned_switch(name, fn, alias_name, alias, base) -> Switch:
    current = alias.provisioned_concurrent_executions
    reserved = fn.reserved_concurrent_executions
    cap = f" (at most the reserved concurrency, {reserved})" if reserved is not None else ""
    return Switch(
        f"alias-provisioned:{name}:{alias_name}", "knobs",
        f"{name}:{alias_name}: provisioned concurrency{cap}", "choice", current,
        f"Lambda initialises that many environments of version {alias.function_version} before "
        f"traffic; invokes of {alias_name} up to that many at once start with no cold start, "
        f"the rest spill over to on-demand environments with cold starts "
        f"(ProvisionedConcurrencySpilloverInvocations), and the provisioned ones come out of "
        f"the function's or account's concurrency (§19 PC).",
        path=f"{base}.provisioned_concurrent_executions",
        options=tuple(dict.fromkeys((current, *(p for p in PROVISIONED
                                                if p is None or reserved is None or p <= reserved)))))
