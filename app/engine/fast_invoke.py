"""The script's synchronous `invoke`, written out as one generator for speed.

A load line of `invoke` (RequestResponse, no qualifier, no log tail) runs tens of thousands of
times in a scaling lesson. The general path goes dispatch → `LambdaService.invoke_stimulus` →
`invoke` → `_check_request` → `Executor.execute` → `_begin` / `_context` / `_log` →
`_sync_response`, each with keyword arguments and branches for cases a plain invoke never meets
(qualifiers, provisioned environments, DryRun, Event, labels, retries). `sync_invoke` does the same
work in the same order for the common case and hands every rarer case (an unsigned caller, a
refusal, a throttle, a role Lambda cannot assume, a recursion stop, a timeout) to the general
code at the point where it starts, so the trace is byte-for-byte the one the general path records:
the same steps, the same state deltas, the same draws from the seeded generator and the same SimPy
events in the same order (tests/engine/test_fast_invoke.py compares the two on generated
scenarios). The behaviour it models is the general path's: lambda-behaviour.md §1 (INV), §11.
See docs/decisions/0017-engine-throughput.md (round 3).
"""

from __future__ import annotations

from functools import partial

from simpy.events import Event

from app.engine import cold_path
from app.engine.executor import Run, warm_narration
from app.engine.function_code import Outcome, cloudwatch_lines, init_start_line, run_code
from app.engine.init_limit import may_exceed
from app.engine.invoke_texts import log_text_key
from app.engine.lambda_service import (_MOBILE_CHAPTER, _SDK_CHAPTER, _TYPE_HEADERS,
                                       InvokeResponse)
from app.engine.plain_code import plain_run
from app.engine.recursion import TERMINATE
from app.handlers.context import LambdaContext
from app.handlers.registry import memory_used_mb
from app.handlers.sdk import SdkClient
from app.scenario.handler_options import HANDLER_OPTIONS

ENABLED = True  # False: every invoke takes the general path (tests compare the two)
_HEADERS = _TYPE_HEADERS["RequestResponse"]
_BY_SDK = ("actor", "role-session")
_WARM_TAGS, _COLD_TAGS = ("warm-start",), ("cold-start",)
_LOG_KEYS = ("log-warm", "log-cold")  # the line's log templates, by `cold`
_UNKNOWN = object()  # a function not looked up yet in Executor._plain_runs


def eligible(sim, stimulus) -> bool:
    """Whether `stimulus` (a script `invoke`) may take `sync_invoke`: a synchronous invoke of an
    existing function's $LATEST without a log tail, in a run where no narration rule rewrites
    steps. In: the Simulation and the stimulus model. Out: True or False; raises nothing."""
    lam = sim.services.get("lambda")
    return (ENABLED and lam is not None and stimulus.action == "invoke"
            and stimulus.invocation_type == "RequestResponse"
            and stimulus.qualifier in (None, "$LATEST") and stimulus.log_type == "None"
            and stimulus.function in lam.functions and not sim.recorder._overrides
            # an Init that may pass the 10 s limit runs again inside the invoke (§11): general path
            and not may_exceed(lam.functions[stimulus.function].init_duration))


def fast_path(sim, stimulus):
    """A callable `stimulus → generator` running `stimulus` through `sync_invoke`, or None when
    it is not `eligible` (then `app.engine.run.dispatch` runs it)."""
    if not eligible(sim, stimulus):
        return None
    lam = sim.services["lambda"]
    kind = getattr(sim.scenario.resources.get(stimulus.actor), "kind", None)
    chapter = _MOBILE_CHAPTER if kind == "mobile_app" else _SDK_CHAPTER
    templates: dict = {}  # this line's step templates (see `_template`)
    return lambda occurrence, inline=False: sync_invoke(lam, occurrence, chapter, templates,
                                                        inline)


def _template(rec, templates: dict, key, texts, *fields, variable: tuple[str, ...],
              expand=None) -> int:
    """The number of the recorder's step template (`Recorder.template`) for `fields`, kept in
    `templates` (the line's) under `key` beside `texts`, the text object it was made from: when
    the service's text cache gives another object, a template is looked up again (the recorder
    hands out one number for equal templates)."""
    kept = templates.get(key)
    if kept is not None and kept[0] is texts:
        return kept[1]
    number = rec.template(*fields, variable=variable, expand=expand)
    templates[key] = (texts, number)
    return number


