"""What the executor writes into the recorder's state: a function's environment rows, its
concurrency and invocations, and the account's concurrent executions (lambda-behaviour.md §11:
what the inspector shows of Lambda's side of a run).

`publish_state` runs after every change of a function's environments (twice per invocation);
`publish_env` is the same for the one case the fast synchronous invoke meets on almost every
request: one environment changed since the last publication, none created or removed. Moved out
of app/engine/executor.py (decision 0017, round 6).
"""

from __future__ import annotations

from app.engine.trace import _ROW

_NONE = object()  # a key not in the state yet (see publish_state)


class StatePublication:
    """A base of app.engine.executor.Executor: needs `self.sim` (its recorder),
    `self.service.concurrency`, `self.pools` (function → EnvironmentPool) and
    `self.invocations` (function → count)."""

    def publish_state(self, function) -> None:
        """Write `function`'s environment rows, its concurrency and invocations, and the account's
        concurrent executions into the recorder's state (twice per invocation). What
        `Recorder.set_state` and `set_row` do, written out for these four keys: a key is written
        (and goes into the next step's delta) only when its value changed."""
        rec, conc = self.sim.recorder, self.service.concurrency
        rows, base, index = self.pools[function].rows_update()
        values = rec._state.get(function)
        if values is None or base is None or values.get("environments") is not base \
                or len(rows) != len(base):
            rec.set_state(function, "environments", rows)
            values = rec._state[function]
        elif rows is not base:
            values["environments"] = rows
            rec._pending += (function, "environments", (_ROW, index, rows[index]))
        pending = rec._pending
        count = conc.in_use[function]
        old = values.get("concurrency", _NONE)
        if old is not count and not (type(old) is int and type(count) is int and old == count):
            values["concurrency"] = count
            pending += (function, "concurrency", count)
        count = self.invocations[function]
        old = values.get("invocations", _NONE)
        if old is not count and not (type(old) is int and type(count) is int and old == count):
            values["invocations"] = count
            pending += (function, "invocations", count)
        count = conc.total
        values = rec._state.get("lambda")
        if values is None:
            rec.set_state("lambda", "concurrent_executions", count)
            return
        old = values.get("concurrent_executions", _NONE)
        if old is not count and not (type(old) is int and type(count) is int and old == count):
            values["concurrent_executions"] = count
            pending += ("lambda", "concurrent_executions", count)

    def publish_env(self, function, env) -> None:
        """`publish_state(function)` when `env`, an on-demand `$LATEST` environment, may be the
        only environment of the function changed since the last publication (the fast
        synchronous invoke, after `begin` and after `release`). Checks that it is (none
        created or removed, no other touched, the rows not read since, the state holding the
        rows last published), else calls `publish_state`; then writes what `publish_state`
        writes, with the same no-change rules, minus its general cases. ~2x cheaper."""
        pool = self.pools[function]
        touched, base = pool._touched, pool._published
        rec = self.sim.recorder
        values = rec._state.get(function)
        if (pool._state is not None or pool._reshaped or len(touched) != 1 or env.id not in touched
                or values is None or base is None or values.get("environments") is not base
                or env.provisioned or env.version != "$LATEST"):
            return self.publish_state(function)
        built = pool._rows
        row = built[env.id] = {"id": env.id, "state": env.state, "invocations": env.invocations,
                               "log_stream": env.log_stream}  # Environment.as_state
        pool._stale.clear()
        touched.clear()
        rows = pool._state = pool._published = values["environments"] = tuple(built.values())
        pending = rec._pending
        pending += (function, "environments", (_ROW, pool._positions[env.id], row))
        conc = self.service.concurrency
        count = conc.in_use[function]
        old = values.get("concurrency", _NONE)
        if type(old) is not int or old != count:  # (count is an int: publish_state's rule)
            values["concurrency"] = count
            pending += (function, "concurrency", count)
        count = self.invocations[function]
        old = values.get("invocations", _NONE)
        if type(old) is not int or old != count:
            values["invocations"] = count
            pending += (function, "invocations", count)
        count = conc._total
        values = rec._state.get("lambda")
        if values is None:
            rec.set_state("lambda", "concurrent_executions", count)
            return
        old = values.get("concurrent_executions", _NONE)
        if type(old) is not int or old != count:
            values["concurrent_executions"] = count
            pending += ("lambda", "concurrent_executions", count)
