"""A state delta, and how `Trace.state_at` applies it (moved out of app/engine/trace.py).

A delta is one flat tuple `(node, key, value, node, key, value, …)` of the writes a step made.
Three values are not state: `_DELETE` (the key was deleted), `_ROW`, which heads a
`(_ROW, index, row)` triple (`Recorder.set_row`), and, as a *key*, `_PUBLISH`: a function's
environments and counters as the fast invoke publishes them (app.engine.state_publication;
decision 0017, round 7). They are built-in singletons no service puts in state, which marshal
and pickle both give back as the very same object, so a chunk of deltas is written with
marshal like the steps (app.engine.packing.pack_state; decision 0017, round 5).
"""

from __future__ import annotations

from typing import Any

_DELETE = Ellipsis
_ROW = StopIteration
# As a delta's *key* (keys are otherwise strings): a function's state as the fast invoke publishes
# it, `(function, _PUBLISH, (position, state, invocations, concurrency, function invocations,
# concurrent executions))`, or `(row, …counts)` for a new environment, `(None, position,
# …counts)` for a reclaimed one (app.engine.state_publication; decision 0017, round 7).
_PUBLISH = StopIteration


def apply(state: dict[str, dict[str, Any]], delta) -> None:
    """Apply `delta` (a flat tuple, see above) to `state` in place."""
    items = iter(delta)
    for node, key, value in zip(items, items, items):
        if key is _PUBLISH:  # the four writes of a publication (every key exists: order kept)
            values = state[node]
            rows = values["environments"]
            if len(value) == 6:  # publish_env: (position, state, invocations, *counts)
                position = value[0]
                row = dict(rows[position])
                row["state"], row["invocations"] = value[1], value[2]
                values["environments"] = (*rows[:position], row, *rows[position + 1:])
            elif len(value) == 4:  # publish_created: (row, *counts)
                values["environments"] = (*rows, value[0])
            else:  # publish_removed: (None, position, *counts)
                position = value[1]
                values["environments"] = (*rows[:position], *rows[position + 1:])
            values["concurrency"], values["invocations"] = value[-3], value[-2]
            state["lambda"]["concurrent_executions"] = value[-1]
        elif value is _DELETE:
            state.get(node, {}).pop(key, None)
        elif type(value) is tuple and len(value) == 3 and value[0] is _ROW:
            _, index, row = value
            rows = state[node][key]
            state[node][key] = (*rows[:index], row, *rows[index + 1:])
        else:
            state.setdefault(node, {})[key] = value
