"""builtin.work: stand-in for real work; the function's `duration` is the only thing it does."""

from __future__ import annotations

MEMORY_MB = 42


def handler(event, context):
    return {"done": True}
