"""Idle-reclaim timers, one SimPy event per environment at a time instead of one per invocation.

After every invocation the executor used to start a timer of `environment_idle_timeout`
(`env.timeout(idle)` with the reclaim as its callback); when it fired, the environment was
reclaimed only if it was still idle and had not been used since (its `last_used_ms` still the
release time the timer was started with). On a busy function almost every timer fired for
nothing (workload 1 of bench/bench_simfaas.py: 89,700 of 89,825), and each cost an event, a
place in SimPy's heap and a call.

Here a release only notes (time, event id, release time) for its environment; the event id is
taken from SimPy's counter exactly when the timer would have been scheduled, so every other
event keeps its id. One event per environment is in the heap, under the very key
(time, NORMAL, id) the timer of its note had, so it runs exactly where that timer would have.
When it runs, the notes whose release time is below the newest note's are dropped: by the time
they would fire, the environment has been used again (`last_used_ms` only grows), so their
callbacks would have done nothing. The next note still kept goes into the heap under its own key.
The reclaim check itself runs as before, unless a newer release exists (then it could not act).
So the same callbacks act, in the same order, at the same simulated times; the heap is empty at
the same moments (the newest note of every environment always fires), which `run`'s
stop_after check reads. docs/decisions/0017-engine-throughput.md (round 2) has the argument.

Uses SimPy's `_queue`, `_eid` and `_now` (stable since SimPy 4.0; `Environment.schedule`
reads them the same way).
"""

from __future__ import annotations

from collections import deque
from functools import partial
from heapq import heappush
from simpy.core import NORMAL
from simpy.events import Event


class ReclaimTimers:
    """A base of app.engine.executor.Executor (a base, not an object of its own: one that held
    the executor's `_reclaim` would be a reference cycle the run could not free by reference
    counting). Needs `self.sim` (its SimPy `env`), `self._idle_ms` (the idle timeout, ms),
    `self._waiting_timers` (a dict, empty at first: id(environment) → its timer's entry) and
    `self._reclaim(function, environment, stamp)` (the reclaim check, called where each timer
    that could act would have fired). `_start_timer(function, environment)` replaces
    `env.timeout(idle)` with that callback. Raises ValueError for a negative delay, as
    `env.timeout` does."""

    def _start_timer(self, function: str, environment) -> None:
        """The timer of a release that just happened (`environment.last_used_ms` is now)."""
        env, delay = self.sim.env, self._idle_ms
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        note = (env._now + delay, next(env._eid), environment.last_used_ms)
        waiting = self._waiting_timers
        entry = waiting.get(id(environment))
        if entry is None:  # [environment, function, the note in the heap, the later notes]
            entry = waiting[id(environment)] = [environment, function, note, deque()]
            self._push_timer(entry, note)
        else:
            entry[3].append(note)

    def _push_timer(self, entry: list, note: tuple) -> None:
        env = self.sim.env
        event = Event(env)  # what Timeout sets up, without scheduling it under a new id
        event._ok, event._value = True, None
        event.callbacks.append(partial(self._timer_due, entry))
        heappush(env._queue, (note[0], NORMAL, note[1], event))

    def _timer_due(self, entry: list, _event=None) -> None:
        environment, function, note, later = entry
        stamp = note[2]
        if later:
            newest = later[-1][2]
            while later[0][2] < newest:  # used again before it would fire: nothing to do
                later.popleft()
            entry[2] = nxt = later.popleft()
            self._push_timer(entry, nxt)
            if stamp < newest:
                return
        else:
            del self._waiting_timers[id(environment)]
        self._reclaim(function, environment, stamp)
