"""Pydantic's validation errors, said plainly and pointed at the line that caused them.

A teacher should read "unknown key 'batchsize' (did you mean 'batch_size'?)", never
"Input should be a valid dictionary or instance of Function".
"""

from __future__ import annotations

from typing import Any

from app.scenario.close_match import closest, sharing_words
from app.scenario.error_paths import Walk, drop_echoes, literal_values, union_tags, walk
from app.scenario.errors import Problem, format_path
from app.scenario.fields import NAME_PATTERN
from app.scenario.shape_hints import misplaced_keys, shape_hint
from app.scenario.versions import VERSION_PATTERN_MESSAGES
from app.scenario.yaml_source import Source

_MAPPING_TYPES = {"model_type", "model_attributes_type", "dict_type", "dataclass_type"}
_PATTERNS = {
    NAME_PATTERN: "is not a valid name: use letters, digits, '.', '_' and '-', start with a letter "
                  "or digit, at most 63 characters",
    r"^/": "must start with '/'",
    r"^\d{12}$": "must be a 12-digit AWS account id (in quotes)",
    **VERSION_PATTERN_MESSAGES,
}


def show(value: Any) -> str:
    """A value as the teacher wrote it in YAML."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return str(value)


def did_you_mean(word: Any, choices: list[str] | tuple[str, ...]) -> str:
    """ " (did you mean 'x'?)" for the closest choice, or ""."""
    if not isinstance(word, str) or not choices:
        return ""
    match = closest(word, choices, cutoff=0.6)  # difflib's pick, not every name compared
    return f" (did you mean '{match}'?)" if match else ""


def _misspelt_as(key: str, value: Any) -> str:
    """`tpye: s3_bucket` leaves 'type' missing; name the key that was probably meant as it."""
    if not isinstance(value, dict):
        return ""
    typo = next((k for k in value if isinstance(k, str) and k != key and did_you_mean(k, [key])), None)
    return f"; is '{typo}' a typo of '{key}'?" if typo else ""


def _listing(values) -> str:
    return ", ".join(str(v) for v in values)


def _type_message(kind: str, value: Any) -> str | None:
    if kind in _MAPPING_TYPES:
        return f"expected a mapping (key: value entries), got {show(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {show(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {show(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {show(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {show(value)}"
    if kind == "string_type":
        hint = f' (put it in quotes: "{show(value)}")' if isinstance(value, (int, float)) else ""
        return f"expected text, got {show(value)}{hint}"
    return None


def _bound_message(kind: str, ctx: dict, value: Any) -> str | None:
    words = {"greater_than_equal": ("ge", "must be at least"), "less_than_equal": ("le", "must be at most"),
             "greater_than": ("gt", "must be more than"), "less_than": ("lt", "must be less than")}
    if kind in words:
        key, text = words[kind]
        bound = ctx.get(key)
        return f"{text} {bound:,}, got {show(value)}" if isinstance(bound, (int, float)) else None
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "must not be empty" if n == 1 else f"must be at least {n} characters long"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"needs at least {n} {'entry' if n == 1 else 'entries'}"
    if kind == "too_long":
        n = ctx.get("max_length")
        return f"can hold at most {n} {'entry' if n == 1 else 'entries'}, got {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return f"{show(value)} {_PATTERNS.get(pattern, f'does not have the expected form ({pattern})')}"
    return None


def message(err: dict, w: Walk) -> str:
    """One pydantic error as a sentence for a teacher."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    last = w.path[-1] if w.path else None
    if kind == "missing":
        if isinstance(last, int):
            return f"the list is too short: item {last + 1} is missing"
        return f"missing required key '{last}'"
    if kind == "extra_forbidden":
        fields = list(w.owner.model_fields) if w.owner is not None else []
        hint = did_you_mean(last, fields)
        return f"unknown key '{last}'" + (hint or (f"; valid keys here: {_listing(fields)}" if fields else ""))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        key = str(ctx.get("discriminator", "type")).strip("'")
        tags = union_tags(w.annotation, key) or tuple(t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(","))
        if kind == "union_tag_not_found":
            return f"missing required key '{key}' (one of: {_listing(tags)}){_misspelt_as(key, w.value)}"
        tag = ctx.get("tag")
        hint = did_you_mean(tag, tags)
        if not hint and isinstance(tag, str):  # `sqs`, `AWS::SQS::Queue`: a service's own words
            match = sharing_words(tag, tags, {"lambda": "function"})
            hint = f" (did you mean '{match}'?)" if match else ""
        return f"unknown {key} '{tag}'{hint}; valid {key}s: {_listing(tags)}"
    if kind == "literal_error":
        allowed = literal_values(w.annotation) or tuple(
            v.strip(" '") for v in str(ctx.get("expected", "")).replace(" or ", ",").split(","))
        hint = did_you_mean(value, [str(a) for a in allowed])
        return f"expected one of {_listing(allowed)}, got {show(value)}{hint}"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    text = _type_message(kind, value) or _bound_message(kind, ctx, value)
    if text and kind in _MAPPING_TYPES:
        text += shape_hint(w.annotation, last, value)
    if text:
        return text
    return str(err.get("msg", "is not valid")).replace("Input should be", "expected")


