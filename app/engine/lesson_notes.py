"""A lesson's own words under a what-if: where a re-run leaves the unchanged run.

A scenario's script `note`s and `narration:` rules are written by a teacher for the lesson's own
run ("a second upload finds the execution environment still warm"). A what-if re-runs an edited
copy, and from the first step where that run differs from the unchanged one the teacher's
sentences may no longer be true (with AllowS3Invoke removed S3 refuses the trigger and nothing
runs at all). Those sentences are then kept, but introduced by HEDGE, so a class reads them as
the lesson's words for the unchanged run, not as the engine's account of this one.
"""

from __future__ import annotations

HEDGE = "The lesson's words, written for the run without this what-if:"
"""What introduces a teacher's sentence on a step after a what-if run left the unchanged one."""


class Divergence:
    """Where a run being recorded first differs from a finished `baseline` run.

    Steps are compared by (kind, source, target, summary), as a student sees them in the list;
    lazily, only when a lesson's sentence is about to be attached (`differs`), so a what-if
    run with no teacher's words (or whose words come early) decodes no more than it needs.
    In: the baseline Trace and the recording run's StepStore. Raises nothing."""

    def __init__(self, baseline, steps):
        self.baseline, self.steps = baseline, steps
        self.checked = 0  # steps [0, checked) are known to match
        self.diverged = False

    def differs(self, index: int, kind: str, source: str, target: str, summary: str) -> bool:
        """True when the run differs from the baseline at or before step `index` (0-based),
        whose fields are given (it may not be stored yet)."""
        if self.diverged:
            return True
        baseline = self.baseline
        while self.checked < index:
            step = self.steps[self.checked]
            if not _same(baseline, self.checked, step.kind, step.source, step.target,
                         step.summary):
                self.diverged = True
                return True
            self.checked += 1
        if not _same(baseline, index, kind, source, target, summary):
            self.diverged = True
        return self.diverged


def _same(baseline, index: int, kind, source, target, summary) -> bool:
    if index >= len(baseline):
        return False
    step = baseline[index]
    return (step.kind, step.source, step.target, step.summary) == (kind, source, target, summary)


def hedged(text: str) -> str:
    """`text`, a teacher's sentence, introduced as written for the unchanged run."""
    return f"{HEDGE} “{text}”"


def has_lesson_words(scenario) -> bool:
    """Whether `scenario` (a loaded Scenario) has words of its own to mark: a script line's
    `note` or a `narration:` rule. A what-if caller runs the unchanged scenario as the
    baseline only then (app.commands.play)."""
    return bool(scenario.narration) or any(line.note for line in scenario.script)


def baseline_for(original, edited, run_original):
    """The `baseline` of a what-if run of `edited`: `run_original(original)` (a Trace) when the
    edits made a new scenario and `original` has words of its own, else None (nothing to mark:
    the run is not needed). In: the unchanged and the edited Scenario, and a callable running
    a scenario as the what-if run will be run (same seed and step cap)."""
    if edited is original or not has_lesson_words(original):
        return None
    return run_original(original)
