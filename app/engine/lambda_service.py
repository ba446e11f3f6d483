"""The Lambda service: the Invoke API and its three invocation types (lambda-behaviour.md §1).

`invoke` checks the request (does the function exist, is the payload small enough, may the caller
call it), then answers DryRun with 204, queues Event with 202 (`AsyncQueue` runs it later), or runs
RequestResponse now through `Executor.execute` and answers 200 (also when the code failed: only
`X-Amz-Function-Error` says so), or 429 when throttled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.engine.async_queue import AsyncQueue
from app.engine.concurrency import Concurrency
from app.engine.executor import Executor, Run
from app.engine.function_code import log_tail
from app.engine.iam import access_denied_suffix
from app.engine.invoke_texts import (after_throttle as _after_throttle, error_tags as _error_tags,
                                     result_texts as _result_texts, suffix as _suffix, who as _who,
                                     refused as _refused)
from app.engine.recursion import TERMINATE, LoopDetector
from app.engine.signing import expired_error, stopped_before_sending
from app.engine.provisioned import start_provisioning
from app.engine.versions import LATEST, Versions, route_narration, scope_hint

SYNC_LIMIT = 6 * 1024 * 1024  # lambda-behaviour.md §2 (INV, Q): 6 MB synchronous
ASYNC_LIMIT = 1024 * 1024  # lambda-behaviour.md §2 (INV, PAY): 1 MB asynchronous (was 256 KB)
SDK_RETRY_CAVEAT = ("The AWS SDKs' own retries of TooManyRequestsException, with backoff, are not "
                    "simulated: here the first 429 is final. How many attempts an SDK makes "
                    "depends on the SDK and its retry mode: boto3 makes up to 5 in its default "
                    "legacy mode, 3 in standard mode (§11).")
STATUS = {"RequestResponse": 200, "Event": 202, "DryRun": 204}  # §1 (INV)
# §13 A7 (BOTOM): a 429 carries `Retry-After` (retryAfterSeconds). No AWS page says what value
# Lambda puts there; 1 s here is our choice (the async retry interval also starts at 1 s, §4 ASY).
RETRY_AFTER_SECONDS = "1"
UNRESERVED_MINIMUM = 100  # lambda-behaviour.md §11 (CON): reserve up to the unreserved pool minus 100
# One headers dict per invocation type, shared by the invoke steps (step values are never mutated).
_TYPE_HEADERS = {t: {"X-Amz-Invocation-Type": t} for t in STATUS}
# With LogType Tail the request says so too (§1 INV); only then does X-Amz-Log-Result come back.
_TAIL_HEADERS = {t: {**h, "X-Amz-Log-Type": "Tail"} for t, h in _TYPE_HEADERS.items()}
_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))  # json.dumps builds one per call otherwise
_HOW = {"RequestResponse": "and waits for the answer (synchronous, RequestResponse)",
        "Event": "without waiting for the code to run (asynchronous, Event)",
        "DryRun": "as a DryRun: only check the request, run nothing"}


@dataclass(frozen=True)
class InvokeResponse:
    """What the Invoke API returned: status, payload (result or error document), headers."""

    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    function_error: str | None = None  # "Unhandled" when the code failed

    @property
    def ok(self) -> bool:
        return self.status < 300 and self.function_error is None


def error_body(message: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of an Invoke API error; the code travels in X-Amzn-ErrorType (see `_respond`)."""
    return {"Type": "User", "message": message, **extra}


