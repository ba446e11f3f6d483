"""`check`'s warning for a lesson in which no function runs at all (a teacher's find: a load
that starts after `settings.stop_after` printed a plain OK, though nothing in the lesson ever
reaches Lambda). Qt-free; reads the run `check` made (app.engine.script_outcomes).

One warning, at the key to change:
- `resources` when the file has no function;
- `settings.stop_after` when the run stops before anything reached a function (before the first
  script entry, or after it);
- `script` when the whole run went by, no script entry, notification, route, mapping,
  subscription or rule reached one, no other warning says why (a refused call or
  configuration, a function nothing invokes: app.engine.never_invoked, lesson_warnings) and no
  entry says `expect: denied` (the refusal is the lesson).
"Reached" is as app.engine.never_invoked counts it: a step invokes, runs or checks a permission
for the function (an Invoke refused for a permission has its own warning). A run cut by the
step cap is not judged: the rest may come later.
"""

from __future__ import annotations

from app.engine.config_warnings import ConfigWarning
from app.scenario.fields import format_duration_ms

REACHING = ("invoke", "execute", "permission-check")
HOW = ("Add a script entry that invokes one (action: invoke), or connect one to what the script "
       "writes to (a notification, route, mapping, subscription or rule).")


def nothing_runs_warnings(scenario, trace, explained: bool = False) -> list[ConfigWarning]:
    """[] when a function is reached in `trace` (or the step cap cut it), else the one warning
    (see the module). In: a loaded scenario, its run's Trace, and whether other warnings of
    the file already say what stopped the run (then a full run gets no `script` warning).
    Raises nothing."""
    functions = set(scenario.of_type("function"))
    if not functions:
        return [ConfigWarning(("resources",), (
            "warning: no function runs: the file has no function (`type: function`), so the "
            "lesson never shows Lambda at work. Add one, and a script entry or source that "
            "reaches it."))]
    if (getattr(trace, "summary", None) or {}).get("truncated"):
        return []
    if any(step.kind in REACHING and step.target in functions for step in trace):
        return []
    stop = scenario.settings.stop_after
    if stop is not None and len(trace) and trace[len(trace) - 1].time_ms >= stop:
        first = min((entry.at for entry in scenario.script), default=None)
        when = (f", before the first script entry at {format_duration_ms(first)}"
                if first is not None and first >= stop else "")
        return [ConfigWarning(("settings", "stop_after"), (
            f"warning: no function runs: the run stops at {format_duration_ms(stop)} "
            f"(settings.stop_after){when}, and nothing reached a function by then. Raise "
            f"stop_after past the script's entries, or start them earlier."))]
    if explained or any(getattr(entry, "expect", None) == "denied" for entry in scenario.script):
        return []  # said already, or a refusal is the lesson (`expect: denied`)
    return [ConfigWarning(("script",), (
        "warning: no function runs: nothing in the run reaches a function, so the lesson never "
        f"shows Lambda at work. {HOW}"))]
