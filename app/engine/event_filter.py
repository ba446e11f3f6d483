"""Event filtering for event source mappings: EventBridge-style patterns (lambda-behaviour.md §16).

A mapping's `filter_criteria` holds up to 5 patterns, each a JSON object written as text. A
record reaches the function when **any** pattern matches (OR between filters); inside one
pattern every named field must match (AND), and the record must hold every field the pattern
names (except `{"exists": false}`). The rules kept here are the ones the Lambda guide lists:
exact values (strings exactly, numbers by their JSON text: 300 is not 300.0), `null` and `""`,
`prefix`, `suffix`, `equals-ignore-case`, `anything-but` (a value, a list, or a prefix),
`numeric` comparisons and ranges, and `exists` on leaf fields. Source: EVF, EVF22
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html).

No well-kept Python library implements these rules (the PyPI candidates were last released in
2020–2023), so this module is ours, stdlib only, and tested in tests/engine/test_event_filter.py.
"""

from __future__ import annotations

import json
from typing import Any

MAX_FILTERS = 5  # §16 (EVF): 5 per mapping by default
_MISSING = object()
_NUMERIC_OPS = ("=", "<", "<=", ">", ">=")


class PatternError(ValueError):
    """A pattern Lambda would refuse at CreateEventSourceMapping (InvalidParameterValueException)."""


def parse_pattern(text: str) -> dict[str, Any]:
    """The pattern as a dict; raises PatternError saying what is wrong with it."""
    try:
        pattern = json.loads(text)
    except ValueError as exc:
        raise PatternError(f"the pattern is not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(pattern, dict) or not pattern:
        raise PatternError("a pattern is a JSON object naming at least one field, "
                           'e.g. {"body": {"status": ["paid"]}}')
    _validate(pattern, "")
    return pattern


def _validate(node: dict, where: str) -> None:
    for key, value in node.items():
        at = f"{where}.{key}" if where else key
        if isinstance(value, dict):
            if not value:
                raise PatternError(f"{at}: an empty object matches nothing; name a field inside it")
            _validate(value, at)
        elif isinstance(value, list):
            if not value:
                raise PatternError(f"{at}: an empty list matches nothing")
            for rule in value:
                _validate_rule(rule, at)
        else:
            raise PatternError(f"{at}: values in a pattern are lists, e.g. {json.dumps({key: [value]})}")


def _validate_rule(rule: Any, at: str) -> None:
    if not isinstance(rule, dict):
        return  # a plain value: matched exactly
    if len(rule) != 1:
        raise PatternError(f"{at}: one operator per object, got {sorted(rule)}")
    (op, arg), = rule.items()
    if op in ("prefix", "suffix", "equals-ignore-case"):
        if not isinstance(arg, str):
            raise PatternError(f"{at}: {op} takes a string")
    elif op == "exists":
        if not isinstance(arg, bool):
            raise PatternError(f"{at}: exists takes true or false")
    elif op == "numeric":
        _numeric_pairs(arg, at)
    elif op == "anything-but":
        if isinstance(arg, dict) and set(arg) - {"prefix", "suffix"}:
            raise PatternError(f"{at}: anything-but takes a value, a list or a prefix")
    else:
        raise PatternError(f"{at}: unknown operator '{op}'; Lambda's filters know prefix, suffix, "
                           f"equals-ignore-case, anything-but, numeric and exists")


def _numeric_pairs(arg: Any, at: str) -> list[tuple[str, float]]:
    if not isinstance(arg, list) or not arg or len(arg) % 2:
        raise PatternError(f'{at}: numeric takes operator/number pairs, e.g. [">", 0, "<=", 5]')
    pairs = []
    for op, number in zip(arg[::2], arg[1::2]):
        if op not in _NUMERIC_OPS or isinstance(number, bool) or not isinstance(number, (int, float)):
            raise PatternError(f"{at}: numeric pairs are one of {', '.join(_NUMERIC_OPS)} and a number")
        pairs.append((op, float(number)))
    return pairs


def matches(pattern: dict[str, Any], document: Any) -> bool:
    """Does `document` (one record, as the filter sees it) match `pattern`?"""
    if not isinstance(document, dict):
        return False
    for key, rule in pattern.items():
        value = document.get(key, _MISSING)
        if isinstance(rule, dict):
            if not matches(rule, value if value is not _MISSING else None):
                return False
        elif not _leaf(rule, value):
            return False
    return True


def matches_any(patterns: list[dict[str, Any]], document: Any) -> bool:
    """OR between filters: True when any pattern matches."""
    return any(matches(p, document) for p in patterns)


def _leaf(rules: list, value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    for rule in rules:
        if isinstance(rule, dict) and "exists" in rule:
            if (value is not _MISSING) == rule["exists"]:
                return True
            continue
        if value is _MISSING:
            continue
        if any(_rule(rule, v) for v in values):
            return True
    return False


def _same(a: Any, b: Any) -> bool:
    """Exact match as EventBridge does it: by JSON text (300 ≠ 300.0, "5" ≠ 5)."""
    return json.dumps(a) == json.dumps(b)


def _rule(rule: Any, value: Any) -> bool:
    if not isinstance(rule, dict):
        return _same(rule, value)
    (op, arg), = rule.items()
    if op == "prefix":
        return isinstance(value, str) and value.startswith(arg)
    if op == "suffix":
        return isinstance(value, str) and value.endswith(arg)
    if op == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == arg.lower()
    if op == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return all(_compare(value, o, n) for o, n in _numeric_pairs(arg, "numeric"))
    if op == "anything-but":
        if isinstance(arg, dict):
            return not _rule(arg, value) and isinstance(value, str)
        banned = arg if isinstance(arg, list) else [arg]
        return not any(_same(b, value) for b in banned)
    return False


def _compare(value: float, op: str, number: float) -> bool:
    return {"=": value == number, "<": value < number, "<=": value <= number,
            ">": value > number, ">=": value >= number}[op]
