"""Warnings from the file alone: an Init phase longer than Lambda lets it run.

docs/reference/lambda-behaviour.md §11 (LIFE,
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html): an on-demand
Init may take 10 seconds; past that Lambda stops it and runs it again inside the first
invocation, within the function's timeout (app.engine.init_limit models it). So an
`init_duration` above 10 s is valid but makes every cold start slower than it says, and one at
least as long as the timeout makes every cold start time out before the handler runs, and every
invoke after it in the environment Lambda resets then (a suppressed init, §11). An Init of
provisioned concurrency may run 130 s or the timeout, whichever is longer; what happens past that
is not documented and not modelled. `check` warns at the `init_duration` key. Qt-free.
"""

from __future__ import annotations

from app.english import possessive
from app.engine.init_limit import may_exceed, provisioned_init_limit_s  # a stdlib-only module
from app.scenario.fields import format_duration_ms
from app.scenario.timeout_warnings import FileWarning, _fixed_ms


def init_warnings(scenario) -> list[FileWarning]:
    """One warning per function (and per version with its own `init_duration` or `timeout`)
    whose Init can pass the on-demand limit (10 s), or a provisioned one's (130 s or the
    timeout), at its `init_duration` key, in file order. Raises nothing."""
    out: list[FileWarning] = []
    for name, fn in scenario.of_type("function").items():
        base = ("resources", name)
        provisioned = any(v.provisioned_concurrent_executions for v in fn.versions.values()) or any(
            a.provisioned_concurrent_executions for a in fn.aliases.values())
        out += _check(base, name, fn.init_duration, fn.timeout, provisioned)
        for number, version in fn.versions.items():
            if version.init_duration is None and version.timeout is None:
                continue
            spec = version.init_duration if version.init_duration is not None else fn.init_duration
            timeout = version.timeout if version.timeout is not None else fn.timeout
            path = (*base, "versions", number)
            out += _check(path if version.init_duration is not None else base,
                          f"{name} version {number}", spec, timeout,
                          bool(version.provisioned_concurrent_executions) or provisioned)
    return list(dict.fromkeys(out))


def _check(base: tuple, who: str, spec, timeout_s: int, provisioned: bool) -> list[FileWarning]:
    path = (*base, "init_duration")
    ms = _fixed_ms(spec)
    out = []
    if may_exceed(spec):
        fixed = ms is not None
        runs = format_duration_ms(ms) if fixed else "sometimes more than 10 s"
        then = (f"every cold start of {who} then times out before its handler runs (Init "
                f"{runs} ≥ timeout {timeout_s} s), and so does every later invoke in that "
                f"environment: after the timeout Lambda resets it and runs Init again inside the "
                f"next invoke (a suppressed init)" if fixed and ms >= timeout_s * 1000.0 else
                f"the second Init counts against {possessive(who)} timeout of {timeout_s} s, so the first "
                f"invoke in each new environment has less time"
                + ("" if fixed else ", or times out"))
        out.append(FileWarning(path, (
            f"warning: {possessive(who)} Init takes {runs}, and Lambda lets an on-demand Init run 10 s: it "
            f"stops it there and runs it again inside the first invoke; {then} "
            + ("(environments of provisioned concurrency are not held to 10 s, but spillover "
               "ones are) " if provisioned else "")
            + "(lambda-behaviour.md §11, LIFE). Shorten `init_duration` (note that `m` means "
            "minutes: 2 ms is written `2ms`).")))
    limit_s = provisioned_init_limit_s(timeout_s)
    if provisioned and ms is not None and ms > limit_s * 1000.0:
        out.append(FileWarning(path, (
            f"warning: {possessive(who)} Init takes {format_duration_ms(ms)}, longer than Lambda lets a "
            f"provisioned-concurrency Init run ({limit_s} s: 130 s or the timeout, whichever is "
            f"longer). AWS does not say what happens then and LambdaScope does not model it "
            f"(lambda-behaviour.md §11, LIFE).")))
    return out