def sync_invoke(lam, stimulus, chapter, templates=None, inline: bool = False):
    """SimPy process: `lam.invoke_stimulus(stimulus, caller)` for a stimulus `eligible` allows.

    In: the LambdaService, the stimulus, the chapter's step numbers of a script invoke, the
    line's step templates (a dict `fast_path` keeps; None: a new one). The caller's credentials
    are read when the process starts, as `app.engine.run.dispatch` does. Its value is the
    InvokeResponse the general path gives, except that a request run `inline` (`start_inline`,
    which drops the value) that ends in a result gives None: nobody reads it. Its steps are
    recorded as compact records (`Recorder.add_compact`), which read back as the steps
    `Recorder.add` records."""
    if templates is None:
        templates = {}
    sim = lam.sim
    caller = sim.services["iam"].actor(stimulus.actor)
    if caller.kind == "anonymous":  # the SDK refuses to sign: the general path says so
        return (yield from lam.invoke_stimulus(stimulus, caller))
    rec, src, function, payload = sim.recorder, stimulus.actor, stimulus.function, stimulus.payload
    model = "on-demand"
    request_id = sim.ids.uuid()
    flow = request_id
    # The line's templates are kept with what their texts depend on (the caller's kind, the
    # decision): the texts are made from those alone, so a hit needs no text cache lookup.
    kept = templates.get("invoke")
    if kept is None or kept[0] != caller.kind:
        key = (src, function, "RequestResponse", caller.kind, None, None, None)
        texts = lam._invoke_texts.get(key)
        if texts is None:
            texts = lam._invoke_texts[key] = (
                f"{src} calls Invoke on {function} (RequestResponse)",
                lam._invoke_narration(src, function, "RequestResponse", caller))
            if len(lam._invoke_texts) > 4096:
                lam._invoke_texts.clear()
        kept = templates["invoke"] = (caller.kind, rec.template(
            "invoke", src, function, model, texts[0], texts[1], chapter_step=chapter.get("invoke"),
            variable=("payload", "headers", "flow")))
    rec.add_compact(kept[1], (payload, _HEADERS, flow))
    decision = None if payload else sim.services["iam"].check_invoke(function, caller)
    kept = templates.get("permission-check")  # (an allow decision, its template)
    if kept is not None and kept[0] is decision and caller.kind != "service":
        rec.add_compact(kept[1], (flow,))
    elif _permission_step(lam, rec, templates, function, src, model, decision, caller, flow):
        pass
    else:  # the first time, a payload to measure, or a refusal: the general check
        refused = lam._check_request(function, payload, "RequestResponse", caller, src, model,
                                     flow, True, request_id, None)
        if refused:
            return refused
    if lam.loops.verdict(function, flow) == TERMINATE:
        return lam._stop_loop(function, src, model, flow, chapter, request_id)
    by_sdk = caller.kind in _BY_SDK
    ex = lam.executor
    conc, pool, now = lam.concurrency, ex.pools[function], sim.env._now  # (`now`: a property)
    reason = conc.throttle_reason(function)
    env = pool.take_warm("$LATEST") if reason is None else None
    if reason is None and env is None and conc.scaling_exceeded(function, now) or reason:
        run = yield from ex.execute(function, payload, request_id, source=src, model=model,
                                    flow=flow, identity=caller.identity, chapter=chapter)
        return lam._sync_response(function, src, model, flow, run, "None", chapter, None,
                                  request_id, by_sdk=by_sdk)
    conc.acquire(function)
    fn = lam.functions[function]
    cold = env is None
    if cold:
        env = yield from cold_path.cold_start(ex, function, flow, chapter, fn, templates)
        if env is None:
            conc.release(function)
            ex.publish_state(function)
            return lam._sync_response(function, src, model, flow, ex._role_error(function),
                                      "None", chapter, None, request_id, by_sdk=by_sdk)
    # an environment reset after a timeout runs a suppressed init (§11); an unqualified invoke
    # hardly meets a provisioned one: the general step for both
    if env.provisioned or env.reset:
        ex._begin(function, env, cold, payload, flow, model, (), chapter, function, fn.timeout)
    else:  # Executor._begin
        ex.invocations[function] += 1
        pool.begin(env)
        ex.publish_env(function, env)
        kept = templates.get(cold)
        tid = kept[1] if kept is not None else _template(
            rec, templates, cold, None, "execute", "lambda", function, model, "", "", None, None,
            None, None, chapter.get("execute"), _COLD_TAGS if cold else _WARM_TAGS, None, None,
            variable=("summary", "narration", "payload", "flow"),
            expand=(cold_path.cold_execute_fields(function) if cold_path.ENABLED else None)
            if cold else warm_execute_fields(function))
        if cold and cold_path.ENABLED:  # (texts made when read: the environment is new)
            rec.add_compact(tid, (env.id, payload, flow))
        elif cold:  # (as before cold_path: tests compare the two)
            rec.add_compact(tid, (f"{function} runs in new environment {env.id}",
                                  ex._execute_narration(function, env, cold, (), function),
                                  payload, flow))
        else:  # (texts made when read: "it has served N invocations"; a $LATEST environment)
            rec.add_compact(tid, (env.id, env.invocations, payload, flow))
    # Executor._context (what every context of the function shares, kept per function)
    shared = ex._shared_contexts.get(function)
    if shared is None:
        if function not in ex._options:
            options_model = HANDLER_OPTIONS.get(fn.handler)
            ex._options[function] = (options_model.model_validate(fn.options)
                                     if options_model else fn.options)
        shared = ex._shared_contexts[function] = LambdaContext.shared(
            function_name=function, invoked_function_arn=ex._arns[function],
            memory_limit_in_mb=fn.memory_size, clock=ex._clock, options=ex._options[function])
    identity = caller.identity
    context = LambdaContext.of(
        shared, request_id, env.log_stream, sim.env._now + fn.timeout * 1000.0 - env.init_retry_ms,
        _cognito(identity) if identity else None,
        SdkClient(sim, function, ex._sessions[function], flow, model))
    if env.version != "$LATEST":
        context.function_version = env.version
    mappings = sim.services.get("event_source_mappings")
    # the suppressed init of a reset environment (Executor.execute): 0.0 for any other
    retried, env.init_retry_ms, env.reset = env.init_retry_ms, 0.0, False
    item_failures = bool(mappings and mappings.reports_item_failures(function, payload))
    plain = ex._plain_runs.get(function, _UNKNOWN)
    if plain is _UNKNOWN:  # (the handler and its draw, when no fault applies: run_code's plain)
        plain = ex._plain_runs[function] = plain_run(fn)
    outcome = run_code(fn, fn.handler, payload, context, sim.rng, ex.invocations[function], None,
                       sim.iso_time, item_failures=item_failures, spent_ms=retried,
                       plain=None if retried or item_failures else plain)
    yield sim.env.timeout(outcome.duration_ms)
    if outcome.timed_out or outcome.logs or retried:  # the general _log for the rarer texts
        lines = ex._log(function, fn, env, request_id, outcome, cold, flow, model, None,
                        suppressed=bool(retried))
    else:  # (the lines are needed below only for an error reply)
        lines = _quiet_log(ex, rec, function, fn, env, request_id, outcome, cold, flow, model,
                           templates)
    if outcome.timed_out:
        ex._reset(function, env, flow, model)
        conc.release(function, provisioned=env.provisioned)
        ex.publish_state(function)
    else:
        pool.release(env, sim.env._now)
        if not env.provisioned:
            ex._start_timer(function, env)
        conc.release(function, provisioned=env.provisioned)
        ex.publish_env(function, env)
    kept = templates.get("result")  # (kept once the service's texts for it existed)
    texts = kept or lam._result_texts.get((function, src, "$LATEST", None, False))
    if texts is None or outcome.error is not None:  # the general reply (and its texts made)
        if lines is None:
            lines = _quiet_lines(ex, fn, env, request_id, outcome, cold)
        return lam._sync_response(function, src, model, flow,
                                  Run(outcome=outcome, log_lines=lines, cold=cold,
                                      request_id=request_id),
                                  "None", chapter, None, request_id, by_sdk=by_sdk)
    # LambdaService._sync_response, for a result
    result = outcome.result
    if kept is None:
        kept = templates["result"] = (texts, rec.template(
            "result", function, src, model, texts[0], texts[1], status=200,
            chapter_step=chapter.get("result"), variable=("payload", "headers", "flow"),
            expand=_result_fields))
    rec.add_compact(kept[1], (result, flow))  # (the headers are made when the step is read)
    if inline:  # (start_inline drops the value)
        return None
    headers = {"X-Amz-Executed-Version": "$LATEST", "X-Amzn-RequestId": request_id}
    return InvokeResponse(200, result, headers, None)


