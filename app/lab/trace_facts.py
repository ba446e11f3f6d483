"""What a comparison reads of a run, worked out once per trace and kept while the trace lives.

A what-if compares every re-run with the same unmodified run, so its step signatures, event
endings and delivered records are kept (weak keys: they go with the trace) instead of being read
again from the packed steps (docs/decisions/0020-whatif-big.md). Each trace's fact has a lock
of its own: two threads never work out the same fact of the same trace twice, and a long fact of
one trace (a 200,000-step run warmed when its file opened) never holds up another trace's.
Qt-free.
"""

from __future__ import annotations

import threading
import weakref

_MISSING = object()  # not worked out yet (None is a value like any other)


class _Facts:
    """One trace's facts and, per fact name, the lock of whoever works it out."""

    __slots__ = ("values", "locks", "lock")

    def __init__(self):
        self.values: dict = {}
        self.locks: dict[str, threading.RLock] = {}
        self.lock = threading.Lock()  # held only to find or add a fact's lock

    def lock_for(self, name: str) -> threading.RLock:
        with self.lock:
            lock = self.locks.get(name)
            if lock is None:
                lock = self.locks[name] = threading.RLock()
            return lock


_facts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # trace → _Facts
_facts_lock = threading.Lock()  # held only to find or add a trace's _Facts, never to compute


def fact(trace, name: str, compute):
    """`compute(trace)`, worked out once per trace while it lives (a Trace is compared with
    every re-run of a what-if); a result of None is kept too. Another thread asking for the
    same fact of the same trace meanwhile waits for it; other traces and other facts do not.
    Sequences that cannot be weakly referred to (a list of Steps) are computed every time."""
    try:
        facts = _facts.get(trace)
    except TypeError:  # not weakly referable or not hashable: nothing kept
        return compute(trace)
    if facts is None:
        with _facts_lock:
            facts = _facts.get(trace)
            if facts is None:
                facts = _facts[trace] = _Facts()
    value = facts.values.get(name, _MISSING)
    if value is _MISSING:
        with facts.lock_for(name):
            value = facts.values.get(name, _MISSING)
            if value is _MISSING:
                value = facts.values[name] = compute(trace)
    return value