def _pick_union_branches(walked: list[tuple[dict, Walk]]) -> list[tuple[dict, Walk]]:
    """For values that may take several shapes (2s or {distribution: …}), keep only the errors
    of the shape the teacher evidently meant, instead of one complaint per shape."""
    groups: dict[tuple, dict[str, list]] = {}
    for err, w in walked:
        if w.union_at is not None:
            groups.setdefault(w.union_at, {}).setdefault(w.branch, []).append((err, w))
    keep = [(e, w) for e, w in walked if w.union_at is None]
    for at, branches in groups.items():
        deep = [b for b, errs in branches.items() if any(len(w.path) > len(at) for _, w in errs)]
        shaped = [b for b, errs in branches.items() if all(e["type"] not in _MAPPING_TYPES for e, _ in errs)]
        chosen = (deep or shaped or list(branches))[0]
        keep.extend(branches[chosen])
    return keep


def _drop_missing_when_misspelt(walked: list[tuple[dict, Walk]]) -> list[tuple[dict, Walk]]:
    """`actions:` where `action:` is required is one slip: keep "unknown key 'actions' (did you
    mean 'action'?)" and drop "missing required key 'action'"."""
    meant = set()
    for err, w in walked:
        if err["type"] == "extra_forbidden" and w.owner is not None and w.path:
            hint = did_you_mean(w.path[-1], list(w.owner.model_fields))
            if hint:
                meant.add((*w.path[:-1], hint.split("'")[1]))
    return [(e, w) for e, w in walked if not (e["type"] == "missing" and tuple(w.path) in meant)]


def problems_from_errors(errors: list[dict], root_type: Any, source: Source, data: Any,
                         base: tuple = ()) -> list[Problem]:
    """Problems for the pydantic `errors` of validating `data` (found at `base` in the file) as `root_type`."""
    walked = _pick_union_branches([(err, walk(root_type, data, tuple(err["loc"]))) for err in drop_echoes(errors)])
    problems = []
    misplaced = misplaced_keys(walked, data)  # a key beside the empty mapping it belongs in
    emptied = {(*p[:-1], above) for p, above in misplaced.items()}
    for err, w in _drop_missing_when_misspelt(walked):
        if err["type"] in _MAPPING_TYPES and tuple(w.path) in emptied:
            continue  # said with the misplaced key: "indent it under …"
        path = (*base, *w.path)
        at = path
        if err["type"] == "union_tag_invalid" and isinstance(w.value, dict):
            at = (*path, str((err.get("ctx") or {}).get("discriminator", "type")).strip("'"))
        line, col = source.locations.of(at)
        said = message(err, w)
        if tuple(w.path) in misplaced:
            above = misplaced[tuple(w.path)]
            said = (f"unknown key '{w.path[-1]}' here: it is a key of `{above}:` just above, which "
                    f"is empty; indent it under {above}: (two more spaces)")
        problems.append(Problem(source.file, line, col, format_path(at), said))
    return problems


__all__ = ["did_you_mean", "message", "problems_from_errors", "show"]
