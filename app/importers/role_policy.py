"""May an imported role do something? The one question the starter and the script writer ask.

Answered by the engine's own IAM evaluation (app.engine.iam.evaluate), so the lesson the importer
writes is decided the same way when it runs: actions compare case-insensitively, resources
case-sensitively, only `*` and `?` are wildcards, and an explicit Deny wins over any Allow
(docs/reference/lambda-behaviour.md §6;
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
"""

from __future__ import annotations

from typing import Any

from app.engine.iam import Statement, evaluate
from app.scenario.policies import MANAGED_POLICIES


def _as_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def role_allows(role: dict[str, Any], action: str, resource_arn: str) -> bool:
    """True when the scenario role `role` (an `iam_role` mapping as the importer writes it:
    `policies` of {effect?, action, resource}, `managed_policies`) allows `action` (e.g.
    `s3:PutObject`) on `resource_arn`; False for a role without statements."""
    statements = [Statement("Deny" if st.get("effect") == "Deny" else "Allow",
                            _as_tuple(st.get("action")), _as_tuple(st.get("resource", "*")))
                  for st in role.get("policies", []) if isinstance(st, dict)]
    statements += [Statement("Allow", MANAGED_POLICIES[name], ("*",))
                   for name in role.get("managed_policies", []) if name in MANAGED_POLICIES]
    outcome, _ = evaluate(statements, None, action, resource_arn)
    return outcome == "allow"
