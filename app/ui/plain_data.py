"""Values as plain JSON and back, exactly: the start-up cache's format (0018-start-up).

JSON has no tuples, bytes, non-text keys or NaN, and json.loads turns every list back into a
list, so a value is written tagged where JSON would lose its type: a one-key object
`{"T": [...]}` is a tuple, `{"B": "<base64>"}` bytes, `{"D": [[key, value], ...]}` a dict,
`{"F": "nan"}` a float JSON cannot spell, `{"BL": [ref, "<base64>"]}` an engine Blob (bytes
kept once in `Trace.blobs`; inside steps and state `{"R": ref}` names the one in that table),
`{"S": [...]}` / `{"P": [...]}` a trace Step /
PermissionDecision (their fields in order). Lists and plain numbers, strings, booleans and
None are written as themselves. Anything else raises `Unencodable`: the caller then caches
nothing. Decoding builds only these types; it never imports or calls anything named in the
file (no pickle).
"""

from __future__ import annotations

import base64
import math
from dataclasses import fields
from typing import Any

from app.engine.trace import PermissionDecision, Step

try:
    from app.engine.step_store import Blob
except ImportError:  # an engine without Blobs: such values are simply never met
    Blob = None


def _field_names(cls) -> list[str] | None:
    try:
        return [f.name for f in fields(cls)]
    except TypeError:  # no longer a dataclass: such values are not cached (the normal load)
        return None


STEP_FIELDS = _field_names(Step)
PERMISSION_FIELDS = _field_names(PermissionDecision)


class Unencodable(ValueError):
    """A value of a type the cache does not write (the document is then not cached)."""


def encode(value: Any, blobs: dict | None = None) -> Any:
    """`value` as JSON-ready data (see the module docstring); raises Unencodable. `blobs`: the
    trace's blob table; a Blob found there is then written by reference."""
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is str:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"F": repr(value)}
    if kind is list:
        return [encode(item, blobs) for item in value]
    if kind is tuple:
        return {"T": [encode(item, blobs) for item in value]}
    if kind is dict:
        return {"D": [[encode(k, blobs), encode(v, blobs)] for k, v in value.items()]}
    if kind is bytes:
        return {"B": base64.b64encode(value).decode("ascii")}
    if Blob is not None and kind is Blob:
        ref = value.ref
        if blobs is not None and type(ref) is str and blobs.get(ref) is value:
            return {"R": ref}
        return {"BL": [encode(ref), base64.b64encode(value).decode("ascii")]}
    if kind is Step and STEP_FIELDS is not None:
        return {"S": [encode(getattr(value, name), blobs) for name in STEP_FIELDS]}
    if kind is PermissionDecision and PERMISSION_FIELDS is not None:
        return {"P": [encode(getattr(value, name), blobs) for name in PERMISSION_FIELDS]}
    raise Unencodable(f"cannot cache a value of type {kind.__name__}")


def decode(data: Any, blobs: dict | None = None) -> Any:
    """The value `encode` was given; raises ValueError/TypeError/KeyError on malformed data.
    `blobs`: the decoded blob table that `{"R": ref}` values name."""
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [decode(item, blobs) for item in data]
    if kind is not dict or len(data) != 1:
        raise ValueError("malformed cache value")
    (tag, body), = data.items()
    if tag == "T":
        return tuple(decode(item, blobs) for item in _list(body))
    if tag == "D":
        out = {}
        for pair in _list(body):
            key, value = _list(pair)
            out[_hashable(decode(key, blobs))] = decode(value, blobs)
        return out
    if tag == "B":
        return base64.b64decode(_text(body), validate=True)
    if tag == "BL" and Blob is not None:
        ref, data = _list(body)
        return Blob(base64.b64decode(_text(data), validate=True), decode(ref))
    if tag == "R":
        if blobs is None or _text(body) not in blobs:
            raise ValueError("cached value names an unknown blob")
        return blobs[body]
    if tag == "F":
        if body not in ("nan", "inf", "-inf"):
            raise ValueError("malformed cache float")
        return float(body)
    if tag == "S":
        values = _list(body)
        if STEP_FIELDS is None or len(values) != len(STEP_FIELDS):
            raise ValueError("cached step has other fields")
        return Step(*[decode(v, blobs) for v in values])
    if tag == "P":
        values = _list(body)
        if PERMISSION_FIELDS is None or len(values) != len(PERMISSION_FIELDS):
            raise ValueError("cached permission has other fields")
        return PermissionDecision(*[decode(v, blobs) for v in values])
    raise ValueError(f"unknown cache tag {tag!r}")


def _list(value: Any) -> list:
    if type(value) is not list:
        raise ValueError("malformed cache value: expected a list")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("malformed cache value: expected text")
    return value


def _hashable(key: Any) -> Any:
    hash(key)  # TypeError for a list or dict key: malformed
    return key
