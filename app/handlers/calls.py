"""Which AWS API actions the built-in handlers' code calls (what app/handlers/ do through the
simulated SDK), for those who must know without running it.

A role may grant more than the code uses. The lab's what-if "take this action away from the
role" then changes nothing, and its prediction has to say so; the diagram draws a grant as an
"SDK call from code" only where the code makes that call (lambda-behaviour.md §6 ROLE: the
execution role is what the function's code may do, checked when the code calls). The
importer gives builtin.forward a role allowed its one write (WRITE_ACTIONS). No imports: the
graph, the lab and the importers all use it.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

WRITE_ACTIONS = {"dynamodb_table": "dynamodb:PutItem", "sqs_queue": "sqs:SendMessage",
                 "sns_topic": "sns:Publish", "kinesis_stream": "kinesis:PutRecord",
                 "s3_bucket": "s3:PutObject"}
"""builtin.forward's one write, by the type of its `to` (app/handlers/forward.py)."""
NO_CALLS = frozenset({"builtin.echo", "builtin.work", "builtin.http_api", "builtin.process_clicks",
                      "builtin.stream_metrics"})
"""Built-in handlers whose code makes no SDK call."""


def code_actions(scenario, fn) -> frozenset[str] | None:
    """The IAM actions (e.g. "s3:GetObject") function `fn`'s code calls through the SDK. In: the
    Scenario and the function resource. Out: a set (empty for a handler that calls nothing), or
    None for a handler this module does not know, where any granted action may be used."""
    if fn.handler == "builtin.thumbnail":
        return frozenset({"s3:GetObject", "s3:PutObject"})
    if fn.handler == "builtin.forward":
        target = scenario.resources.get(fn.options.get("to"))
        action = WRITE_ACTIONS.get(getattr(target, "type", None))
        return frozenset({action}) if action else frozenset()
    if fn.handler in NO_CALLS:
        return frozenset()
    return None


def code_may_call(scenario, fn, granted: str) -> bool:
    """Whether `fn`'s code calls an action that the granted action (maybe a wildcard such as
    "s3:*") covers; True for an unknown handler. IAM action names match without case."""
    actions = code_actions(scenario, fn)
    if actions is None:
        return True
    pattern = granted.lower()
    return any(fnmatchcase(action.lower(), pattern) for action in actions)
