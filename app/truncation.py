"""Saying plainly that a run hit the step cap, in one wording for every place that shows a run.

The window's notice, `lambdascope play` (text and `--summary`), and the PNG/GIF/PDF exports all
call `truncation_note(trace)`, so the sentence a class reads is the same everywhere. Qt-free and
free of the engine too (a top-level module like app.playback), so the window imports it cheaply.
"""

from __future__ import annotations


def is_truncated(trace) -> bool:
    """Whether `trace` (an app.engine Trace) ended at `run(max_steps=...)`'s cap rather than
    because the scenario was done. Traces built by hand (no summary) are not truncated."""
    summary = getattr(trace, "summary", None) or {}
    return bool(summary.get("truncated"))


def truncation_note(trace) -> str | None:
    """One sentence for a person when the run was cut at the step cap, else None.

    In: a Trace whose `summary` carries `truncated` and `max_steps` (set by app.engine.run).
    Out: e.g. "Cut short: the run reached the 200,000-step cap, so ... not simulated."
    """
    if not is_truncated(trace):
        return None
    cap = trace.summary.get("max_steps")
    cap_text = f"the {cap:,}-step cap" if isinstance(cap, int) else "its step cap"
    return (f"Cut short: this run reached {cap_text} (max_steps). What happens after the last "
            f"step shown was not simulated, so the totals and endings are incomplete.")
