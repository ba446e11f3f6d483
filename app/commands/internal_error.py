"""What `check` and `play` say when the engine itself crashes on a valid scenario.

A valid file that the engine cannot run is a bug in LambdaScope, never the author's fault: the
commands say so in one plain sentence first, ask for a report, and only then give the details
(the exception, and for `play` the traceback), so a teacher is never left with a bare traceback.
"""

from __future__ import annotations

import traceback


def internal_error_message(name: str, exc: BaseException) -> str:
    """One line for stderr: `lambdascope: internal error while running FILE: Type: text …`."""
    return (f"lambdascope: internal error while running {name}: {type(exc).__name__}: {exc}. "
            f"The scenario is valid; this is a bug in LambdaScope, not a problem in your "
            f"scenario. Please report it with the scenario file and this message.")


def internal_error_details(exc: BaseException) -> str:
    """The traceback, under a heading saying what it is for."""
    return "Details for the report:\n" + "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()


class RunCrashed(list):
    """`check`'s outcome lines for a run that crashed (still a list of lines, for `import`);
    `exc` is what the engine raised."""

    def __init__(self, lines, exc: BaseException):
        super().__init__(lines)
        self.exc = exc
