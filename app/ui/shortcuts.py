"""Shortcut hygiene: one key sequence, one action.

Qt refuses a key that two enabled actions (or one action twice) answer to in the same window: it
prints "Ambiguous shortcut overload" and does nothing. `distinct` drops repeats from a list of
sequences (the platform's standard keys often equal the ones we spell out, e.g. ZoomOut is Ctrl+-
on Linux); `shortcut_clashes` lists every key the window would find ambiguous, for the tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def distinct(sequences: Iterable[QKeySequence | QKeySequence.StandardKey | str]) -> list[QKeySequence]:
    """The sequences in order, each once; standard keys expand to this platform's bindings.

    In: QKeySequence, QKeySequence.StandardKey or portable text ("Ctrl+-"). Out: non-empty
    QKeySequences without repeats (compared by their portable text)."""
    seen: set[str] = set()
    out: list[QKeySequence] = []
    for item in sequences:
        expanded = (QKeySequence.keyBindings(item) if isinstance(item, QKeySequence.StandardKey)
                    else [QKeySequence(item)])
        for sequence in expanded:
            text = sequence.toString(QKeySequence.PortableText)
            if text and text not in seen:
                seen.add(text)
                out.append(sequence)
    return out


def window_actions(window: QWidget) -> list[QAction]:
    """Every QAction the window or a widget inside it carries (menus included), each once."""
    actions: dict[int, QAction] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        for action in QWidget.actions(widget):  # (PlayerBar has an attribute named `actions`)
            actions.setdefault(id(action), action)
            menu = action.menu()
            if menu is not None:
                for sub in menu.actions():
                    actions.setdefault(id(sub), sub)
    return list(actions.values())


def shortcut_clashes(window: QWidget) -> list[str]:
    """'KEY: action, action' for every key sequence held by two actions or twice by one action.

    Actions that are never enabled together (the quiz's answer keys) still count: a clash that
    only bites in one mode is still a clash."""
    holders: dict[str, list[str]] = {}
    for action in window_actions(window):
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.PortableText)
            if text:
                holders.setdefault(text, []).append(action.text() or action.objectName() or "?")
    return sorted(f"{key}: {', '.join(names)}" for key, names in holders.items() if len(names) > 1)