class LambdaService:
    """`sim.services["lambda"]`."""

    def __init__(self, sim):
        self.sim = sim
        self.functions = sim.scenario.of_type("function")
        self.concurrency = Concurrency(
            sim.settings.account_concurrency_limit,
            {n: f.reserved_concurrent_executions for n, f in self.functions.items()})
        self.executor = Executor(sim, self)
        self.async_queue = AsyncQueue(sim, self)
        self.loops = LoopDetector(sim, self.functions)  # recursive-loop detection (§13 A2)
        self.versions = Versions(sim, self.functions)  # qualifiers and aliases (§18)
        self.versions.publish()
        self.provisioned_stats: dict[tuple[str, str], dict] = {}  # (function, qualifier) → metrics
        self._invoke_texts: dict[tuple, tuple[str, str]] = {}  # see `invoke`
        self._result_texts: dict[tuple, tuple[str, str]] = {}  # see `_sync_response`
        self._permission_texts: dict[tuple, tuple] = {}  # see `_check_request`
        sim.recorder.set_state("lambda", "concurrent_executions", 0)
        sim.recorder.set_state("lambda", "account_concurrency_limit", self.concurrency.account_limit)
        for name, fn in self.functions.items():
            self.executor.publish_state(name)
            sim.recorder.set_state(name, "reserved_concurrency", fn.reserved_concurrent_executions)

    def start(self) -> None:
        """Say so when the scenario reserves more than AWS would let it (§11, CON); start the
        provisioned environments' Init (§19)."""
        start_provisioning(self.sim, self)
        reserved = sum(r for r in self.concurrency.reserved.values() if r)
        limit = self.concurrency.account_limit
        if reserved and reserved > limit - UNRESERVED_MINIMUM:
            why = (f"The functions reserve {reserved} of the account's {limit} concurrent "
                   f"executions. AWS keeps at least {UNRESERVED_MINIMUM} unreserved and would "
                   f"refuse this setting; the simulation runs it anyway.")
            self.sim.recorder.add("not-simulated", "lambda", "lambda", "internal",
                                     "Reserved concurrency AWS would not accept", why, caveat=why)

    # ------------------------------------------------------------------ Invoke API
    def invoke(self, function: str, payload: Any, *, invocation_type: str = "RequestResponse",
               caller, source: str | None = None, model: str = "on-demand",
               flow: str | None = None, identity: dict | None = None,
               client_context: dict | None = None, record_ordinals=None,
               check_permission: bool = True, log_type: str = "None",
               chapter: dict[str, int] | None = None, note: str | None = None,
               label: str | None = None, retry: str | None = None,
               qualifier: str | None = None):
        """SimPy process; its value is an `InvokeResponse`. See docs/decisions/0002.

        `note`: a sentence the caller adds to the invoke step's narration (e.g. "the same
        records as before"; words about the chapter belong in the scenario's `narration:`). `label` (a shard id) ends the summaries of this
        invocation's invoke, log and result steps, so interleaved batches stay readable;
        `retry` ("retry 2 of the batch") starts the invoke's summary and tags it `retry`.
        `qualifier`: a version or alias (§18); an unknown one is a 404, an alias picks the version."""
        rec, src, chapter = self.sim.recorder, source or caller.node, chapter or {}
        request_id = self.sim.ids.uuid()
        flow = flow or request_id
        if stopped_before_sending(self.sim, caller, src, function, "Invoke", model, flow):
            return InvokeResponse(0, None)  # the SDK raised: no HTTP exchange happened
        if qualifier == LATEST:
            qualifier = None  # `$LATEST` is what an unqualified invoke runs anyway
        if function not in self.functions or not self.versions.known(function, qualifier):
            return self._reject_unknown(function, payload, src, model, flow, chapter, request_id,
                                        qualifier)
        named = f"{function}:{qualifier}" if qualifier else function
        key = (src, named, invocation_type, caller.kind, retry, label, note)
        texts = self._invoke_texts.get(key)
        if texts is None:  # the same few texts again and again: one string object each
            texts = self._invoke_texts[key] = (
                (f"{retry}: " if retry else "")
                + f"{src} calls Invoke on {named} ({invocation_type})" + _suffix(label),
                self._invoke_narration(src, named, invocation_type, caller)
                + (f" {note}" if note else ""))
            if len(self._invoke_texts) > 4096:  # retries and labels vary: keep it small
                self._invoke_texts.clear()
        rec.add("invoke", src, function, model, texts[0], texts[1],
                   payload=payload, flow=flow, chapter_step=chapter.get("invoke"),
                   tags=("retry",) if retry else (),
                   headers=(_TAIL_HEADERS if log_type == "Tail" else _TYPE_HEADERS).get(
                       invocation_type) or {"X-Amz-Invocation-Type": invocation_type})
        refused = self._check_request(function, payload, invocation_type, caller, src, model, flow,
                                      check_permission, request_id, qualifier)
        if refused:
            return refused
        target = self._route(function, qualifier, src, model, flow) if qualifier else None
        if invocation_type == "RequestResponse" and self.loops.verdict(function, flow) == TERMINATE:
            return self._stop_loop(function, src, model, flow, chapter, request_id)
        if invocation_type == "DryRun":
            return self._respond(function, src, model, flow, 204, None,
                                 {"X-Amzn-RequestId": request_id},
                                 f"Lambda answers 204: {src} may invoke {function}",
                                 f"A DryRun only checks the request and the caller's permission. "
                                 f"{function}'s code does not run.", chapter)
        if invocation_type == "Event":
            self.async_queue.enqueue(function, payload, request_id, source=src, model=model,
                                     flow=flow, chapter=chapter, target=target)
            return InvokeResponse(202, None, {"X-Amzn-RequestId": request_id})
        run = yield from self.executor.execute(
            function, payload, request_id, source=src, model=model, flow=flow, identity=identity,
            client_context=client_context, record_ordinals=record_ordinals, chapter=chapter,
            label=label, target=target)
        return self._sync_response(function, src, model, flow, run, log_type, chapter, label,
                                   request_id,
                                   by_sdk=caller.kind in ("actor", "role-session"),
                                   version=target.version if target else LATEST)

    def invoke_stimulus(self, stimulus, caller):
        """The script's `invoke` action: an actor calls Invoke with the SDK (chapter Example 3).
        Returns the `invoke` SimPy process generator itself (one generator less per request)."""
        chapter = _MOBILE_CHAPTER if getattr(self.sim.scenario.resources.get(stimulus.actor), "kind",
                                             None) == "mobile_app" else _SDK_CHAPTER
        return self.invoke(
            stimulus.function, stimulus.payload, invocation_type=stimulus.invocation_type,
            caller=caller, source=stimulus.actor, model="on-demand", log_type=stimulus.log_type,
            identity=caller.identity, chapter=chapter, qualifier=stimulus.qualifier)

    # ------------------------------------------------------------------ SDK (function code's Invoke)
    def sdk_target(self, operation: str, params: dict):
        """What `context.sdk.lambda_.invoke(FunctionName=…)` needs: lambda:InvokeFunction."""
        from app.handlers.sdk import SdkTarget
        name = str(params.get("FunctionName", "")).rsplit(":", 1)[-1]
        return SdkTarget("lambda:InvokeFunction", self.sim.function_arn(name),
                         name if name in self.functions else "lambda")

    def sdk_invoke(self, params: dict, caller, flow: str | None) -> dict:
        """Function code invoking a function asynchronously (InvocationType Event): the new
        event continues the caller's loop chain (a Lambda-only loop, §13 A2; REC). A handler's
        code cannot wait inside the simulation, so a synchronous invoke from code raises."""
        from app.handlers.sdk import ClientError
        name = str(params.get("FunctionName", "")).rsplit(":", 1)[-1]
        if params.get("InvocationType") != "Event":
            raise ClientError("InvalidParameterValueException", "Invoke",
                              "LambdaScope simulates only InvocationType Event from function code")
        if name not in self.functions:
            raise ClientError("ResourceNotFoundException", "Invoke",
                              f"Function not found: {self.sim.function_arn(name)}")
        new_flow = self.sim.ids.uuid()
        self.loops.carry(flow, new_flow, "lambda")
        payload = params.get("Payload", {})
        if isinstance(payload, (str, bytes)):
            payload = json.loads(payload or "{}")
        self.sim.env.process(self.invoke(name, payload, invocation_type="Event", caller=caller,
                                         source=caller.node, model="on-demand", flow=new_flow,
                                         check_permission=False))
        return {"StatusCode": 202}

    # ------------------------------------------------------------------ checks
    def _route(self, function, qualifier, src, model, flow):
        """Resolve the qualifier (§18); an alias's choice of version is a step of its own."""
        target = self.versions.resolve(function, qualifier)
        if target.alias is not None:
            summary, narration = route_narration(target)
            self.sim.recorder.add("route", "lambda", function, model, summary, narration,
                                     payload={"alias": target.alias,
                                              "aliasArn": target.arn,
                                              "executedVersion": target.version},
                                     flow=flow)
        return target

    def _check_request(self, function, payload, invocation_type, caller, src, model, flow,
                       check_permission, request_id, qualifier=None) -> InvokeResponse | None:
        limit = ASYNC_LIMIT if invocation_type == "Event" else SYNC_LIMIT
        # An empty payload ({}, None, …) is a few bytes: not measured (encoding it showed in
        # profiles of 100,000-request runs).
        size = len(_COMPACT_JSON.encode(payload).encode()) if payload else 0
        if size > limit:
            body = error_body(f"Request must be smaller than {limit} bytes for the "
                              f"InvokeFunction operation")
            return self._respond(function, src, model, flow, 413, body,
                                 {"X-Amzn-RequestId": request_id},
                                 f"Lambda rejects the request for {function}: 413 "
                                 f"RequestTooLargeException",
                                 f"The payload is {size:,} bytes; Lambda accepts at most "
                                 f"{limit // 1024 // 1024} MB for {invocation_type} invokes, so the "
                                 f"code never runs.", {}, kind="error",
                                 code="RequestTooLargeException")
        if not check_permission:
            return None
        decision = self.sim.services["iam"].check_invoke(function, caller, qualifier=qualifier)
        allowed = decision.decision == "allow"
        who = caller.name if caller.kind == "service" else src
        key = (function, qualifier, who)
        texts = self._permission_texts.get(key)
        if texts is None or texts[0] is not decision:  # IAM hands out the same decision object
            named = f"{function}:{qualifier}" if qualifier else function
            texts = (decision, f"May {who} invoke {named}? {'Allowed' if allowed else 'Denied'}",
                     self._permission_narration(named, who, decision)
                     + ("" if allowed else scope_hint(function, self.functions[function], qualifier)))
            if len(self._permission_texts) > 4096:
                self._permission_texts.clear()
            self._permission_texts[key] = texts
        self.sim.recorder.add(
            "permission-check", src, function, model, texts[1], texts[2],
            permission=decision, flow=flow, tags=() if allowed else ("denied",))
        if allowed:
            return None
        expired = expired_error(decision, "lambda")
        if expired:  # §13 A6 (ERR): refused before any policy is read
            status, code, message = expired
            return self._respond(function, src, model, flow, status,
                                 error_body(message), {"X-Amzn-RequestId": request_id},
                                 f"Lambda refuses {_refused(src, function)}: {status} {code}",
                                 f"Lambda turns the request away before any code runs: "
                                 f"{decision.reason}.", {}, kind="error", tags=("denied",),
                                 code=code)
        body = error_body(f"User: {caller.display} is not authorized to perform: "
                          f"lambda:InvokeFunction on resource: "
                          f"{self.sim.function_arn(function, qualifier)}"
                          + access_denied_suffix(decision))
        return self._respond(function, src, model, flow, 403, body,
                             {"X-Amzn-RequestId": request_id},
                             f"Lambda refuses {_refused(src, function)}: 403 AccessDeniedException",
                             f"Lambda turns the request away before any code runs: "
                             f"{decision.reason}.", {}, kind="error", tags=("denied",),
                             code="AccessDeniedException")

    def _stop_loop(self, function, src, model, flow, chapter, request_id) -> InvokeResponse:
        """A synchronous invoke Lambda's loop detection stops: 400 RecursiveInvocationException
        (§13 A2d, https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html)."""
        self.loops.record_stop(function, flow, model, async_event=False)
        body = error_body(f"Lambda detected that {function} is part of a recursive loop and "
                          f"stopped this invocation.")
        return self._respond(function, src, model, flow, 400, body,
                             {"X-Amzn-RequestId": request_id},
                             f"Lambda refuses {_refused(src, function)}: 400 RecursiveInvocationException",
                             f"{function} does not run: this synchronous invoke is one hop too "
                             f"many in a recursive loop, so {_who(src)} gets the error back.",
                             chapter, kind="error", tags=("recursion",),
                             code="RecursiveInvocationException")

    def _reject_unknown(self, function, payload, src, model, flow, chapter,
                        request_id, qualifier=None) -> InvokeResponse:
        arn = self.sim.function_arn(function, qualifier)
        rec = self.sim.recorder
        named = f"{function}:{qualifier}" if qualifier else function
        rec.add("invoke", src, "lambda", model, f"{src} calls Invoke on {named}",
                   f"{src} asks Lambda to run a function called {named}.", payload=payload,
                   flow=flow, chapter_step=chapter.get("invoke"))
        body = error_body(f"Function not found: {arn}")
        if function in self.functions:  # the function exists, its qualifier does not (§18)
            what, why = (f"no version or alias {qualifier} of {function}",
                         f"{function} exists, but it has no published version or alias called "
                         f"{qualifier}, so Lambda answers 404.")
        else:
            what, why = (f"no function {function}",
                         f"There is no function named {function} in this account and Region, so "
                         f"Lambda answers 404.")
        rec.add("error", "lambda", src, model, f"404 ResourceNotFoundException: {what}",
                   why, payload=body, status=404, flow=flow,
                   headers=(headers := {"X-Amzn-RequestId": request_id,
                                        "X-Amzn-ErrorType": "ResourceNotFoundException"}))
        return InvokeResponse(404, body, headers)

    # ------------------------------------------------------------------ responses
    def _respond(self, function, src, model, flow, status, body, headers, summary, narration,
                 chapter, kind="response", tags=(), code=None, caveat=None) -> InvokeResponse:
        """A reply from the Lambda service itself: the function's code never ran, so the step
        comes from `lambda`, as the 404 of `_reject_unknown` does."""
        if code:
            headers = {**headers, "X-Amzn-ErrorType": code}
        self.sim.recorder.add(kind, "lambda", src, model, summary, narration, payload=body,
                                 status=status, headers=headers or None, flow=flow, tags=tags,
                                 chapter_step=chapter.get("result"), caveat=caveat)
        return InvokeResponse(status, body, headers)

    def _sync_response(self, function, src, model, flow, run: Run, log_type, chapter, label=None,
                       request_id="", by_sdk=False, version=LATEST):
        if run.throttled:
            body = error_body("Rate Exceeded.", Reason=run.throttled)
            caveat = " ".join(c for c in (run.caveat, by_sdk and SDK_RETRY_CAVEAT) if c) or None
            return self._respond(function, src, model, flow, 429, body,
                                 {"X-Amzn-RequestId": request_id,
                                  "Retry-After": RETRY_AFTER_SECONDS},
                                 f"{function} is throttled: 429 TooManyRequestsException"
                                 + _suffix(label),
                                 self.executor.throttle_narration(function, run.throttled)
                                 + f" The answer's Retry-After header says how many seconds "
                                   f"to wait before trying again ({RETRY_AFTER_SECONDS})."
                                 + _after_throttle(src, by_sdk),
                                 chapter, kind="throttle", tags=("throttled",),
                                 code="TooManyRequestsException", caveat=caveat)
        if run.setup_error:
            return self._respond(function, src, model, flow, run.setup_error[0], run.setup_error[1],
                                 {"X-Amzn-RequestId": request_id}, f"{function} cannot run: {run.setup_error[0]}",
                                 run.setup_error[2], chapter, kind="error")
        outcome = run.outcome
        failed = outcome.error is not None  # Outcome.failed, read once
        headers = {"X-Amz-Executed-Version": version, "X-Amzn-RequestId": run.request_id}
        if failed:
            headers["X-Amz-Function-Error"] = "Unhandled"
        if log_type == "Tail":
            headers["X-Amz-Log-Result"] = log_tail(run.log_lines)
        payload = outcome.error if failed else outcome.result
        key = (function, src, version, label, failed and payload.get("errorType"))
        texts = self._result_texts.get(key) if key[4] is False else None
        if texts is None:
            texts = self._result_texts[key] = _result_texts(function, src, payload, failed,
                                                            version, label)
            if len(self._result_texts) > 4096:
                self._result_texts.clear()
        summary, narration = texts
        self.sim.recorder.add("result", function, src, model, summary, narration,
                                 payload=payload, status=200, headers=headers, flow=flow,
                                 chapter_step=chapter.get("result"),
                                 tags=_error_tags(outcome) if failed else ())
        return InvokeResponse(200, payload, headers, "Unhandled" if failed else None)

    # ------------------------------------------------------------------ narration
    def _invoke_narration(self, src, function, invocation_type, caller) -> str:
        how = _HOW[invocation_type]
        sends = "sends" if caller.kind == "service" else "uses the AWS SDK to send"
        text = f"{_who(src)} {sends} an Invoke request for {function} to Lambda {how}."
        if invocation_type != "DryRun":
            text += " The payload is the event the function will get."
        return text

    def _permission_narration(self, function, who, decision) -> str:
        if decision.decision == "allow":
            return (f"Lambda checks that {who} may call lambda:InvokeFunction on "
                    f"{function}. The {decision.policy} allows it ({decision.matched}).")
        return f"Lambda checks whether {who} may invoke {function}: {decision.reason}."


# The chapter's step numbers of a script `invoke`: one dict each for every request (only read).
_SDK_CHAPTER = {"invoke": 1, "execute": 2}
_MOBILE_CHAPTER = {"invoke": 3, "assume-role": 4, "execute": 5, "result": 6}