def _permission_step(lam, rec, templates, function, src, model, decision, caller, flow) -> bool:
    """LambdaService._check_request for an empty payload its caller may send (a caller that is
    not a service is named by its node, `src`), when the service's texts for this decision are
    kept: record the step, keep its template for the line, True. Else False (the general
    check then)."""
    texts = (lam._permission_texts.get((function, None, src))
             if decision is not None and caller.kind != "service" else None)
    if texts is None or texts[0] is not decision or decision.decision != "allow":
        return False
    kept = templates["permission-check"] = (decision, rec.template(
        "permission-check", src, function, model, texts[1], texts[2], permission=decision,
        variable=("flow",)))
    rec.add_compact(kept[1], (flow,))
    return True


def warm_execute_fields(function: str):
    """The `expand` of a warm start's execute step: (environment id, its invocations, payload,
    flow) → (summary, narration, payload, flow), as `Executor._begin` and
    `_execute_narration` make them for an on-demand `$LATEST` environment. (Closures over
    strings: an expand is kept by the trace, which must not keep the run's services alive.)"""
    def expand(env_id, invocations, payload, flow):
        return (f"{function} runs in warm environment {env_id}",
                warm_narration(env_id, invocations), payload, flow)

    return expand


def _result_fields(result, flow) -> tuple:
    """The `expand` of a result step: (payload, headers, flow); the headers as `sync_invoke`
    (and `LambdaService._sync_response`) make them for an unqualified invoke."""
    return result, {"X-Amz-Executed-Version": "$LATEST", "X-Amzn-RequestId": flow}, flow


