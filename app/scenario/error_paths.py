"""Follow a pydantic error location through the model types and the file's data at once.

A pydantic `loc` mixes keys of the data ("resources", "photos") with labels of union members
("function", "DurationDistribution", "function-before[…]"). Walking the types tells them apart,
so an error maps to the data path (and so to a line) and we know the model that rejected a key,
which is what a did-you-mean needs. `drop_echoes` leaves out the errors pydantic repeats.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

MISSING = object()


@dataclass
class Walk:
    path: tuple  # keys and indexes into the data
    value: Any  # the data at `path`, or MISSING
    annotation: Any  # the expected type at `path` (None when unknown)
    owner: Any  # the model class holding the last key, if any
    union_at: tuple | None = None  # data path of the first plain (not tagged) union passed
    branch: str | None = None  # which member of that union the error came from
    is_key: bool = False  # the error is about a mapping key itself ("[key]")


def drop_echoes(errors: list[dict]) -> list[dict]:
    """Pydantic's `errors()` list without the echoes: pydantic adds "at least 1 item, not 0"
    (`too_short`) to a list whose items all failed, at a `loc` that heads another error's; that
    is noise. The other errors are kept, in order."""
    locs = [tuple(e["loc"]) for e in errors]
    return [e for e in errors if not (e["type"] == "too_short" and any(
        len(other) > len(e["loc"]) and other[: len(e["loc"])] == tuple(e["loc"]) for other in locs))]


def strip(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def literal_values(tp: Any) -> tuple:
    """The allowed values of a Literal (also inside Optional), else ()."""
    tp = strip(tp)
    if is_union(tp):
        return tuple(v for m in get_args(tp) for v in literal_values(m))
    return get_args(tp) if get_origin(tp) is Literal else ()


def union_tags(tp: Any, key: str) -> tuple[str, ...]:
    """The `type:`/`action:` values a tagged union accepts, in declaration order."""
    tp = strip(tp)
    members = get_args(tp) if is_union(tp) else ()
    return tuple(v for m in members if is_model(strip(m)) and key in strip(m).model_fields
                 for v in literal_values(strip(m).model_fields[key].annotation))


def _members(tp: Any) -> list:
    return [m for m in get_args(tp) if m is not type(None)]


def _pick_member(members: list, label: str) -> tuple[Any, bool]:
    """(member type, whether the union is tagged) for a union label in a loc."""
    for member in members:
        m = strip(member)
        if is_model(m):
            if m.__name__ == label:
                return m, False
            for tag_field in ("type", "action"):
                if tag_field in m.model_fields and label in literal_values(m.model_fields[tag_field].annotation):
                    return m, True
    for member in members:
        m = strip(member)
        name = getattr(get_origin(m) or m, "__name__", "")
        if label.startswith("function-") and not is_model(m):
            return m, False
        if name and label.split("[")[0] == name:
            return m, False
    return None, False


def _descend_type(tp: Any, item: Any) -> tuple[Any, Any]:
    """(type of the child at `item`, model owning that key)."""
    if is_model(tp):
        field = tp.model_fields.get(item) if isinstance(item, str) else None
        return (field.annotation if field else None), tp
    origin, args = get_origin(tp), get_args(tp)
    if origin in (tuple, list):
        if len(args) == 2 and args[1] is Ellipsis or origin is list:
            return (args[0] if args else None), None
        return (args[item] if isinstance(item, int) and 0 <= item < len(args) else None), None
    if origin is dict and len(args) == 2:
        return args[1], None
    return None, None


def walk(root_type: Any, data: Any, loc: tuple) -> Walk:
    """Where `loc` points in `data`, and what type was expected there."""
    result = Walk(path=(), value=data, annotation=root_type, owner=None)
    tp = root_type
    for item in loc:
        tp = strip(tp)
        while is_union(tp) and len(_members(tp)) == 1:
            tp = strip(_members(tp)[0])
        if item == "[key]":
            result.is_key = True
            continue
        if is_union(tp) and isinstance(item, str):
            member, tagged = _pick_member(_members(tp), item)
            if not tagged and result.union_at is None:
                result.union_at, result.branch = result.path, item
            tp = member
            continue
        tp, owner = _descend_type(tp, item) if tp is not None else (None, None)
        result.owner = owner
        result.path = (*result.path, item)
        value = result.value
        if isinstance(value, dict) and item in value:
            result.value = value[item]
        elif isinstance(value, list) and isinstance(item, int) and 0 <= item < len(value):
            result.value = value[item]
        else:
            result.value = MISSING
    result.annotation = tp
    return result
