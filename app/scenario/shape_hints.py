"""Hints for two slips that pydantic words badly: a key indented one level too little, and a
word where a mapping belongs.

- `faults:` left empty and `fail_when:` written beside it instead of under it gives
  "faults: expected a mapping, got nothing" and "fail_when: unknown key": one mistake, said
  twice, neither time as "indent it". `misplaced_keys` finds such keys (an unknown key that is a
  key of the empty mapping just above it), so the message can say where it belongs, and that
  mapping's own "got nothing" is left out.
- `redrive_policy: orders-dlq` gives "expected a mapping (key: value entries)"; `shape_hint`
  adds the shape the mapping takes, as YAML a teacher can paste (tests check each example
  validates).

Qt-free.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from app.scenario.error_paths import is_model, is_union, strip
from app.scenario.models import Settings
from app.scenario.resources import (EventInvokeConfig, Faults, FailWhen, OnFailure, RedrivePolicy,
                                    ScalingConfig, TableStream)

# Examples of the mappings teachers write most; `{}` stands for the word the teacher wrote
# where it fits (a queue's name in a redrive policy), else the default after the comma.
SHAPES: dict[type, tuple[str, str]] = {
    RedrivePolicy: ("{{dead_letter_queue: {}, max_receive_count: 5}}", "orders-dlq"),
    Faults: ("{{fail: always}}, or {{fail_when: {{path: body.item, equals: broken}}}}", ""),
    FailWhen: ("{{path: body.item, equals: broken}}", ""),
    EventInvokeConfig: ("{{maximum_retry_attempts: 0, on_failure: {}}}", "failed-events"),
    OnFailure: ("{{destination: {}}}", "failed-batches"),
    ScalingConfig: ("{{maximum_concurrency: 5}}", ""),
    TableStream: ("{{enabled: true, view_type: NEW_AND_OLD_IMAGES}}", ""),
    Settings: ("{{seed: 7}}", ""),
}

_WORD = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"


def model_of(annotation: Any) -> type | None:
    """The model class an annotation asks for (`RedrivePolicy | None` → RedrivePolicy)."""
    tp = strip(annotation)
    if is_union(tp):
        models = [strip(a) for a in get_args(tp) if is_model(strip(a))]
        return models[0] if len(models) == 1 else None
    return tp if is_model(tp) else None


def example_of(model: type, written: Any) -> str:
    """The example for `model` (a key of SHAPES), with `written` in it when it is a plain word."""
    template, default = SHAPES[model]
    word = written if isinstance(written, str) and re.match(_WORD, written) else default
    return template.format(word)


def shape_hint(annotation: Any, key: Any, written: Any) -> str:
    """`, such as `redrive_policy: {dead_letter_queue: orders-dlq, max_receive_count: 5}`` for
    a mapping of known shape at `key`; for another model, the keys it takes; else ""."""
    model = model_of(annotation)
    if model is None:
        return ""
    if model in SHAPES:
        example = example_of(model, written)
        first, _, rest = example.partition(", or ")
        return (f", such as `{key}: {first}`" + (f" or `{key}: {rest}`" if rest else "")
                if isinstance(key, str) else f", such as `{first}`")
    keys = list(model.model_fields)
    return f" with the keys {', '.join(keys)}" if 0 < len(keys) <= 8 else ""


def misplaced_keys(walked: list, data: Any) -> dict[tuple, str]:
    """{data path of an unknown key: the key of the empty mapping just above it that takes it}.
    `walked`: (pydantic error, app.scenario.error_paths.Walk) pairs; `data`: what was validated.
    The keys between the two (other misplaced keys) are passed over."""
    out: dict[tuple, str] = {}
    for err, w in walked:
        if err["type"] != "extra_forbidden" or w.owner is None or not w.path:
            continue
        *parent_path, key = w.path
        parent = _at(data, parent_path)
        if not isinstance(parent, dict):
            continue
        keys = list(parent)
        fields = w.owner.model_fields
        for above in reversed(keys[:keys.index(key)] if key in keys else []):
            if above in fields:
                model = model_of(fields[above].annotation)
                if parent[above] is None and model is not None and key in model.model_fields:
                    out[tuple(w.path)] = above
                break
    return out


def _at(data: Any, path) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