def _cognito(identity):
    from app.handlers.context import CognitoIdentity
    return CognitoIdentity(**identity)


def _quiet_log(ex, rec, function, fn, env, request_id, outcome, cold, flow, model,
               templates) -> list[str] | None:
    """`Executor._log` for a run that printed nothing and did not time out. Its step is a
    compact record of the numbers its texts are made from (`_log_template`): the REPORT line,
    the summary and the payload are built when the step is read. Out: the log lines when the
    general code recorded the step, else None (`_quiet_lines` makes them if needed)."""
    key = _LOG_KEYS[cold]
    kept = templates.get(key)
    if kept is None:  # (the executor's narration for it is never replaced once made)
        narration = ex._log_texts.get(log_text_key(function, cold))
        if narration is None:  # the first such run: the general code builds and keeps the text
            return ex._log(function, fn, env, request_id, outcome, cold, flow, model, None)
        kept = templates[key] = (narration, rec.template(
            "log", function, function, model, "", narration,
            variable=("summary", "payload", "flow"), expand=_log_template(ex, fn, function, cold)))
    rec.add_compact(kept[1], (flow, outcome.duration_ms, env.init_ms if cold else None,
                          outcome.error is not None, env.log_stream, env.version))
    return None


def _quiet_lines(ex, fn, env, request_id, outcome, cold) -> list[str]:
    """The CloudWatch lines `Executor._log` writes for a quiet run (see `_quiet_log`)."""
    used = ex._memory_used.get(fn.handler)
    if used is None:
        used = ex._memory_used[fn.handler] = memory_used_mb(fn.handler)
    return cloudwatch_lines(request_id, outcome, fn.memory_size, used,
                            env.init_ms if cold else None,
                            init_start_line(fn.runtime, ex.sim.region) if cold else None,
                            env.version)


def _log_template(ex, fn, function, cold):
    """The `expand` of a quiet run's log step (`StepTemplate`): (request id, duration ms, Init
    ms or None, failed, log stream, version) → (summary, payload, flow), the very values
    `Executor._log` records (same functions, same arguments), made when the step is read."""
    used = ex._memory_used.get(fn.handler)
    if used is None:
        used = ex._memory_used[fn.handler] = memory_used_mb(fn.handler)
    memory, group = fn.memory_size, ex._log_groups[function]
    init_start = init_start_line(fn.runtime, ex.sim.region) if cold else None
    summary = ex._log_summary

    def expand(request_id, duration_ms, init_ms, failed, log_stream, version):
        outcome = Outcome(error={} if failed else None, duration_ms=duration_ms)
        lines = cloudwatch_lines(request_id, outcome, memory, used, init_ms, init_start, version)
        return (summary(function, outcome, init_ms),
                {"logGroupName": group, "logStreamName": log_stream, "lines": lines}, request_id)

    return expand


def start_inline(env, generator) -> None:
    """Run `generator` as SimPy's `Process._resume` would, without a Process: from now until its
    first event, then on from each event's callback. In: the SimPy Environment and a process
    generator. Raises nothing: an exception from the generator (the step limit, a cancel) is
    scheduled as a failed event at the current time, exactly where a failing Process schedules
    itself, and SimPy's `step` raises it from there as it would for the Process.

    Only valid where the Process's Initialize event would have been the very next event (see
    `app.engine.run._schedule`); what is left out (the Initialize event and the process's own
    end event, which nothing waits for) changes the ids of later events but never their order.
    `env.active_process` is None while it runs, so a run with an `observe` hook does not use it."""
    _resume(env, generator, None)


def _resume(env, generator, event) -> None:
    while True:
        try:
            if event is None:
                event = generator.send(None)
            elif event._ok:
                event = generator.send(event._value)
            else:  # (a Timeout never fails; kept as Process._resume has it)
                event._defused = True
                exc = type(event._value)(*event._value.args)
                exc.__cause__ = event._value
                event = generator.throw(exc)
        except StopIteration:
            return
        except BaseException as exc:  # noqa: BLE001 - handed to SimPy, as Process._resume does
            # Without this frame, as Process._resume drops it: its locals hold the exception,
            # whose traceback would hold the frame (a cycle only a full collection frees).
            exc.__traceback__ = exc.__traceback__.tb_next
            failed = Event(env)
            failed._ok, failed._value = False, exc
            env.schedule(failed)
            return
        if event.callbacks is not None:
            event.callbacks.append(partial(_resume, env, generator))
            return
