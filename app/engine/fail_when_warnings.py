"""`check`'s warning for a `faults.fail_when` whose `path` names no field of any record the
function got in the run: the poison-message lesson then quietly has no poison.

`fail_when` picks the records of a batch (SQS, Kinesis, DynamoDB Streams) whose value at a
dotted path equals or contains a value (app.engine.batch_items.fail_when_matches; JSON met on
the way, such as an SQS `body`, is read as JSON). A teacher wrote `path: total` for an SQS
record, whose order total is at `body.total`: no record failed, and only the script line
"processed by process-order and deleted" hinted at it. The warning names the record's own
top-level keys and, when one path in the records ends in the same field name, that path.
Qt-free.
"""

from __future__ import annotations

from typing import Any, Iterator

from app.engine.batch_items import MISSING, decoded, json_or_text, value_at
from app.scenario.advice import scalar
from app.scenario.timeout_warnings import FileWarning

DEPTH = 4  # how deep a record is searched for a field of the same name


def fail_when_warnings(scenario, steps) -> list[FileWarning]:
    """One warning per function whose `faults.fail_when.path` is missing from every record of
    every batch event the run handed it (its `execute` steps), at that `path` key. Functions
    that got no batch event are left alone (nothing to judge by). In: a loaded scenario and the
    run's steps (objects with kind, target, payload). Out: the warnings. Raises nothing."""
    out: list[FileWarning] = []
    for name, fn in scenario.of_type("function").items():
        fail_when = getattr(fn.faults, "fail_when", None) if fn.faults else None
        if fail_when is None:
            continue
        records = [r for s in steps if s.kind == "execute" and s.target == name
                   for r in _records(s.payload)]
        if not records or any(value_at(r, fail_when.path) is not MISSING for r in records):
            continue
        first = decoded(records[0])
        leaf = fail_when.path.split(".")[-1]
        meant = next((p for p in _paths(first, "", DEPTH) if p.split(".")[-1] == leaf), None)
        fix = (f" Did you mean `path: {scalar(meant)}`?" if meant else "")
        keys = ", ".join(sorted(first)) if isinstance(first, dict) else "none"
        out.append(FileWarning(("resources", name, "faults", "fail_when", "path"), (
            f"warning: no record {name} got in this run has a field at `{fail_when.path}`, so "
            f"fail_when picks none and no record fails because of it. A path starts at the record "
            f"(its keys here: {keys}); JSON text on the way, such as an SQS body, is read as "
            f"JSON.{fix}")))
    return out


def _records(payload: Any) -> list[dict]:
    records = payload.get("Records") if isinstance(payload, dict) else None
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


def _paths(value: Any, prefix: str, depth: int) -> Iterator[str]:
    """Dotted paths inside `value` (JSON text read as JSON), shallow first, `depth` levels."""
    if isinstance(value, str):
        value = json_or_text(value)
    if not isinstance(value, dict) or depth == 0:
        return
    for key in value:
        yield f"{prefix}{key}"
    for key, inner in value.items():
        yield from _paths(inner, f"{prefix}{key}.", depth - 1)
