"""The two names every edit module shares: the `absent` marker and the error type."""

from __future__ import annotations


class _Absent:
    """The value of `PATH=absent`: remove the item, or put the field back to its default."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()


class EditError(ValueError):
    """An edit that cannot be applied; the message names the path and what it allows."""
