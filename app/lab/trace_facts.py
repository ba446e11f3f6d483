"""What a comparison reads of a run, worked out once per trace and kept while the trace lives.

A what-if compares every re-run with the same unmodified run, so its step signatures, event
endings and delivered records are kept (weak keys: they go with the trace) instead of being read
again from the packed steps (docs/decisions/0020-whatif-big.md). Qt-free.
"""

from __future__ import annotations

import threading
import weakref

_facts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # trace → {fact name: value}
_facts_lock = threading.RLock()  # one thread works a fact out; another asking waits for it


def fact(trace, name: str, compute):
    """`compute(trace)`, worked out once per trace while it lives (a Trace is compared with
    every re-run of a what-if). Sequences that cannot be weakly referred to (a list of Steps)
    are computed every time."""
    try:
        facts = _facts.get(trace)
    except TypeError:  # not weakly referable or not hashable: nothing kept
        return compute(trace)
    if facts is None:
        with _facts_lock:
            facts = _facts.get(trace)
            if facts is None:
                facts = _facts[trace] = {}
    value = facts.get(name)
    if value is None:
        with _facts_lock:
            value = facts.get(name)
            if value is None:
                value = facts[name] = compute(trace)
    return value


