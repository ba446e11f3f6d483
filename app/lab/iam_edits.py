"""Taking one action away from a role or an app, however its policies grant it.

An inline statement loses the action; a managed policy (which cannot be edited, in AWS either)
is detached and replaced by an inline `CopyOf<Policy>` statement with its other actions.
"""

from __future__ import annotations

from pydantic import BaseModel

from app.engine.iam import action_matches
from app.lab.edit_errors import ABSENT, EditError
from app.scenario.policies import MANAGED_POLICIES, PolicyStatement

def remove_action(model: BaseModel, action: str, absent: bool, path: str) -> tuple:
    """`actions.<action>=absent`: the role or actor no longer grants that action, however it did.

    Returns (new model, old leaf, new leaf) like every edit step; the new leaf is ABSENT.
    """
    who = ".".join(path.split(".")[:2])
    if not absent:
        raise EditError(f"{path}: only `=absent` is supported here (to grant an action, add a "
                        f"statement: {who}.policies.+={{action: {action}, resource: ARN}})")
    statements, found = [], False
    for st in model.policies:
        if st.effect == "Allow" and action in st.action:
            found = True
            kept = tuple(a for a in st.action if a != action)
            if kept:
                statements.append(st.model_copy(update={"action": kept}))
            continue
        if st.effect == "Allow" and any(_wildcard(a, action) for a in st.action):
            raise EditError(f"{path}: statement {st.sid or '(no Sid)'} grants {action} through "
                            f"a wildcard; remove that statement instead ({who}.policies.<Sid>=absent)")
        statements.append(st)
    managed = tuple(getattr(model, "managed_policies", ()))
    for name in managed:
        if action in MANAGED_POLICIES[name]:
            found = True
            rest = tuple(a for a in MANAGED_POLICIES[name] if a != action)
            statements.append(PolicyStatement(sid=f"CopyOf{name}", action=rest))
    if not found:
        raise EditError(f"{path}: {who} does not grant {action}; it grants "
                        f"{', '.join(granted_actions(model)) or 'nothing'}")
    update = {"policies": tuple(statements)}
    if managed:
        update["managed_policies"] = tuple(n for n in managed if action not in MANAGED_POLICIES[n])
    return model.model_copy(update=update), action, ABSENT


def _wildcard(pattern: str, action: str) -> bool:
    return "*" in pattern and action_matches(pattern, action)


def granted_actions(model: BaseModel) -> list[str]:
    """Every action an identity's Allow statements and managed policies name, in order."""
    actions = [a for st in model.policies if st.effect == "Allow" for a in st.action]
    for name in getattr(model, "managed_policies", ()):
        actions += MANAGED_POLICIES[name]
    return list(dict.fromkeys(actions))
