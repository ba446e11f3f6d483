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


def _cut_at_s(trace) -> float | None:
    """The simulated time (s) a run ends at: its summary's `simulated_seconds`, else the time
    of its last step; None for an empty run."""
    summary = getattr(trace, "summary", None) or {}
    seconds = summary.get("simulated_seconds")
    if isinstance(seconds, (int, float)):
        return float(seconds)
    return trace[-1].time_ms / 1000.0 if len(trace) else None


def comparison_cut_note(before, after) -> str | None:
    """One sentence for a comparison of two runs (the unmodified one `before`, the what-if
    `after`) when either was cut at the step cap, else None.

    Two runs cut at the same number of steps usually stop at different simulated times (a
    switch that adds or removes steps per request moves the cut), so their totals count
    different stretches of time: the sentence says where each run stops and that a difference
    in the totals may come from the cut, not only from the switch. Out: e.g. "Both runs stop
    at the 200,000-step cap, at different simulated times: ...".
    """
    cut = [is_truncated(before), is_truncated(after)]
    if not any(cut):
        return None
    times = [_cut_at_s(before), _cut_at_s(after)]
    caps = [(t.summary or {}).get("max_steps") for t, c in zip((before, after), cut) if c]
    cap = f"the {caps[0]:,}-step cap" if caps and isinstance(caps[0], int) else "the step cap"
    at = ["?" if t is None else f"{t:,.3f} s" for t in times]
    if all(cut):
        if times[0] is not None and times[0] == times[1]:
            return (f"Both runs stop at {cap}, at the same simulated time ({at[0]}): the "
                    "totals cover the same stretch; what comes after it is simulated in neither.")
        return (f"Both runs stop at {cap}, at different simulated times: the unmodified run "
                f"at {at[0]}, the what-if at {at[1]}. Totals count only up to each run's cut, "
                "so a difference may come from the cut, not only from the switch.")
    which, other = ("what-if run", "unmodified run") if cut[1] else ("unmodified run", "what-if run")
    cut_at, end_at = (at[1], at[0]) if cut[1] else (at[0], at[1])
    return (f"The {which} was cut at {cap} at {cut_at} simulated; the {other} ran to its end "
            f"({end_at}). What the {which} would have done after its cut is not counted, so a "
            "difference in the totals may come from the cut, not only from the switch.")
