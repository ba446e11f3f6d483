"""Which badges a step puts on which node, and whether it shows a stop sign.

Kept apart from drawing: it reads only the step and the two nodes' names and kinds. Badges
land on the node the state belongs to: a cold start, throttle or error on the function
involved; a retry on the node tried again; a denial on the resource that refused.
"""

from __future__ import annotations

TAG_STATES = {"cold-start": "cold-start", "warm-start": "warm-start", "retry": "retry",
              "throttled": "throttle", "throttle": "throttle", "error": "error",
              "function-error": "error", "timeout": "error"}
KIND_STATES = {"error": "error", "retry": "retry", "throttle": "throttle",
               "not-simulated": "not-simulated"}
ON_FUNCTION = {"cold-start", "warm-start", "throttle", "error"}


def _function_end(source, target):
    for node in (target, source):
        if node is not None and node.kind == "function":
            return node
    return None


def step_states(step) -> dict[str, str]:
    """State → tooltip for everything this step says happened."""
    states: dict[str, str] = {}
    for tag in step.tags:
        if tag in TAG_STATES:
            states.setdefault(TAG_STATES[tag], step.summary)
    if step.kind in KIND_STATES:
        states.setdefault(KIND_STATES[step.kind], step.summary)
    if step.status == 429:
        states.setdefault("throttle", step.summary)
    elif step.status is not None and step.status >= 500:
        states.setdefault("error", step.summary)
    if step.caveat:
        states["not-simulated"] = step.caveat
    if is_denied(step):
        states.pop("error", None)  # the stop sign already says why it failed
    return states


def is_denied(step) -> bool:
    return (step.permission is not None and step.permission.decision == "deny") \
        or "denied" in step.tags


def badges_for_step(step, source, target) -> dict[str, dict[str, str]]:
    """Node name → {state: tooltip}."""
    out: dict[str, dict[str, str]] = {}
    function = _function_end(source, target)
    for state, tip in step_states(step).items():
        if state in ON_FUNCTION and function is not None:
            node = function
        elif state == "error":
            node = source or target
        else:
            node = target or source
        if node is not None:
            out.setdefault(node.name, {})[state] = tip
    return out


def denial_for_step(step, node) -> tuple[str, str] | None:
    """(node name, reason) when the step shows a denied permission."""
    permission = step.permission
    if not is_denied(step) or node is None:
        return None
    reason = (permission.reason if permission and permission.reason else None) or step.summary
    if permission is not None:
        reason = f"{reason}\n{permission.principal} → {permission.action} on {permission.resource}" \
                 f"\n({permission.policy})"
    return node.name, reason


def busy_at_limit(state: dict) -> dict[str, str]:
    """Node name → "5/5 busy" for each function using all the concurrency it may use, from the
    trace's state after a throttled step: its `concurrency` against its `reserved_concurrency`,
    or, with none reserved, the account's `concurrent_executions` against
    `account_concurrency_limit` (lambda-behaviour.md §11 CON, Q;
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html)."""
    account = state.get("lambda", {})
    out: dict[str, str] = {}
    for name, values in state.items():
        if not isinstance(values, dict) or "concurrency" not in values:
            continue
        reserved = values.get("reserved_concurrency")
        if reserved is not None:
            busy, limit = values["concurrency"], reserved
        else:
            busy, limit = account.get("concurrent_executions"), account.get("account_concurrency_limit")
        if busy is not None and limit and busy >= limit:
            out[name] = f"{busy}/{limit} busy"
    return out


def busy_words(trace, step, badges: dict[str, dict[str, str]], nodes) -> dict[str, dict[str, str]]:
    """On a throttled step, each function drawn (`nodes`: names) using all its concurrency says
    how busy it is: its throttle badge's tooltip in `badges` (changed in place) gets
    "5/5 busy: <summary>" and the returned words (node → {"throttle": "429 · 5/5 busy"})
    replace the badge's word. `trace`: the run shown (its `state_at`), or None: no words."""
    words: dict[str, dict[str, str]] = {}
    if trace is None or not any("throttle" in b for b in badges.values()):
        return words
    for name, word in busy_at_limit(trace.state_at(step.index)).items():
        if name in nodes:  # the throttled function says how busy it is
            badges.setdefault(name, {})["throttle"] = f"{word}: {step.summary}"
            words[name] = {"throttle": f"429 · {word}"}
    return words
