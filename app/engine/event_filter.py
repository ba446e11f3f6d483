"""Event patterns: Lambda's filter criteria (lambda-behaviour.md §16) and EventBridge rules (§21).

Both use EventBridge's pattern grammar, so one matcher serves both. A mapping's `filter_criteria`
holds up to 5 patterns, each a JSON object written as text; a record reaches the function when
**any** pattern matches (OR between filters). Inside one pattern every named field must match
(AND), and the document must hold every field the pattern names (except `{"exists": false}`).
Exact values (strings exactly, numbers by their JSON text: 300 is not 300.0), `null` and `""`,
`prefix`, `suffix`, `equals-ignore-case`, `anything-but` (a value, a list, a prefix or a
suffix), `numeric` comparisons and ranges, `exists`, and `$or` (any of two or more patterns)
work in both dialects (EVF, EVF22: https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html).
EventBridge rules also take `wildcard`, `cidr`, `prefix`/`suffix` with `equals-ignore-case`, and
`anything-but` with `equals-ignore-case` or `wildcard` (EBOPS:
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
Anything else is a PatternError: refused when the file is checked, never silently unmatched.

No well-kept Python library implements these rules (the PyPI candidates were last released in
2020–2023), so this module is ours, stdlib only, and tested in tests/engine/test_event_filter.py
and tests/engine/test_eventbridge_patterns.py.
"""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any, Literal

Dialect = Literal["lambda", "eventbridge"]

MAX_FILTERS = 5  # §16 (EVF): 5 per mapping by default
_MISSING = object()
_NUMERIC_OPS = ("=", "<", "<=", ">", ">=")


class PatternError(ValueError):
    """A pattern Lambda would refuse at CreateEventSourceMapping (InvalidParameterValueException)."""


def parse_pattern(text: str) -> dict[str, Any]:
    """A Lambda filter's pattern (JSON text) as a dict; raises PatternError saying what is wrong."""
    try:
        pattern = json.loads(text)
    except ValueError as exc:
        raise PatternError(f"the pattern is not valid JSON ({exc.msg} at character {exc.pos})") from None
    validate_pattern(pattern, "lambda")
    return pattern


def validate_pattern(pattern: Any, dialect: Dialect = "lambda") -> None:
    """Raise PatternError unless `pattern` (a dict) is one that `dialect` accepts: "lambda" for
    filter criteria (§16, EVF), "eventbridge" for a rule's event pattern (§21, EBOPS)."""
    if not isinstance(pattern, dict) or not pattern:
        raise PatternError("a pattern is a JSON object naming at least one field, "
                           'e.g. {"body": {"status": ["paid"]}}' if dialect == "lambda" else
                           'an event pattern is an object naming at least one field, e.g. {"source": ["my.app"]}')
    _validate(pattern, "", dialect)


def _validate(node: dict, where: str, dialect: Dialect) -> None:
    for key, value in node.items():
        at = f"{where}.{key}" if where else key
        if key == "$or":
            if not isinstance(value, list) or len(value) < 2 or not all(
                    isinstance(v, dict) and v for v in value):
                raise PatternError(f"{at}: $or takes a list of at least two patterns (objects)")
            for i, branch in enumerate(value):
                _validate(branch, f"{at}[{i}]", dialect)
        elif isinstance(value, dict):
            if not value:
                raise PatternError(f"{at}: an empty object matches nothing; name a field inside it")
            _validate(value, at, dialect)
        elif isinstance(value, list):
            if not value:
                raise PatternError(f"{at}: an empty list matches nothing")
            for rule in value:
                _validate_rule(rule, at, dialect)
        else:
            raise PatternError(f"{at}: values in a pattern are lists, e.g. {json.dumps({key: [value]})}")


_LAMBDA_OPS = ("prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists")
_EVENTBRIDGE_OPS = (*_LAMBDA_OPS, "wildcard", "cidr")


def _validate_rule(rule: Any, at: str, dialect: Dialect = "lambda") -> None:
    if not isinstance(rule, dict):
        return  # a plain value: matched exactly
    if len(rule) != 1:
        raise PatternError(f"{at}: one operator per object, got {sorted(rule)}")
    (op, arg), = rule.items()
    known = _EVENTBRIDGE_OPS if dialect == "eventbridge" else _LAMBDA_OPS
    if op not in known:
        who = "EventBridge patterns know" if dialect == "eventbridge" else "Lambda's filters know"
        raise PatternError(f"{at}: unknown operator '{op}'; {who} {', '.join(known[:-1])} and {known[-1]}")
    if op in ("prefix", "suffix"):
        if not (isinstance(arg, str) or dialect == "eventbridge" and _ignore_case_arg(arg)):
            raise PatternError(f"{at}: {op} takes a string" + (
                ' or {"equals-ignore-case": "…"}' if dialect == "eventbridge" else ""))
    elif op in ("equals-ignore-case", "wildcard"):
        if not isinstance(arg, str):
            raise PatternError(f"{at}: {op} takes a string")
    elif op == "cidr":
        try:
            ipaddress.ip_network(arg, strict=False)
        except (TypeError, ValueError):
            raise PatternError(f'{at}: cidr takes an address block, e.g. "10.0.0.0/24"') from None
    elif op == "exists":
        if not isinstance(arg, bool):
            raise PatternError(f"{at}: exists takes true or false")
    elif op == "numeric":
        _numeric_pairs(arg, at)
    elif op == "anything-but":
        inner = ("prefix", "suffix") + (("equals-ignore-case", "wildcard") if dialect == "eventbridge" else ())
        if isinstance(arg, dict) and (len(arg) != 1 or set(arg) - set(inner)):
            raise PatternError(f"{at}: anything-but takes a value, a list or one of {', '.join(inner)}")


def _ignore_case_arg(arg: Any) -> bool:
    return isinstance(arg, dict) and list(arg) == ["equals-ignore-case"] and isinstance(
        arg["equals-ignore-case"], str)


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
        if key == "$or":  # any branch, each matched against this same level (§16, §21)
            if not any(matches(branch, document) for branch in rule):
                return False
            continue
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
    if op in ("prefix", "suffix"):
        if not isinstance(value, str):
            return False
        text, value = (arg["equals-ignore-case"].lower(), value.lower()) if isinstance(arg, dict) else (arg, value)
        return value.startswith(text) if op == "prefix" else value.endswith(text)
    if op == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == arg.lower()
    if op == "wildcard":
        return isinstance(value, str) and _wildcard(arg).fullmatch(value) is not None
    if op == "cidr":
        try:
            return isinstance(value, str) and ipaddress.ip_address(value) in ipaddress.ip_network(arg, strict=False)
        except ValueError:
            return False
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


def _wildcard(text: str) -> re.Pattern:
    """`*` stands for any run of characters; `\\*` is a star and `\\\\` a backslash (EBOPS)."""
    parts, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            parts.append(re.escape(text[i + 1]))
            i += 2
            continue
        parts.append(".*" if text[i] == "*" else re.escape(text[i]))
        i += 1
    return re.compile("".join(parts), re.DOTALL)


def _compare(value: float, op: str, number: float) -> bool:
    return {"=": value == number, "<": value < number, "<=": value <= number,
            ">": value > number, ">=": value >= number}[op]
