"""The words the narration panel shows (moved out of app/ui/narration.py, which lays them out):
the step's sentence without reference citations, the chapter-step tag, where we are in the
run, and the run's "not simulated" note.
"""

from __future__ import annotations

import re
from typing import Any

from app.engine.wording import chapter_tag, step_number
from app.ui.timeline import format_time, step_flags


# "(lambda-behaviour.md §7, S3N/S3M)", "(§6 RBP)": source keys for engineers, noise on a
# projected caption. The tooltip and `play` keep them.
_SOURCE = re.compile(r"\s*\([^()]*§[^()]*\)")


def without_sources(text: str) -> str:
    """The sentence as a class reads it: reference citations in parentheses left out."""
    return _SOURCE.sub("", text)


def narration_text(step: Any) -> str:
    """The narration as the class reads it (no leading number: see `chapter_tag_text`)."""
    return without_sources(step.narration)


def chapter_tag_text(step: Any) -> str:
    """'chapter step 4' for a step that shows one of the chapter's numbered steps, else ''."""
    return chapter_tag(step.chapter_step) or ""


def run_notes_text(trace: Any) -> str:
    """'ℹ Not simulated: S3 delivery, Lambda's event queue', or '' (said once for
    the whole run, not on every step; the sentences go in the tooltip)."""
    notes = getattr(trace, "not_simulated", None) or {}
    return f"ℹ Not simulated: {', '.join(notes)}" if notes else ""


def run_notes_tooltip(trace: Any) -> str:
    """The run notes' tooltip: each documented AWS behaviour the run leaves out (`trace`'s
    `not_simulated`, name → sentence), one paragraph each, under a heading line."""
    notes = getattr(trace, "not_simulated", None) or {}
    return "\n\n".join(["Not simulated in this run (documented AWS behaviour left out):"]
                       + [f"{name}: {text}" for name, text in notes.items()])


def total_text(total: int, trace: Any = None) -> str:
    """How many steps a run has, as the step count says it: '42', or '2,000 so far' while the
    player shows only the first steps of a re-run still running (its summary says `partial`,
    app.lab.session.LabSession.preview): the whole run is longer, and a class must not read
    the preview's length as the run's."""
    summary = getattr(trace, "summary", None) or {}
    return f"{total:,} so far" if summary.get("partial") else f"{total:,}"


def position_text(step: Any, total: int, trace: Any = None) -> str:
    """'Step 5 of 42 · 0.350 s · push' (plus the flags in words); 'of 2,000 so far' when
    `trace` is a re-run's first steps (`total_text`)."""
    parts = [f"Step {step_number(step.index):,} of {total_text(total, trace)}",
             format_time(step.time_ms), step.model,
             f"{step.source} → {step.target}"]
    parts += [f"{glyph} {word}" for glyph, word in step_flags(step)]
    return "  ·  ".join(parts)
