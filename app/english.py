"""Small rules of written English that the narration, the lab and `check` share (Qt-free, no
imports of the engine or the scenario package, so any of them can use it)."""

from __future__ import annotations


def possessive(name: str) -> str:
    """`name`'s possessive as LambdaScope writes it: "photos'" for a name ending in s,
    "make-thumbnail's" otherwise. In: a resource or node name. Out: the name with its
    apostrophe."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
