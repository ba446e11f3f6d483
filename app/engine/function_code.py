"""Running a function's code once: the handler call, injected faults, logs and the timeout.

Faults (`app.scenario.resources.Faults`) are applied here and only here, around the handler
call, so every invocation path (sync, async, stream mapping) fails the same way.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import math
import sys
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.engine.batch_items import fail_when_matches, with_rest_of_fifo_groups
from app.handlers.registry import get_handler, handler_file

LOG_TAIL_BYTES = 4096  # lambda-behaviour.md §1 (INV): X-Amz-Log-Result is the last 4 KB


@dataclass
class Outcome:
    """What one run of the code produced."""

    result: Any = None
    error: dict[str, Any] | None = None  # {errorMessage, errorType, stackTrace}
    timed_out: bool = False
    duration_ms: float = 0.0
    logs: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.error is not None


def sample_ms(spec, rng) -> float:
    """A duration from a fixed value or a seeded distribution (never below 1 ms)."""
    if isinstance(spec, (int, float)):
        return float(spec)
    if spec.distribution == "exponential":
        return max(1.0, rng.expovariate(1.0 / spec.mean)) if spec.mean > 0 else 0.0
    if spec.distribution == "normal":
        return max(1.0, rng.gauss(spec.mean, spec.stddev))
    return float(spec.mean)


def failing_records(faults, event: Any, record_ordinals) -> list[dict[str, Any]]:
    """The records of a batch event that `fail_on_record` or `fail_when` picks (in batch order)."""
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        return []
    ordinals = list(record_ordinals or ())
    picked = []
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        by_position = (faults.fail_on_record is not None and i < len(ordinals)
                       and ordinals[i] == faults.fail_on_record)
        if by_position or (faults.fail_when is not None and fail_when_matches(faults.fail_when, record)):
            picked.append(record)
    return picked


def _fail_when_text(fail_when) -> str:
    test = (f"contains {fail_when.contains!r}" if fail_when.contains is not None
            else f"equals {fail_when.equals!r}")
    return f"{fail_when.path} {test}"


def fault_error(faults, attempt_number: int, record_ordinals, event: Any = None,
                per_record: bool = True) -> str | None:
    """The message of the injected failure that applies to this invocation, if any.

    `per_record` False: the record faults are reported item by item instead (ReportBatchItemFailures)."""
    if faults.fail == "always":
        return "Simulated failure: this function is set to fail every time (faults.fail: always)"
    if attempt_number <= faults.fail_first_attempts:
        return (f"Simulated failure: invocation {attempt_number} of the first "
                f"{faults.fail_first_attempts} is set to fail (faults.fail_first_attempts)")
    if not per_record:
        return None
    if faults.fail_on_record is not None and record_ordinals and faults.fail_on_record in record_ordinals:
        return (f"Simulated failure: the batch holds record {faults.fail_on_record}, which is set "
                f"to fail (faults.fail_on_record), so the handler raises before it processes any "
                f"record")
    if faults.fail_when is not None and failing_records(faults, event, ()):
        return (f"Simulated failure: a record of the batch has {_fail_when_text(faults.fail_when)} "
                f"(faults.fail_when), so the handler raises before it processes any record")
    if faults.fail_when is not None and _one_event(event) and fail_when_matches(faults.fail_when, event):
        # EventBridge, an API Gateway proxy, a direct invoke: the path starts at the event itself
        return (f"Simulated failure: the event has {_fail_when_text(faults.fail_when)} "
                f"(faults.fail_when)")
    return None


def _one_event(event: Any) -> bool:
    """An event that is not a batch of `Records` (those are read record by record)."""
    return isinstance(event, dict) and not isinstance(event.get("Records"), list)


class _RuntimeLogHandler(logging.Handler):
    """The Python runtime's log format: `[LEVEL]\tTIMESTAMP\tREQUEST_ID\tmessage`.

    Handlers are reused (`_SPARE_LOG_HANDLERS`): creating one costs a lock and a weak reference
    in logging's registry, which showed at 100,000 invocations. One in use is never shared, so a
    nested invocation still gets its own.
    """

    def __init__(self):
        super().__init__()
        self.buffer, self.stamp, self.request_id = None, "", ""

    def emit(self, record: logging.LogRecord) -> None:
        if not isinstance(self.stamp, str):  # see run_code's `stamp`: worked out on first use
            self.stamp = self.stamp()
        self.buffer.write(f"[{record.levelname}]\t{self.stamp}\t{self.request_id}\t"
                          f"{record.getMessage()}\n")


_SPARE_LOG_HANDLERS: list[_RuntimeLogHandler] = []


def run_code(fn, handler_name: str, event: Any, context, rng, invocation_number: int,
             record_ordinals=None, stamp="", item_failures: bool = False,
             spent_ms: float = 0.0, plain: tuple | None = None) -> Outcome:
    """Call the handler (its SDK calls record their own steps) and decide how long it took.

    `print` output and `logging` records (at the level the code sets) become log lines.
    `item_failures`: the invoking mapping has ReportBatchItemFailures on (§15), so the records
    `fail_on_record`/`fail_when` pick are reported in `batchItemFailures` instead of failing
    the whole batch. `stamp`: the time the runtime writes on `logging` lines (ISO-8601), or a
    callable without arguments giving it, called only if the code logs (most invocations do
    not; simulated time stands still while the code runs, so it gives the same text).
    A run longer than the timeout is stopped at it (§3, CFGTO): an error the code (or a fault)
    would raise is not logged, since in the simulation the code ends, and raises, only at the
    end of its `duration`, nor the lines of the partial batch response it would return then
    (§15); the REPORT line shows the timeout. `spent_ms`: time of the timeout
    already used before the handler starts (an Init Lambda ran again inside this invocation,
    §11 LIFE, app.engine.init_limit): it is part of the run's duration, and when it uses up the
    whole timeout the handler is not called at all.
    `plain`: `app.engine.plain_code.plain_run(fn)`, (the handler, a duration sampler), when the caller knows that
    no fault applies (`plain_run` checked `fn.faults`), `item_failures` is False and `spent_ms`
    0: the same outcome without those checks (the fast invoke, once per request of a load).
    """
    if plain is not None:
        handler, draw = plain
        out = Outcome(duration_ms=draw(rng))
        reported, injected = (), None
    else:
        if spent_ms >= fn.timeout * 1000.0:  # the second Init ran out the clock: no handler call
            return Outcome(timed_out=True, duration_ms=fn.timeout * 1000.0,
                           error=timeout_payload(context.aws_request_id, fn.timeout))
        out = Outcome(duration_ms=sample_ms(fn.duration, rng) + spent_ms)
        failing = failing_records(fn.faults, event, record_ordinals) if item_failures else []
        reported = with_rest_of_fifo_groups(event["Records"], failing) if item_failures else []
        injected = fault_error(fn.faults, invocation_number, record_ordinals, event,
                               per_record=not item_failures)
        try:
            handler = get_handler(handler_name)
        except ImportError as exc:  # the runtime's own error when the handler cannot be loaded
            out.error = {"errorMessage": f"Unable to import module '{handler_name}': {exc}",
                         "errorType": "Runtime.ImportModuleError", "stackTrace": []}
            out.logs = [f"[ERROR] Runtime.ImportModuleError: {out.error['errorMessage']}"]
            return out
    buffer = io.StringIO()
    log_handler = _SPARE_LOG_HANDLERS.pop() if _SPARE_LOG_HANDLERS else _RuntimeLogHandler()
    log_handler.buffer, log_handler.stamp, log_handler.request_id = (
        buffer, stamp, context.aws_request_id)
    handlers = logging.root.handlers  # what addHandler does, minus its module lock (per invoke)
    handlers.append(log_handler)
    stdout, sys.stdout = sys.stdout, buffer  # what contextlib.redirect_stdout does, minus its object
    error_from = -1  # where the runtime's [ERROR] lines start in `buffer`, if the code raised
    answer_from = -1  # where the lines of its partial batch response start, if it made one
    try:
        try:
            if injected:
                raise RuntimeError(injected)
            out.result = handler(_without(event, reported), context) if reported else (
                handler(event, context))
            if item_failures and (fn.faults.fail_when is not None or fn.faults.fail_on_record):
                answer_from = buffer.tell()
                out.result = _with_item_failures(out.result, reported, buffer, stamp,
                                                 context.aws_request_id, failing)
            if plain is None and fn.faults.malformed_response:
                out.result = malformed(out.result, fn.faults.malformed_response)
        finally:
            sys.stdout = stdout
    except Exception as exc:  # the runtime turns any exception into an error payload
        out.error = error_payload(exc, handler_name, context.aws_request_id,
                                  raised_by=handler if injected else None)
        error_from = buffer.tell()
        buffer.write(f"[ERROR] {type(exc).__name__}: {exc}\n")
        buffer.write("".join(f"{line}\n" for line in traceback_lines(out.error)))
    finally:
        if log_handler in handlers:  # root.removeHandler, minus the lock (code may clear them)
            handlers.remove(log_handler)
        log_handler.buffer = None
        _SPARE_LOG_HANDLERS.append(log_handler)
    if plain is None and fn.faults.time_out:
        out.duration_ms = fn.timeout * 1000.0 + 1.0
    text = buffer.getvalue()
    if out.duration_ms > fn.timeout * 1000.0:
        out.timed_out, out.duration_ms, out.result = True, fn.timeout * 1000.0, None
        out.error = timeout_payload(context.aws_request_id, fn.timeout)
        # What the code does at the end of its run never happens: it was stopped first. No
        # [ERROR] or traceback (§3, CFGTO), and no partial batch response: a timed-out invoke
        # returns nothing, so no batchItemFailures either (§15, SQSERR).
        cut = [at for at in (error_from, answer_from) if at >= 0]
        if cut:
            text = text[:min(cut)]
    if text:  # (most handlers print nothing: Outcome's own empty list stays)
        out.logs = [line for line in text.splitlines() if line]
    return out


def _without(event: dict[str, Any], reported: list[dict]) -> dict[str, Any]:
    """The batch as the handler's own loop goes on with it: the records a fault picked (and
    FIFO records skipped after them) failed before they were processed, so the code writes
    nothing for them (§15, SQSERR: a handler reports the records it could not process)."""
    gone = {id(r) for r in reported}
    return {**event, "Records": [r for r in event["Records"] if id(r) not in gone]}


def _with_item_failures(result: Any, reported: list[dict], buffer, stamp: str, request_id: str,
                        failing: list[dict] = ()):
    """The handler's answer with the partial batch response a careful handler returns (§15).

    `failing`: the records that failed themselves; the rest of `reported` are FIFO records this
    handler skips because an earlier one of their message group failed. That is its choice
    (Powertools' skip_group_on_error style); SQSERR's own pattern stops at the first failure and
    reports everything after it."""
    from app.engine.batch_items import item_identifier
    failed = {id(r) for r in failing}
    for record in reported:
        group = record.get("attributes", {}).get("MessageGroupId")
        if id(record) in failed or not group:
            buffer.write(f"Record {item_identifier(record)} failed (simulated fault) before it "
                         f"was processed: reported in batchItemFailures\n")
        else:
            buffer.write(f"Record {item_identifier(record)} skipped: an earlier message of FIFO "
                         f"message group {group} failed, and this handler skips the rest of that "
                         f"group (its own choice, like Powertools' skip_group_on_error; the pattern "
                         f"AWS documents stops at the first failure and reports everything after "
                         f"it): reported in batchItemFailures\n")
    failures = [{"itemIdentifier": item_identifier(r)} for r in reported]
    if isinstance(result, dict):
        return {**result, "batchItemFailures": failures}
    return {"batchItemFailures": failures}


def malformed(result: Any, shape) -> Any:
    """The reply turned into one API Gateway cannot map (docs/reference/lambda-behaviour.md §9,
    APX): `missing_status_code` (also `True`), `status_code_not_number` ("200"),
    `body_not_string` (the body as an object, not json.dumps of it)."""
    reply = dict(result) if isinstance(result, dict) and "statusCode" in result else {
        "statusCode": 200, "body": json.dumps(result)}
    if shape in (True, "missing_status_code"):
        reply.pop("statusCode")
    elif shape == "status_code_not_number":
        reply["statusCode"] = str(reply["statusCode"])
    else:  # body_not_string
        try:
            reply["body"] = json.loads(reply.get("body") or "{}")
        except ValueError:
            reply["body"] = {"text": reply.get("body")}
        if not isinstance(reply["body"], (dict, list)):
            reply["body"] = {"value": reply["body"]}
    return reply


def error_payload(exc: BaseException, handler_name: str, request_id: str = "",
                  raised_by=None) -> dict[str, Any]:
    """The Python runtime's error document: errorMessage, errorType, requestId, stackTrace.

    Frames are shown as paths inside /var/task. `raised_by`: the handler function a simulated
    fault stands in for; its frame is a `raise` at the handler's first line of code, as a real
    unhandled error would show (§22 B17). The runtime has added `requestId` since June 2021
    (docs/reference/lambda-behaviour.md §22 B17; aws-lambda-python-runtime-interface-client
    awslambdaric/bootstrap.py, https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html).
    """
    frames = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if "/app/handlers/" in frame.filename.replace("\\", "/"):
            name = "/var/task/" + frame.filename.replace("\\", "/").rsplit("/", 1)[-1]
            frames.append(f'  File "{name}", line {frame.lineno}, in {frame.name}\n    {frame.line}\n')
    if raised_by is not None:
        code = getattr(raised_by, "__code__", None)
        line = f", line {code.co_firstlineno + 1}" if code else ""
        name = getattr(raised_by, "__name__", "handler")
        frames = [f'  File "{handler_file(handler_name)}"{line}, in {name}\n'
                  f'    raise {type(exc).__name__}(simulated_fault)\n']
    elif not frames:
        frames.append(f'  File "{handler_file(handler_name)}", in handler\n')
    return {"errorMessage": str(exc), "errorType": type(exc).__name__, "requestId": request_id,
            "stackTrace": frames}


def traceback_lines(error: dict[str, Any]) -> list[str]:
    """The traceback the runtime logs under `[ERROR] Type: message` (§22 B17, RIC).

    CloudWatch shows it as one log event (the runtime joins the lines with a carriage return);
    here each line is its own entry so that it reads in the trace."""
    frames = [line for frame in error.get("stackTrace") or () for line in frame.splitlines()]
    return ["Traceback (most recent call last):", *frames] if frames else []


@lru_cache(maxsize=None)  # the same few (runtime, region) pairs; a SHA-256 per cold start showed
def init_start_line(runtime: str, region: str) -> str:
    """`INIT_START Runtime Version: python:3.12.vN\tRuntime Version ARN: …`, logged once per new
    environment before its first START (§22 B17, RTV:
    https://docs.aws.amazon.com/lambda/latest/dg/runtime-management-identify.html). The version
    number and ARN hash are made up (stable per runtime); AWS's change as runtimes are patched."""
    digest = hashlib.sha256(runtime.encode()).hexdigest()
    version = runtime.replace("python", "python:", 1) + f".v{int(digest[:4], 16) % 40 + 10}"
    return (f"INIT_START Runtime Version: {version}\t"
            f"Runtime Version ARN: arn:aws:lambda:{region}::runtime:{digest}")


def init_report_line(duration_ms: float, status: str | None = None) -> str:
    """`INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout`: Lambda's report of
    an Init phase (§22 B17, §11; LIFE
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html). In:
    the Init's duration in ms, and `status` for a failed one ("timeout", "error"), None for a
    successful one. Lambda writes it when an on-demand Init fails (with Phase and Status) and
    after every provisioned-concurrency (or SnapStart) Init; for a successful one the pages show
    only the Init Duration field, so that is all this line holds. Fields are tab-separated, as
    on the REPORT line."""
    line = f"INIT_REPORT Init Duration: {duration_ms:.2f} ms"
    return line + f"\tPhase: init\tStatus: {status}" if status else line


def timeout_payload(request_id: str, timeout_s: int) -> dict[str, Any]:
    """What the runtime reports when the function runs past its timeout (§3)."""
    return {"errorType": "Sandbox.Timedout",
            "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout_s:.2f} seconds"}


def billed_ms(duration_ms: float, init_ms: float | None) -> int:
    """Billed Duration of an on-demand invoke, rounded up to the next millisecond.

    Since 1 Aug 2025 the INIT phase is billed for on-demand functions packaged as ZIP on managed
    runtimes (every function here), so a cold start bills Init + handler time (AWS Compute Blog,
    "AWS Lambda standardizes billing for INIT phase", April 2025; not in lambda-behaviour.md).
    """
    return math.ceil(duration_ms + (init_ms or 0.0))


def cloudwatch_lines(request_id: str, out: Outcome, memory_mb: int, used_mb: int,
                     init_ms: float | None, init_start: str | None = None,
                     version: str = "$LATEST", init_report: str | None = None) -> list[str]:
    """[INIT_START on a new environment] [INIT_REPORT of an Init that failed] / START / the
    code's lines / END / REPORT, as CloudWatch Logs shows them in the text format.
    `version`: the version that ran, on the START line (§18).

    A timeout writes no line of its own: the REPORT line ends in `Status: timeout` (the form the
    lifecycle page calls the new style, to which AWS moved every function; the old style wrote
    `<time> <requestId> Task timed out after N seconds` before END). lambda-behaviour.md §22
    B17 and §3; LIFE https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html.
    """
    duration = out.duration_ms
    report = (f"REPORT RequestId: {request_id}\tDuration: {duration:.2f} ms\t"
              f"Billed Duration: {billed_ms(duration, init_ms)} ms\t"
              f"Memory Size: {memory_mb} MB\t"
              f"Max Memory Used: {memory_mb if memory_mb < used_mb else used_mb} MB")
    if init_ms is not None:
        report += f"\tInit Duration: {init_ms:.2f} ms"
    start = f"START RequestId: {request_id} Version: {version}"
    lines = [init_start, start] if init_start else [start]
    if init_report:
        lines.insert(-1, init_report)
    if out.logs:
        lines += out.logs
    if out.timed_out:
        report += "\tStatus: timeout"
    lines.append(f"END RequestId: {request_id}")
    lines.append(report)
    return lines


def log_tail(lines: list[str]) -> str:
    """X-Amz-Log-Result: base64 of the last 4 KB of the invocation's log (from START on:
    INIT_START and INIT_REPORT belong to the environment's Init phase, not to the invocation)."""
    lines = [line for line in lines if not line.startswith(("INIT_START", "INIT_REPORT"))]
    data = ("\n".join(lines) + "\n").encode()[-LOG_TAIL_BYTES:]
    return base64.b64encode(data).decode()
