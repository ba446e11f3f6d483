"""One open scenario in the lab: its unmodified run, its switches, and the run they give now.

The "What if…" panel keeps one `LabSession` per open file. Flipping a switch is
`session.set(switch_id, value)`: the switches' edits are applied to the *original* scenario
(never stacked on earlier re-runs), the engine runs once, and the result says where the player
should go and what to mark "changed". Qt-free, so the panel stays a thin view.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

from app.engine import run
from app.lab.compare import (Comparison, EndingsTally, compare, first_difference, keep_position,
                             remember_endings)
from app.lab.edits import apply_edits
from app.lab.switch import Switch, edits_for_values
from app.lab.switches import switches_for

PROGRESS_EVERY = 4096  # steps between two progress reports of a re-run (a multiple of 64)


@dataclass(frozen=True)
class Rerun:
    """What one switch change produced."""

    scenario: Any
    trace: Any
    edits: tuple[str, ...]
    comparison: Comparison  # against the unmodified run
    previous: Any  # the trace the player showed before this re-run
    elapsed_ms: float  # edits + engine run + comparison
    values: dict = field(default_factory=dict)  # switch id → value, the switches flipped

    @property
    def first_changed(self) -> int | None:
        """The one "first changed step" (0-based index in this run): the first step that differs
        from the unmodified run, as the comparison shows it; None for the unmodified run itself
        or when no step differs. The status bar, the panel, the comparison and the ◆ mark all
        show this number."""
        return self.comparison.first_difference if self.edits else None

    @property
    def switches_changed(self) -> int:
        """How many switches differ from the file: what the user flipped, not the edits a
        switch expands to (the write-back switch is two edits)."""
        return len(self.values)

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

    def set(self, switch_id: str, value: Any, cancel=None) -> Rerun:
        """Set one switch and re-run; raises EditError (and changes nothing) if the edit is refused,
        app.engine.run.RunCancelled (and changes nothing) if `cancel()` turned True."""
        rerun = self.prepare(self.values_with(switch_id, value), cancel)
        self.commit(rerun)
        return rerun

    def reset(self, cancel=None) -> Rerun:
        """Every switch back to the file's value: the unmodified run."""
        rerun = self.prepare({}, cancel)
        self.commit(rerun)
        return rerun

    def values_with(self, switch_id: str, value: Any, base: dict | None = None) -> dict:
        """`base` (default: the values now) with one switch set; a switch set back to the
        file's value is dropped, so it no longer counts as flipped."""
        values = dict(self.values if base is None else base)
        current = self._by_id[switch_id].current
        if value == current and type(value) is type(current):
            values.pop(switch_id, None)
        else:
            values[switch_id] = value
        return values

    def prepare(self, values: dict[str, Any], cancel=None, progress=None,
                first: tuple[int, Any] | None = None) -> Rerun:
        """The run these switch values give, without changing the session (safe on a worker
        thread; the window commits the newest on its own thread). `progress(steps)`, if given,
        is called every PROGRESS_EVERY steps the engine records. `first`: (steps, show) asks
        for the run's first `steps` steps as soon as they exist: the engine first runs to
        steps + 1 steps; a run that ends there is the whole run (returned, no second run), a
        longer one is handed to `show(preview)` as a Preview and then run whole (how long a
        re-run will be is not known before it runs: a flip can turn 71 steps into 100,000).
        Raises EditError or RunCancelled."""
        return self._rerun(dict(values), cancel, progress, first)

    def preview(self, values: dict[str, Any], steps: int, cancel=None) -> Preview | None:
        """The first `steps` steps of the run these values give, to show while the whole run
        is still on its way (a run is deterministic: they are the whole run's first steps).
        None when the whole run is no longer than that, or no switch is flipped. The preview's
        trace is not cut at a cap (no `not-simulated` step): its summary says `partial`.
        Raises EditError or RunCancelled."""
        edits = tuple(edits_for_values(self.switches, values))
        if not edits:
            return None
        _whole, preview = self._first_steps(apply_edits(self.original, edits), edits, values,
                                            steps, cancel)
        return preview

    def _first_steps(self, scenario, edits, values, steps: int, cancel, progress=None):
        """(whole trace, None) when the run ends within steps + 1 steps (its endings tallied
        as the whole run's are) or the step cap is no more than that, else (None, the Preview
        of its first `steps` steps). `progress(steps)`, if given, is called about four times
        while it runs (this first part of a long re-run moves the progress bar too)."""
        from app.engine.run import CANCEL_CHECK_EVERY, DEFAULT_MAX_STEPS  # read now (tests lower them)

        tally = EndingsTally()
        # one more step than shown: the cap's last real step may miss state set after it
        cap = min(steps + 1, DEFAULT_MAX_STEPS)
        every = max(CANCEL_CHECK_EVERY, steps // 4 // CANCEL_CHECK_EVERY * CANCEL_CHECK_EVERY)
        capped = run(scenario, seed=self.seed, cancel=_counting(cancel, progress, every),
                     max_steps=cap, observe=lambda sim: sim.recorder.listeners.append(tally),
                     baseline=self.original_trace)
        if not capped.summary.get("truncated") or cap == DEFAULT_MAX_STEPS:
            # the whole run: only the cap it ran under differs from a run under the default
            capped.summary["max_steps"] = DEFAULT_MAX_STEPS
            remember_endings(capped, tally.counts())
            return capped, None
        shown = capped.steps[:steps]
        summary = {**capped.summary, "truncated": False, "partial": True, "steps": len(shown)}
        trace = dataclasses.replace(capped, steps=list(shown), summary=summary)
        first = first_difference(self.original_trace, trace)
        seen = first if first is not None and first < len(trace) else None
        return None, Preview(scenario, trace, edits, dict(values), seen)

    def commit(self, rerun: Rerun) -> None:
        """Make a prepared re-run the session's current one."""
        self.trace, self.values = rerun.trace, dict(rerun.values)

    @property
    def edits(self) -> tuple[str, ...]:
        return tuple(edits_for_values(self.switches, self.values))

    def _rerun(self, values: dict[str, Any], cancel=None, progress=None, first=None) -> Rerun:
        start = time.perf_counter()
        edits = tuple(edits_for_values(self.switches, values))
        scenario = apply_edits(self.original, edits) if edits else self.original
        trace = self.original_trace
        if edits:
            trace = None
            progress = _rising(progress)  # the whole run counts again from 0: no step back
            if first is not None:
                steps, show = first
                trace, preview = self._first_steps(scenario, edits, values, steps, cancel,
                                                   progress)
                if preview is not None:
                    if progress is not None:
                        progress(len(preview.trace))  # the bar stands where the preview ends
                    show(preview)
            if trace is None:
                # the comparison's endings tallied while the engine records (no unpacking after)
                tally = EndingsTally()
                trace = run(scenario, seed=self.seed, cancel=_counting(cancel, progress),
                            observe=lambda sim: sim.recorder.listeners.append(tally),
                            baseline=self.original_trace)
                remember_endings(trace, tally.counts())
        comparison = compare(self.original_trace, trace)
        elapsed = (time.perf_counter() - start) * 1000.0
        return Rerun(scenario, trace, edits, comparison, self.trace, elapsed, values)


def _rising(progress):
    """`progress(steps)` passed on only for a count above every count passed on before (None
    stays None): the first part of a re-run reports up to the preview's end, and the whole
    run, which starts again from step 0, is reported only once it has gone past that."""
    if progress is None:
        return None
    highest = [0]

    def rising(steps: int) -> None:
        if steps > highest[0]:
            highest[0] = steps
            progress(steps)

    return rising


def _counting(cancel, progress, every: int | None = None):
    """`cancel` as the engine asks it (before the run, then every CANCEL_CHECK_EVERY steps),
    also calling `progress(steps)` every `every` steps (a multiple of CANCEL_CHECK_EVERY;
    default PROGRESS_EVERY): progress without a per-step call."""
    if progress is None:
        return cancel
    from app.engine.run import CANCEL_CHECK_EVERY

    every = PROGRESS_EVERY if every is None else every

    asked = [0]

    def cancel_counting() -> bool:
        steps = asked[0] * CANCEL_CHECK_EVERY
        asked[0] += 1
        if steps and not steps % every:
            progress(steps)
        return cancel is not None and cancel()

    return cancel_counting


@dataclass(frozen=True)
class Preview:
    """The first steps of a re-run still on its way (LabSession.preview). `first_changed` is the
    first step that differs from the unmodified run *among these steps*; None says only that
    none of them differs yet, not that the whole run will not."""

    scenario: Any
    trace: Any  # summary["partial"] is True
    edits: tuple[str, ...]
    values: dict
    first_changed: int | None


def describe_rerun(rerun: Rerun, player_index: int | None, truncation: str | None = None) -> str:
    """What a re-run did, in one line for the status bar and the What if… panel (one wording).

    In: the applied Rerun, the index the player really shows now (0-based; None once the
    reader has moved on: the line then names no step of the player, which would go stale), and
    the step-cap note if the run was cut (app.truncation.truncation_note). Steps are counted
    from 1, as the window shows them.
    """
    if not rerun.edits:
        text = f"Back to the unmodified run: {len(rerun.trace):,} steps."
    else:
        n = rerun.switches_changed
        flipped = f"{n} switch{'es' if n != 1 else ''} changed"
        first = rerun.first_changed
        where = (f"first changed step: {first + 1:,} (◆)" if first is not None
                 else "no step differs from the unmodified run")
        text = f"Re-ran with {flipped} in {rerun.elapsed_ms:.0f} ms: {len(rerun.trace):,} steps, {where}."
        if player_index is not None:
            text += f" The player is at step {player_index + 1:,}."
    return f"{text} {truncation}" if truncation else text
