"""Shared field types for scenario files: durations, names, ARN-ish strings.

Durations are written the way a teacher thinks ("250ms", "1.5s", "2min", "1h", "2 minutes") and
stored as milliseconds of simulated time, the engine's clock unit. `m` is minutes (as it always
was, so no file changes meaning) and `ms` milliseconds; the long words are accepted too.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

_UNITS = {"ms": 1.0, "msec": 1.0, "millisecond": 1.0, "milliseconds": 1.0,
          "s": 1000.0, "sec": 1000.0, "secs": 1000.0, "second": 1000.0, "seconds": 1000.0,
          "m": 60_000.0, "min": 60_000.0, "mins": 60_000.0, "minute": 60_000.0, "minutes": 60_000.0,
          "h": 3_600_000.0, "hr": 3_600_000.0, "hrs": 3_600_000.0, "hour": 3_600_000.0,
          "hours": 3_600_000.0}
# Longest first, so `ms` is not read as `m` followed by junk.
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(" + "|".join(sorted(_UNITS, key=len, reverse=True))
                       + r")?\s*$")
_UNIT_MS = {None: 1000.0, **_UNITS}


def parse_duration_ms(value: Any) -> float:
    """Turn `"250ms"`, `"2min"`, `"2 minutes"` or a bare number of seconds into milliseconds
    (`m` is minutes, `ms` milliseconds). Raises ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 500ms, 2s or 1min, not true/false")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return float(value) * 1000.0
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return float(match.group(1)) * _UNIT_MS[match.group(2)]
    raise ValueError(f"expected a duration such as 500ms, 2s, 1.5min or 1h, got {value!r}")


def format_duration_ms(ms: float) -> str:
    """The inverse of `parse_duration_ms`, for messages and narration."""
    if ms >= 3_600_000 and ms % 3_600_000 == 0:
        return f"{ms / 3_600_000:g}h"
    if ms >= 60_000 and ms % 60_000 == 0:
        return f"{ms / 60_000:g}min"
    if ms >= 1000:
        return f"{ms / 1000:g}s"
    return f"{ms:g}ms"


Duration = Annotated[
    float,
    BeforeValidator(parse_duration_ms),
    WithJsonSchema({
        "anyOf": [
            {"type": "number", "minimum": 0, "description": "seconds"},
            {"type": "string", "pattern": _DURATION.pattern,
             "description": "a number with a unit: ms (milliseconds), s, min or m (minutes), h; "
                            "or the words (e.g. 250ms, 2s, 1min, 2 minutes)"},
        ]
    }),
]

# Resource names double as node ids and appear inside ARNs, so keep them ARN-safe.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"
Name = Annotated[str, Field(pattern=NAME_PATTERN)]

STRICT = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
