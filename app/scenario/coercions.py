"""Values pydantic quietly converts but the JSON Schema refuses: `true`/`false` where a number
belongs. Pydantic's lax mode reads `timeout: true` as 1, while the schema (and a teacher) see a
yes/no where a number should be; `check` now refuses it as the schema does (issue 13 item 3).

Found by comparing a validated model with the data it came from: a field whose data is a bool
but whose model value is an int or float was converted.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.scenario.errors import Problem, format_path
from app.scenario.yaml_source import Source


def converted_booleans(model: Any, raw: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """(data path, the model's number) for every `true`/`false` in `raw` that became a number."""
    if isinstance(raw, bool):
        converted = isinstance(model, (int, float)) and not isinstance(model, bool)
        return [(path, model)] if converted else []
    out: list[tuple[tuple, Any]] = []
    if isinstance(model, BaseModel) and isinstance(raw, dict):
        for name in type(model).model_fields:
            if name in raw:
                out += converted_booleans(getattr(model, name), raw[name], (*path, name))
    elif isinstance(model, (tuple, list)) and isinstance(raw, list):
        for i, (m, r) in enumerate(zip(model, raw)):
            out += converted_booleans(m, r, (*path, i))
    elif isinstance(model, dict) and isinstance(raw, dict):
        for key, r in raw.items():
            if key in model:
                out += converted_booleans(model[key], r, (*path, key))
    return out


def boolean_problems(source: Source, model: Any, raw: Any, base: tuple = ()) -> list[Problem]:
    """A problem, at its line, for each converted `true`/`false` under `base`."""
    problems = []
    for path, number in converted_booleans(model, raw, base):
        kind = "a whole number" if isinstance(number, int) else "a number"
        shown = "true" if number else "false"
        line, col = source.locations.value_of(path)
        problems.append(Problem(source.file, line, col, format_path(path),
                                f"expected {kind}, got {shown}"))
    return problems
