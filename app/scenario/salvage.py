"""The parts of an invalid file that can still be checked, so one `check` run finds every problem.

When the whole file does not validate, each resource, script entry and narration override is
validated on its own. One that fails is repaired in a copy, only as far as needed to validate,
and the repaired model is cross-checked with the paths that were repaired left out:

- a key whose value is wrong (or that is unknown) is left out, at the deepest mapping that holds
  it, so a mistake in `notifications[0]` does not hide one in `notifications[1]`;
- a required key that is missing gets a stand-in value (a name or path, the first allowed word,
  0, {}),
  so a function without `handler:` still gets its `role:` checked;
- anything else (a list item that cannot be repaired, an entry whose `type:`/`action:` is wrong)
  gives up on the smallest mapping key holding it, or on the whole entry.

The whole-file validation reports the mistakes themselves; checks on the repaired paths are
dropped (`suppressed`), so a stand-in never shows up in a message and one mistake is reported once.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from app.scenario.error_paths import drop_echoes, strip, walk

MAX_ROUNDS = 12  # repairs per entry; each round fixes every error pydantic reported
STAND_INS = ("stand-in.for-a-missing-key", "/stand-in")  # a resource name, a path; no teacher writes them


@dataclass
class Salvaged:
    """An entry validated after repairs: the model and the data paths (under the entry) repaired."""

    model: Any
    suppressed: list[tuple] = field(default_factory=list)


def salvage(raw: Any, adapter: TypeAdapter, root_type: Any) -> Salvaged | None:
    """`raw` (one entry's data, not changed) validated by `adapter`, repaired as described above
    if it must be; None when it cannot be (then nothing of it is cross-checked)."""
    try:
        return Salvaged(adapter.validate_python(raw))
    except ValidationError as exc:
        errors = exc.errors()
    if not isinstance(raw, dict):
        return None
    data = copy.deepcopy(raw)
    repaired: list[tuple] = []
    filled: dict[tuple, int] = {}
    for _ in range(MAX_ROUNDS):
        # not a list's "too short" that comes of a bad item in it (pydantic does not count an
        # item that failed): leaving out `routes:` for it gave up on the whole API, unchecked
        for error in drop_echoes(errors):
            target = _repair(data, root_type, error, filled)
            if target is None:
                return None
            repaired.append(target)
        try:
            return Salvaged(adapter.validate_python(data), _outermost(repaired))
        except ValidationError as exc:
            errors = exc.errors()
    return None


def _repair(data: dict, root_type: Any, error: dict, filled: dict[tuple, int]) -> tuple | None:
    """Change `data` so `error` goes away; the data path changed, or None to give up."""
    found = walk(root_type, data, tuple(error["loc"]))
    path = found.path
    if error["type"] == "missing":
        parent = _at(data, path[:-1])
        tried = filled.get(path, 0)
        stand_ins = _stand_ins(found.annotation)
        if isinstance(parent, dict) and tried < len(stand_ins):
            parent[path[-1]] = stand_ins[tried]
            filled[path] = tried + 1
            return path
    if error["type"] == "missing":
        path = path[:-1]  # the key cannot be given: leave out what holds it
    while path and isinstance(path[-1], int):
        path = path[:-1]  # a list item cannot be left out without moving the ones after it
    if not path or path in (("type",), ("action",)):
        return None
    parent = _at(data, path[:-1])
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
    return path


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _stand_ins(annotation: Any) -> tuple:
    """Values of the expected type to try, in turn, for a missing required key (a text may
    have to be a name or a path such as `/orders`)."""
    tp = strip(annotation)
    if get_origin(tp) is Literal:
        return get_args(tp)[:1]
    if tp is str:
        return STAND_INS
    if tp in (int, float):
        return (0,)
    if tp is dict or get_origin(tp) is dict:
        return ({},)
    return ()


def _outermost(paths: list[tuple]) -> list[tuple]:
    """The repaired paths without those inside another one."""
    ordered = sorted(set(paths), key=len)
    kept: list[tuple] = []
    for path in ordered:
        if not any(path[:len(k)] == k for k in kept):
            kept.append(path)
    return kept
