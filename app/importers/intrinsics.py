"""Evaluate CloudFormation's intrinsic functions to plain values, as a deployed stack would see them.

`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`, `Fn::Equals`,
`Fn::And`, `Fn::Or`, `Fn::Not`, `Fn::FindInMap`, `Fn::GetAZs`, `Fn::Base64`, `Condition` and
`AWS::NoValue` (AWS "Intrinsic function reference"). What a `Ref` or `Fn::GetAtt` of a resource
returns comes from `names.Names` (physical names and ARNs). `Fn::ImportValue` and anything the
stack cannot know offline become a placeholder and a note, never a guess that looks real.
Work is bounded: at most MAX_STEPS evaluations per template, whatever the input.
"""

from __future__ import annotations

import base64
import re
from typing import Any, Callable

from app.importers.errors import TemplateError

NO_VALUE = object()  # AWS::NoValue: the property is removed
MAX_STEPS = 200_000
_SUB = re.compile(r"\$\{([^}]*)\}")


class Resolver:
    """Turns template values with intrinsics into plain values.

    `params`: parameter name → value (pseudo parameters included); `ref(logical_id)` and
    `getatt(logical_id, attribute)` answer for resources (None: no such resource);
    `conditions`: the template's Conditions section; `mappings` its Mappings; `file`/`line_of`
    name the template and a resource's line in errors."""

    def __init__(self, params: dict[str, Any], ref: Callable[[str], Any],
                 getatt: Callable[[str, str], Any], conditions: dict[str, Any],
                 mappings: dict[str, Any], file: str, line_of: Callable[[str], int | None]) -> None:
        self.params = params
        self._ref = ref
        self._getatt = getatt
        self.conditions_raw = conditions if isinstance(conditions, dict) else {}
        self.mappings = mappings if isinstance(mappings, dict) else {}
        self.file = file
        self.line_of = line_of
        self.steps = 0
        self.placeholders: list[str] = []
        self._condition_cache: dict[str, bool] = {}
        self._evaluating: set[str] = set()
        self.where = ""  # the logical id being resolved, for messages

    def error(self, message: str) -> TemplateError:
        line = self.line_of(self.where) if self.where else None
        prefix = f"{self.where}: " if self.where else ""
        return TemplateError(self.file, prefix + message, line)

    def condition(self, name: str) -> bool:
        """The value of the named condition."""
        if name in self._condition_cache:
            return self._condition_cache[name]
        if name not in self.conditions_raw:
            raise self.error(f"the condition {name!r} is not in the template's Conditions")
        if name in self._evaluating:
            raise self.error(f"the condition {name!r} refers to itself")
        self._evaluating.add(name)
        value = bool(self.resolve(self.conditions_raw[name]))
        self._evaluating.discard(name)
        self._condition_cache[name] = value
        return value

    def resolve(self, value: Any, depth: int = 0) -> Any:
        """`value` with every intrinsic evaluated; NO_VALUE entries dropped."""
        self.steps += 1
        if self.steps > MAX_STEPS or depth > 100:
            raise self.error("the template's intrinsic functions take too much work to evaluate")
        if isinstance(value, list):
            out = [self.resolve(v, depth + 1) for v in value]
            return [v for v in out if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" or key.startswith("Fn::") or key == "Condition" and isinstance(arg, str):
                return self._function(key, arg, depth)
        out = {}
        for k, v in value.items():
            resolved = self.resolve(v, depth + 1)
            if resolved is not NO_VALUE:
                out[k] = resolved
        return out

    # -- the functions ---------------------------------------------------------------------
    def _function(self, key: str, arg: Any, depth: int) -> Any:
        handler = _FUNCTIONS.get(key)
        if handler is None:
            raise self.error(f"{key} is not an intrinsic function LambdaScope can evaluate")
        return handler(self, arg, depth + 1)

    def ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            raise self.error(f"Ref needs a name, got {name!r}")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.params:
            return self.params[name]
        found = self._ref(name)
        if found is None:
            raise self.error(f"!Ref {name}: there is no parameter or resource named {name!r} "
                             f"in the template")
        return found

    def getatt(self, logical: str, attribute: str) -> Any:
        found = self._getatt(logical, attribute)
        if found is None:
            raise self.error(f"!GetAtt {logical}.{attribute}: there is no resource named "
                             f"{logical!r} in the template")
        return found

    def placeholder(self, what: str) -> str:
        self.placeholders.append(f"{self.where or 'template'}: {what} cannot be known offline; "
                                 f"a placeholder stands in")
        return f"not-imported-{len(self.placeholders)}"


def _text(r: Resolver, value: Any, what: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        raise r.error(f"{what} needs text, got {value!r}")
    return value


def _fn_ref(r: Resolver, arg: Any, depth: int) -> Any:
    return r.ref(r.resolve(arg, depth) if isinstance(arg, dict) else arg)


def _fn_getatt(r: Resolver, arg: Any, depth: int) -> Any:
    if isinstance(arg, str) and "." in arg:
        arg = arg.split(".", 1)
    if not (isinstance(arg, list) and len(arg) == 2):
        raise r.error(f"Fn::GetAtt needs [LogicalId, Attribute], got {arg!r}")
    logical, attribute = (_text(r, r.resolve(a, depth), "Fn::GetAtt") for a in arg)
    return r.getatt(logical, attribute)


def _fn_sub(r: Resolver, arg: Any, depth: int) -> str:
    variables: dict[str, Any] = {}
    if isinstance(arg, list):
        if len(arg) != 2 or not isinstance(arg[1], dict):
            raise r.error(f"Fn::Sub needs a text or [text, {{variables}}], got {arg!r}")
        arg, variables = arg[0], {k: r.resolve(v, depth) for k, v in arg[1].items()}
    template = _text(r, r.resolve(arg, depth), "Fn::Sub")

    def one(match: re.Match) -> str:
        name = match.group(1).strip()
        if name.startswith("!"):
            return "${" + name[1:] + "}"
        if name in variables:
            return _text(r, variables[name], "Fn::Sub")
        if name in r.params or "." not in name:
            return _text(r, r.ref(name), "Fn::Sub")
        logical, attribute = name.split(".", 1)
        return _text(r, r.getatt(logical, attribute), "Fn::Sub")

    return _SUB.sub(one, template)


def _fn_join(r: Resolver, arg: Any, depth: int) -> str:
    if not (isinstance(arg, list) and len(arg) == 2):
        raise r.error(f"Fn::Join needs [delimiter, [values]], got {arg!r}")
    delimiter = _text(r, r.resolve(arg[0], depth), "Fn::Join")
    values = r.resolve(arg[1], depth)
    if not isinstance(values, list):
        raise r.error(f"Fn::Join needs a list of values, got {values!r}")
    return delimiter.join(_text(r, v, "Fn::Join") for v in values)


def _fn_select(r: Resolver, arg: Any, depth: int) -> Any:
    if not (isinstance(arg, list) and len(arg) == 2):
        raise r.error(f"Fn::Select needs [index, [values]], got {arg!r}")
    index, values = r.resolve(arg[0], depth), r.resolve(arg[1], depth)
    try:
        index = int(index)
    except (TypeError, ValueError):
        raise r.error(f"Fn::Select needs a whole-number index, got {index!r}") from None
    if not isinstance(values, list) or not 0 <= index < len(values):
        raise r.error(f"Fn::Select: index {index} is outside the list {values!r}")
    return values[index]


def _fn_split(r: Resolver, arg: Any, depth: int) -> list[str]:
    if not (isinstance(arg, list) and len(arg) == 2):
        raise r.error(f"Fn::Split needs [delimiter, text], got {arg!r}")
    delimiter = _text(r, r.resolve(arg[0], depth), "Fn::Split")
    source = _text(r, r.resolve(arg[1], depth), "Fn::Split")
    if not delimiter:
        raise r.error("Fn::Split needs a delimiter that is not empty")
    return source.split(delimiter)


def _fn_if(r: Resolver, arg: Any, depth: int) -> Any:
    if not (isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str)):
        raise r.error(f"Fn::If needs [condition name, value if true, value if false], got {arg!r}")
    return r.resolve(arg[1] if r.condition(arg[0]) else arg[2], depth)


def _fn_equals(r: Resolver, arg: Any, depth: int) -> bool:
    if not (isinstance(arg, list) and len(arg) == 2):
        raise r.error(f"Fn::Equals needs two values, got {arg!r}")
    a, b = (r.resolve(v, depth) for v in arg)
    return str(a) == str(b) if not isinstance(a, (dict, list)) else a == b


def _conditions(r: Resolver, arg: Any, depth: int, name: str) -> list[bool]:
    if not isinstance(arg, list) or not arg:
        raise r.error(f"{name} needs a list of conditions, got {arg!r}")
    return [bool(r.resolve(v, depth)) for v in arg]


def _fn_findinmap(r: Resolver, arg: Any, depth: int) -> Any:
    if not (isinstance(arg, list) and len(arg) in (3, 4)):
        raise r.error(f"Fn::FindInMap needs [map, key, key], got {arg!r}")
    names = [_text(r, r.resolve(v, depth), "Fn::FindInMap") for v in arg[:3]]
    try:
        return r.mappings[names[0]][names[1]][names[2]]
    except (KeyError, TypeError):
        if len(arg) == 4 and isinstance(arg[3], dict) and "DefaultValue" in arg[3]:
            return r.resolve(arg[3]["DefaultValue"], depth)
        raise r.error(f"Fn::FindInMap: the Mappings have no {'.'.join(names)}") from None


def _fn_base64(r: Resolver, arg: Any, depth: int) -> str:
    text = _text(r, r.resolve(arg, depth), "Fn::Base64")
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _fn_getazs(r: Resolver, arg: Any, depth: int) -> list[str]:
    region = r.params.get("AWS::Region", "us-east-1")
    return [f"{region}{zone}" for zone in "abc"]


def _fn_condition(r: Resolver, arg: Any, depth: int) -> bool:
    return r.condition(arg)


def _unknowable(what: str) -> Callable[[Resolver, Any, int], str]:
    return lambda r, arg, depth: r.placeholder(what)


_FUNCTIONS: dict[str, Callable[[Resolver, Any, int], Any]] = {
    "Ref": _fn_ref,
    "Fn::GetAtt": _fn_getatt,
    "Fn::Sub": _fn_sub,
    "Fn::Join": _fn_join,
    "Fn::Select": _fn_select,
    "Fn::Split": _fn_split,
    "Fn::If": _fn_if,
    "Fn::Equals": _fn_equals,
    "Fn::And": lambda r, a, d: all(_conditions(r, a, d, "Fn::And")),
    "Fn::Or": lambda r, a, d: any(_conditions(r, a, d, "Fn::Or")),
    "Fn::Not": lambda r, a, d: not all(_conditions(r, a, d, "Fn::Not")),
    "Fn::FindInMap": _fn_findinmap,
    "Fn::Base64": _fn_base64,
    "Fn::GetAZs": _fn_getazs,
    "Condition": _fn_condition,
    "Fn::ImportValue": _unknowable("Fn::ImportValue (another stack's output)"),
    "Fn::Cidr": _unknowable("Fn::Cidr"),
    "Fn::Transform": _unknowable("Fn::Transform (a macro)"),
    "Fn::ToJsonString": lambda r, a, d: __import__("json").dumps(r.resolve(a, d)),
    "Fn::Length": lambda r, a, d: len(r.resolve(a, d)) if isinstance(r.resolve(a, d), list) else 0,
}
