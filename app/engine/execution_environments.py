"""Execution environments of one function: cold start, warm reuse, idle reclaim.

Lifecycle (lambda-behaviour.md §11, LIFE): Init creates an environment, Invoke runs in it (again
and again while it stays warm), Shutdown reclaims it. A timeout resets it and keeps it: the next
invoke in it runs Init again first (a suppressed init, `Environment.reset`). A warm start takes the most recently used
idle environment; an idle one is reclaimed after `settings.environment_idle_timeout` (AWS gives
no number; 10 min is our default and is said so in docs/decisions/0003-engine-loop.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Environment:
    id: str  # short id shown in the inspector
    log_stream: str
    created_ms: float
    state: str = "cold"  # cold (Init running) → busy → idle (warm, ready) → busy … → reclaimed
    invocations: int = 0
    last_used_ms: float = 0.0
    idle_since_ms: float = 0.0
    init_ms: float | None = None  # how long its Init takes (ms), also when it was stopped at 10 s
    init_retry_ms: float = 0.0  # an Init Lambda runs inside the next invoke: one stopped at the
    # 10 s limit (its first invoke), or a suppressed init after a reset (§11 LIFE)
    init_timed_out: bool = False  # its on-demand Init was stopped at 10 s: INIT_REPORT Status: timeout
    reset: bool = False  # reset after a timeout: the next invoke in it runs a suppressed init (§11)
    version: str = "$LATEST"  # the function version it runs (§18): never shared between versions
    provisioned: bool = False  # initialised ahead of traffic by provisioned concurrency (§19)

    def as_state(self) -> dict:
        """A new dict for the inspector (the pool asks only after a change)."""
        row = {"id": self.id, "state": self.state, "invocations": self.invocations,
               "log_stream": self.log_stream}
        if self.version != "$LATEST":
            row["version"] = self.version
        if self.provisioned:
            row["provisioned"] = True
        return row


@dataclass
class EnvironmentPool:
    """Environments of one function plus the time-weighted count the summary reports.

    Every change to an environment goes through the pool, which keeps each one's inspector row
    and the idle ones in release order, so a warm start and publishing the state do not walk
    every environment (a busy function has dozens; this ran twice per invocation).
    """

    function: str
    environments: list[Environment] = field(default_factory=list)
    created: int = 0
    _area: float = 0.0  # ∫ count dt, in environment·ms
    _since: float = 0.0
    _rows: dict[str, dict] = field(default_factory=dict)  # env id → row, in creation order
    _idle: list[Environment] = field(default_factory=list)  # in release order (time ascending)
    _state: tuple[dict, ...] | None = None
    _positions: dict[str, int] = field(default_factory=dict)  # env id → index in the rows
    _published: tuple[dict, ...] | None = None  # rows as `rows_update` last handed them out
    _touched: set[str] = field(default_factory=set)  # env ids changed since then
    _stale: dict[str, Environment] = field(default_factory=dict)  # rows to build before a read
    _reshaped: bool = False  # an environment was created or removed since then
    # position → (state, invocations) published by `Executor.publish_env` but not yet built into
    # the live state's rows (app.engine.state_publication.settle_rows)
    _unsettled: dict[int, tuple] = field(default_factory=dict)
    versioned: bool = False  # an environment of a published version exists (or existed)

    @property
    def busy(self) -> int:
        return sum(1 for e in self.environments if e.state in ("busy", "cold"))

    def take_warm(self, version: str = "$LATEST") -> Environment | None:
        """The most recently used idle environment of `version`, or None (then it is a cold start).

        Releases come in time order, so the most recent ones are at the end of `_idle`; among
        those released at the same instant the greatest id wins, as before. Environments of
        other versions never serve this one (§18); the fast path stays for a function that
        never ran a published version.
        """
        idle = self._idle
        if not idle:
            return None
        if self.versioned:
            return self._take_version(version)
        best = len(idle) - 1
        last = idle[best].last_used_ms
        i = best - 1
        while i >= 0 and idle[i].last_used_ms == last:
            if idle[i].id > idle[best].id:
                best = i
            i -= 1
        env = idle.pop(best)
        env.state = "busy"
        self._changed(env)
        return env

    def _take_version(self, version: str) -> Environment | None:
        """`take_warm` for a function whose environments run different versions: the most
        recently used idle on-demand one of `version`. Provisioned environments are never handed
        out here: they serve only calls that name the alias or version holding the provisioned
        concurrency (`take_provisioned`; lambda-behaviour.md §19 "Triggers", AWS
        provisioned-concurrency.html), and are counted against it, not the on-demand share."""
        mine = [e for e in self._idle if e.version == version and not e.provisioned]
        if not mine:
            return None
        env = max(mine, key=lambda e: (e.last_used_ms, e.id))
        self._idle.remove(env)
        env.state = "busy"
        self._changed(env)
        return env

    def take_provisioned(self, version: str) -> Environment | None:
        """An idle provisioned environment of `version`, or None (§19: then it spills over)."""
        ready = [e for e in self._idle if e.provisioned and e.version == version]
        if not ready:
            return None
        env = max(ready, key=lambda e: (e.last_used_ms, e.id))
        self._idle.remove(env)
        env.state = "busy"
        self._changed(env)
        return env

    def begin(self, env: Environment) -> None:
        """The environment starts an invocation."""
        env.invocations += 1
        env.state = "busy"
        self._changed(env)

    def create(self, now: float, env_id: str, log_stream: str, version: str = "$LATEST",
               provisioned: bool = False) -> Environment:
        self._tick(now)
        env = Environment(env_id, log_stream, now, version=version, provisioned=provisioned)
        if version != "$LATEST":
            self.versioned = True
        self.environments.append(env)
        self.created += 1
        self._positions[env.id] = len(self._positions)
        self._reshaped = True
        self._changed(env)
        return env

    def release(self, env: Environment, now: float) -> None:
        env.state, env.last_used_ms, env.idle_since_ms = "idle", now, now
        self._idle.append(env)
        self._changed(env)

    def remove(self, env: Environment, now: float) -> None:
        self._tick(now)
        self._refresh()
        self.environments.remove(env)
        if env.state == "idle":
            self._idle.remove(env)
        del self._rows[env.id]
        self._positions = {env_id: i for i, env_id in enumerate(self._rows)}
        self._state, self._reshaped = None, True

    def _changed(self, env: Environment) -> None:
        """Note that `env`'s row must be built again; it is built when the rows are next read
        (`_refresh`), so an environment changed twice between two reads costs one row."""
        self._stale[env.id] = env
        self._state = None
        self._touched.add(env.id)

    def _refresh(self) -> None:
        """Build the rows of the environments changed since the last read (in the order they
        first changed, so a new environment's row is added where it was created)."""
        if self._stale:
            rows = self._rows
            for env_id, env in self._stale.items():
                rows[env_id] = env.as_state()
            self._stale.clear()

    def _tick(self, now: float) -> None:
        self._area += len(self.environments) * (now - self._since)
        self._since = now

    def environment_ms(self, now: float) -> float:
        """∫ (number of environments) dt up to `now`."""
        return self._area + len(self.environments) * (now - self._since)

    def as_state(self) -> tuple[dict, ...]:
        if self._state is None:
            self._refresh()
            self._state = tuple(self._rows.values())
        return self._state

    def rows_update(self) -> tuple[tuple[dict, ...], tuple[dict, ...] | None, int]:
        """(rows, base, index): the rows now and, when they differ from the rows this returned
        last time (`base`) in the one row at `index` only, that base; else base is None.
        (`as_state` and `_refresh` written out: this runs twice per invocation.)"""
        rows = self._state
        if rows is None:
            stale = self._stale
            if stale:
                built = self._rows
                for env_id, env in stale.items():
                    built[env_id] = env.as_state()
                stale.clear()
            rows = self._state = tuple(self._rows.values())
        base, touched = self._published, self._touched
        self._published = rows
        if base is not None and not self._reshaped and len(touched) == 1:
            index = self._positions[next(iter(touched))]
        else:
            base, index, self._reshaped = None, -1, False
        touched.clear()
        return rows, base, index
