"""Concurrency limits: the account's pool and a function's reserved concurrency.

lambda-behaviour.md §11 (Q, CON): 1,000 concurrent executions per Region by default; a function
with reserved concurrency may use only its reservation (0 throttles every invoke) and the others
share what is left. Over the limit Lambda answers 429 TooManyRequestsException with the Reason of
§1 (INV). The per-function scaling rate (1,000 new environments per 10 s, SCL) is enforced too.
"""

from __future__ import annotations

from collections import deque

ACCOUNT_REASON = "ConcurrentInvocationLimitExceeded"
RESERVED_REASON = "ReservedFunctionConcurrentInvocationLimitExceeded"
SCALING_WINDOW_MS = 10_000.0  # lambda-behaviour.md §11 (SCL): 1,000 environments / 10 s / function
SCALING_LIMIT = 1_000


class Concurrency:
    def __init__(self, account_limit: int, reserved: dict[str, int | None]):
        self.account_limit = account_limit
        self.reserved = reserved
        self.unreserved_limit = account_limit - sum(r for r in reserved.values() if r)
        self.in_use: dict[str, int] = {name: 0 for name in reserved}
        self.unreserved_in_use = 0
        self.peak = 0
        self._total = 0  # sum of in_use, kept as it changes
        self._new_envs: dict[str, deque] = {name: deque() for name in reserved}
        self.provisioned: dict[str, int] = {}  # function → provisioned concurrency set aside (§19)
        self.provisioned_busy: dict[str, int] = {}  # function → runs on provisioned environments

    def set_provisioned(self, function: str, count: int) -> None:
        """Set `count` environments aside for provisioned concurrency (lambda-behaviour.md §19,
        PC): they come out of the function's reserved concurrency, or out of the account's
        unreserved pool; on-demand invokes get only what is left."""
        self.provisioned[function] = self.provisioned.get(function, 0) + count
        if self.reserved.get(function) is None:
            self.unreserved_limit -= count

    @property
    def total(self) -> int:
        return self._total

    def throttle_reason(self, function: str) -> str | None:
        """Why an invoke of `function` would be throttled now, or None if it may run."""
        reserved = self.reserved.get(function)
        if reserved is not None:
            on_demand = self.in_use[function] - self.provisioned_busy.get(function, 0)
            room = reserved - self.provisioned.get(function, 0)
            return RESERVED_REASON if on_demand >= room else None
        return ACCOUNT_REASON if self.unreserved_in_use >= self.unreserved_limit else None

    def scaling_exceeded(self, function: str, now: float) -> bool:
        """Would one more new environment pass 1,000 in the last 10 s? (§11, SCL)"""
        window = self._new_envs[function]
        while window and window[0] <= now - SCALING_WINDOW_MS:
            window.popleft()
        return len(window) >= SCALING_LIMIT

    def note_new_environment(self, function: str, now: float) -> None:
        self._new_envs[function].append(now)

    def acquire(self, function: str, provisioned: bool = False) -> None:
        """One more run of `function`; on a provisioned environment it uses concurrency that
        was set aside already (`set_provisioned`), not the on-demand share."""
        self.in_use[function] += 1
        self._total += 1
        if provisioned:
            self.provisioned_busy[function] = self.provisioned_busy.get(function, 0) + 1
        elif self.reserved.get(function) is None:
            self.unreserved_in_use += 1
        if self._total > self.peak:
            self.peak = self._total

    def release(self, function: str, provisioned: bool = False) -> None:
        self.in_use[function] -= 1
        self._total -= 1
        if provisioned:
            self.provisioned_busy[function] -= 1
        elif self.reserved.get(function) is None:
            self.unreserved_in_use -= 1
