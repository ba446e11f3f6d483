"""Warnings from the file alone: a function whose code runs at least as long as its timeout.

Lambda stops an invocation when it has run for the function's timeout and the invoke fails
("Task timed out after N seconds"), docs/reference/lambda-behaviour.md §3 (CFGTO,
https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html). A `duration` of `2m`
(two minutes) on a function with `timeout: 10` is valid, but then every invoke times out, which
is rarely the lesson: a teacher who meant 2 ms should write `2ms`. `check` warns at the duration.
Qt-free; no engine needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.scenario.fields import format_duration_ms


@dataclass(frozen=True, slots=True)
class FileWarning:
    """`path`: the data path the warning is about; `message`: "warning: …" with the fix.
    Same shape as app.engine.config_warnings.ConfigWarning, so `check` prints both alike."""

    path: tuple
    message: str


def _fixed_ms(spec) -> float | None:
    """The duration every invoke takes, in ms: a plain duration, or a `fixed` distribution's
    mean; None for a random one (only some of its invokes would time out)."""
    if isinstance(spec, (int, float)):
        return float(spec)
    if getattr(spec, "distribution", None) == "fixed":
        return float(spec.mean)
    return None


def timeout_warnings(scenario) -> list[FileWarning]:
    """One warning per function (and per version with its own duration or timeout) whose fixed
    duration is at least its timeout (seconds), at the `duration` key (or the version's key that
    makes it so), in file order."""
    out: list[FileWarning] = []
    for name, fn in scenario.of_type("function").items():
        base = ("resources", name)
        out += _check(base, name, fn.duration, fn.timeout, "duration")
        for number, version in (getattr(fn, "versions", None) or {}).items():
            duration = version.duration if version.duration is not None else fn.duration
            timeout = version.timeout if version.timeout is not None else fn.timeout
            if version.duration is None and version.timeout is None:
                continue
            key = "duration" if version.duration is not None else "timeout"
            out += _check((*base, "versions", number), f"{name} version {number}", duration,
                          timeout, key)
    return out


def _check(base: tuple, who: str, spec, timeout_s: int, key: str) -> list[FileWarning]:
    ms = _fixed_ms(spec)
    if ms is None or ms < timeout_s * 1000.0:
        return []
    runs = format_duration_ms(ms)
    if ms > timeout_s * 1000.0:
        what = (f"every invoke of {who} times out: its code runs {runs}, longer than its timeout "
                f"of {timeout_s} s, and Lambda stops an invoke when the timeout is reached")
    else:
        what = (f"every invoke of {who} runs right up to its timeout ({runs} = timeout {timeout_s} "
                f"s): any extra moment and Lambda stops it")
    return [FileWarning((*base, key), (
        f"warning: {what} (lambda-behaviour.md §3). Lower `duration` or raise `timeout` (at most "
        f"900 s). Note that `m` means minutes: 2 ms is written `2ms`."))]
