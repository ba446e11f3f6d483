"""What the executor writes into the recorder's state: a function's environment rows, its
concurrency and invocations, and the account's concurrent executions (lambda-behaviour.md §11:
what the inspector shows of Lambda's side of a run).

`publish_state` runs after every change of a function's environments (twice per invocation);
`publish_env` is the same for the one case the fast synchronous invoke meets on almost every
request: one environment changed since the last publication, none created or removed. Moved out
of app/engine/executor.py (decision 0017, round 6).
"""

from __future__ import annotations

from app.engine.deltas import _PUBLISH, _ROW

_NONE = object()  # a key not in the state yet (see publish_state)


class StatePublication:
    """A base of app.engine.executor.Executor: needs `self.sim` (its recorder),
    `self.service.concurrency`, `self.pools` (function → EnvironmentPool),
    `self.invocations` (function → count) and `self._unsettled_pools` (a list: the pools whose
    rows `publish_env` left as changes, see `settle_rows`)."""

    def publish_state(self, function) -> None:
        """Write `function`'s environment rows, its concurrency and invocations, and the account's
        concurrent executions into the recorder's state (twice per invocation). What
        `Recorder.set_state` and `set_row` do, written out for these four keys: a key is written
        (and goes into the next step's delta) only when its value changed."""
        rec, conc = self.sim.recorder, self.service.concurrency
        if rec._settle_hook is not None:  # publish_env's rows not built yet: the live state first
            rec.settle_state()
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
        created or removed, no other touched, the state holding the rows last published), else
        calls `publish_state`. Then records one compact delta entry, `(function, _PUBLISH,
        (position, state, invocations, concurrency, function invocations, concurrent
        executions))`, which `app.engine.deltas.apply` reads as the writes `publish_state` makes
        (every key exists already, so writing an unchanged value changes nothing, not even the
        keys' order). The live state's counters are written at once; its rows tuple is built
        only when the live state is read (`settle_rows`, called by the recorder's
        `settle_state`), not twice per request (decision 0017, round 7)."""
        pool = self.pools[function]
        touched, base = pool._touched, pool._published
        if (base is None or pool._reshaped or len(touched) != 1 or env.id not in touched
                or env.provisioned or env.version != "$LATEST"):
            return self.publish_state(function)
        rec = self.sim.recorder
        live = rec._state
        values = live[function]  # (base is not None: publish_state wrote the four keys)
        if values["environments"] is not base:
            return self.publish_state(function)
        touched.clear()
        position, state, invocations = pool._positions[env.id], env.state, env.invocations
        conc = self.service.concurrency
        values["concurrency"] = in_use = conc.in_use[function]
        values["invocations"] = count = self.invocations[function]
        live["lambda"]["concurrent_executions"] = total = conc._total
        rec._pending += (function, _PUBLISH, (position, state, invocations, in_use, count, total))
        unsettled = pool._unsettled
        if not unsettled:
            self._unsettled_pools.append(pool)
            rec._settle_hook = self.settle_rows
        unsettled[position] = (state, invocations)

    def publish_created(self, function, env) -> None:
        """`publish_state(function)` right after `pool.create(env)` of an on-demand `$LATEST`
        environment when nothing else changed since the last publication (the fast invoke's
        cold start): one delta entry `(function, _PUBLISH, (row, concurrency, function
        invocations, concurrent executions))` that `deltas.apply` reads as the rows with the new
        row added and the counters written. Anything else: `publish_state`."""
        pool, rec = self.pools[function], self.sim.recorder
        # (rows publish_env left as changes stay so: the new row goes after them)
        touched, base = pool._touched, pool._published
        values = rec._state.get(function)
        if (values is None or base is None or values.get("environments") is not base
                or len(touched) != 1 or env.id not in touched or env.provisioned
                or env.version != "$LATEST" or pool._positions.get(env.id) != len(base)
                or len(pool._positions) != len(base) + 1):
            return self.publish_state(function)
        row = pool._rows[env.id] = env.as_state()
        touched.clear()
        pool._reshaped = False
        values["environments"] = pool._published = (*base, row)
        self._publish_counts(function, values, (row,))

    def publish_removed(self, function, position: int) -> None:
        """`publish_state(function)` right after `pool.remove` of the environment that was at
        `position` of the rows, when nothing else changed since the last publication (an idle
        reclaim): one delta entry `(function, _PUBLISH, (None, position, concurrency, function
        invocations, concurrent executions))`, read as the rows without that row. Anything
        else: `publish_state`."""
        pool, rec = self.pools[function], self.sim.recorder
        base = pool._published
        values = rec._state.get(function)
        if (values is None or base is None or values.get("environments") is not base
                or pool._touched or not 0 <= position < len(base)
                or len(pool._positions) != len(base) - 1):
            return self.publish_state(function)
        pool._reshaped = False
        unsettled = pool._unsettled  # (rows publish_env left as changes: those after it move up)
        if unsettled:
            moved = {(at if at < position else at - 1): change
                     for at, change in unsettled.items() if at != position}
            unsettled.clear()
            unsettled.update(moved)
        values["environments"] = pool._published = (*base[:position], *base[position + 1:])
        self._publish_counts(function, values, (None, position))

    def _publish_counts(self, function, values, head: tuple) -> None:
        """Write the function's concurrency and invocations and the account's concurrent
        executions into the live state, and the delta entry `(function, _PUBLISH, head + (those
        three,))` (every key exists: `publish_created`, `publish_removed`)."""
        conc, rec = self.service.concurrency, self.sim.recorder
        values["concurrency"] = in_use = conc.in_use[function]
        values["invocations"] = count = self.invocations[function]
        rec._state["lambda"]["concurrent_executions"] = total = conc._total
        rec._pending += (function, _PUBLISH, head + (in_use, count, total))

    def settle_rows(self) -> None:
        """Build the live state's environment rows that `publish_env` left as changes: each
        changed row is the row before it with the published `state` and `invocations` (the keys
        of an on-demand `$LATEST` row keep their order). Called through
        `Recorder.settle_state` before the live state is read (a snapshot, `Recorder.state`,
        `publish_state`)."""
        state = self.sim.recorder._state
        for pool in self._unsettled_pools:
            values = state[pool.function]
            rows = list(values["environments"])
            for position, (env_state, invocations) in pool._unsettled.items():
                row = dict(rows[position])
                row["state"], row["invocations"] = env_state, invocations
                rows[position] = row
            pool._unsettled.clear()
            values["environments"] = pool._published = tuple(rows)
        self._unsettled_pools.clear()
