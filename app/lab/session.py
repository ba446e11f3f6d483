"""One open scenario in the lab: its unmodified run, its switches, and the run they give now.

The "What if…" panel keeps one `LabSession` per open file. Flipping a switch is
`session.set(switch_id, value)`: the switches' edits are applied to the *original* scenario
(never stacked on earlier re-runs), the engine runs once, and the result says where the player
should go and what to mark "changed". Qt-free, so the panel stays a thin view.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from app.engine import run
from app.lab.compare import Comparison, compare, keep_position
from app.lab.edits import apply_edits
from app.lab.switch import Switch, edits_for_values
from app.lab.switches import switches_for


@dataclass(frozen=True)
class Rerun:
    """What one switch change produced."""

    scenario: Any
    trace: Any
    edits: tuple[str, ...]
    comparison: Comparison  # against the unmodified run
    previous: Any  # the trace the player showed before this re-run
    elapsed_ms: float  # edits + engine run + comparison

    def position(self, index: int) -> tuple[int, int | None]:
        """(new index, step to mark "changed") for a player that was at `index` of `previous`."""
        return keep_position(self.previous, self.trace, index)


class LabSession:
    def __init__(self, scenario, seed: int | None = None, trace=None):
        """`trace`: the unmodified run when the caller already has it (the window's document),
        so opening the lab does not run the engine a second time."""
        self.original = scenario
        self.seed = seed
        self.original_trace = trace if trace is not None else run(scenario, seed=seed)
        self.switches: list[Switch] = switches_for(scenario)
        self._by_id = {s.id: s for s in self.switches}
        self.values: dict[str, Any] = {}
        self.trace = self.original_trace

    def switch(self, switch_id: str) -> Switch:
        return self._by_id[switch_id]

    def value(self, switch_id: str) -> Any:
        """The switch's value now: what was set, else what the file says."""
        return self.values.get(switch_id, self._by_id[switch_id].current)

    def set(self, switch_id: str, value: Any) -> Rerun:
        """Set one switch and re-run; raises EditError (and changes nothing) if the edit is refused."""
        values = dict(self.values)
        if value == self._by_id[switch_id].current and type(value) is type(self._by_id[switch_id].current):
            values.pop(switch_id, None)
        else:
            values[switch_id] = value
        return self._rerun(values)

    def reset(self) -> Rerun:
        """Every switch back to the file's value: the unmodified run."""
        return self._rerun({})

    @property
    def edits(self) -> tuple[str, ...]:
        return tuple(edits_for_values(self.switches, self.values))

    def _rerun(self, values: dict[str, Any]) -> Rerun:
        start = time.perf_counter()
        edits = tuple(edits_for_values(self.switches, values))
        scenario = apply_edits(self.original, edits) if edits else self.original
        trace = run(scenario, seed=self.seed) if edits else self.original_trace
        comparison = compare(self.original_trace, trace)
        previous, self.trace, self.values = self.trace, trace, values
        elapsed = (time.perf_counter() - start) * 1000.0
        return Rerun(scenario, trace, edits, comparison, previous, elapsed)
