"""The texts of a synchronous Invoke's steps that do not depend on the service's state: who the
caller is in narration, who retries a throttle, the `result` step's summary and narration, a
label's suffix and a failed run's tags (moved out of app.engine.lambda_service, which had grown
past 400 lines). Sources as there: lambda-behaviour.md §1 (INV), §11, §18.
"""

from __future__ import annotations

from app.engine.versions import LATEST


def who(src: str) -> str:
    """The caller in narration; `lambda` as a source is an event source mapping's poller."""
    return "Lambda's poller" if src == "lambda" else src


def refused(src: str, function: str) -> str:
    """Who Lambda refuses, in a step summary: a poller (source `lambda`) is named as the event
    source mapping's poller, with the function it tried to invoke; anyone else by name."""
    if src == "lambda":
        return f"the event source mapping's poller (its invoke of {function})"
    return src


def after_throttle(src: str, by_sdk: bool) -> str:
    """Who retries a throttled synchronous invoke: never Lambda; the caller's SDK, or its poller."""
    if by_sdk:
        # Short: the step's not-simulated note (SDK_RETRY_CAVEAT) says the rest; both in full
        # made a 6-line caption and a 3-line note on a 720 px projector (issue 13, looks-3).
        return (f" Lambda does not retry a synchronous invoke; {src} gets the error back. "
                f"{src}'s AWS SDK would retry it with backoff first (not simulated).")
    if src == "lambda":
        return " Lambda's poller gets the error back and tries the batch again later."
    return f" Lambda does not retry a synchronous invoke; {src} gets the error back."


def result_texts(function, src, payload, failed, version, label) -> tuple[str, str]:
    """Summary and narration of the `result` step of a synchronous invoke that ran."""
    if failed:
        summary = f"{function} failed: 200 with X-Amz-Function-Error: Unhandled"
        narration = (f"The code of {function} failed ({payload.get('errorType')}). The Invoke "
                     f"call itself worked, so {who(src)} still gets HTTP 200; only the "
                     f"X-Amz-Function-Error header and the error document tell it the "
                     f"function failed.")
    else:
        summary = f"{function} returns its result to {src}: 200"
        narration = (f"Because {who(src)} invoked synchronously (RequestResponse), it waited, and "
                     f"Lambda now hands it the function's return value with HTTP 200.")
    if version != LATEST:  # §18: the caller learns which version ran
        summary += f" (version {version})"
        narration += (f" The X-Amz-Executed-Version header says version {version} ran, as "
                      f"does the START line of its log.")
    return summary + suffix(label), narration


def suffix(label: str | None) -> str:
    return f" — {label}" if label else ""


def error_tags(outcome) -> tuple[str, ...]:
    if not outcome.failed:
        return ()
    return ("function-error", "timeout") if outcome.timed_out else ("function-error",)


def log_text_key(function: str, cold: bool, timed_out_after=False, suppressed: bool = False,
                 stopped: bool = False) -> tuple:
    """The key `Executor._log` keeps a quiet run's log narration under: the function, a cold
    start, the timeout in s when it ran past it (else False), a suppressed init after a reset,
    an Init stopped at 10 s (§11). The defaults are a quiet run's, which app.engine.fast_invoke
    looks up: both must build the key here, or the fast log step silently never applies
    (tests/engine/test_hot_path_compact.py)."""
    return function, cold, timed_out_after, suppressed, stopped
