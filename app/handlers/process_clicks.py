"""builtin.process_clicks: the chapter's mobile example function (steps 5–6).

Counts the clicks a mobile app sends and answers with the total and the Cognito identity the
call was signed with, read from `context.identity` (lambda-behaviour.md §12, PYC).
"""

from __future__ import annotations

from collections import Counter

MEMORY_MB = 39


def handler(event, context):
    clicks = event.get(context.options.field, []) if isinstance(event, dict) else []
    by_target = Counter(str(c.get("target", "?")) if isinstance(c, dict) else str(c) for c in clicks)
    identity = context.identity
    identity_id = identity.cognito_identity_id if identity else None
    print(f"{len(clicks)} {'click' if len(clicks) == 1 else 'clicks'} from "
          f"{identity_id or 'a caller without a Cognito identity'}")
    return {"total": len(clicks), "byTarget": dict(sorted(by_target.items())),
            "cognitoIdentityId": identity_id,
            "cognitoIdentityPoolId": identity.cognito_identity_pool_id if identity else None}
