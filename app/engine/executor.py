"""Running one invocation: concurrency, execution environment, role, code, logs.

Shared by every path into a function (sync Invoke, the async queue, stream mappings), so cold
starts, throttles and faults look the same whoever invoked. A cold start assumes the execution
role (trust policy checked, chapter Example 3 step 4) and runs Init; a warm start reuses the most
recently used idle environment and the credentials it already holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.engine.cold_path import record_reclaim
from app.engine.concurrency import ACCOUNT_REASON, RESERVED_REASON
from app.engine.execution_environments import Environment, EnvironmentPool
from app.engine.function_code import (Outcome, cloudwatch_lines, init_report_line,
                                      init_start_line, run_code, sample_ms)
from app.engine.init_limit import LOG_CAVEAT as INIT_LOG_CAVEAT
from app.engine.init_limit import (ON_DEMAND_INIT_LIMIT_MS, SUPPRESSED_CAVEAT, reset_narration,
                                   retry_narration, stopped_sentence, suppressed_narration)
from app.engine.invoke_texts import log_text_key
from app.handlers.context import ClientContext, CognitoIdentity, LambdaContext, log_stream_name
from app.handlers.registry import memory_used_mb
from app.handlers.sdk import SdkClient
from app.engine.reclaim_timers import ReclaimTimers
from app.engine.state_publication import StatePublication
from app.engine.provisioned import (note_provisioned, other_qualifier_sentence,
                                    provisioned_narration, spillover_sentence)
from app.engine.throttle_texts import reserved_throttle
from app.engine.wording import count, spoken_duration
from app.scenario.handler_options import HANDLER_OPTIONS


@dataclass
class Run:
    """One pass through `execute`: throttled, failed to start, or ran (outcome)."""

    outcome: Outcome | None = None
    throttled: str | None = None  # the 429 Reason
    setup_error: tuple[int, dict, str] | None = None  # status, body, narration
    log_lines: list[str] = field(default_factory=list)
    cold: bool = False
    caveat: str | None = None  # for the step that reports this run
    request_id: str = ""


_COLD_TAGS, _WARM_TAGS = ("cold-start",), ("warm-start",)  # one tuple each, not one per step


def warm_narration(env_id: str, invocations: int) -> str:
    """The execute narration of a warm start (lambda-behaviour.md §11): environment `env_id`,
    which has now begun its `invocations`-th invocation (the ones before are "served")."""
    served = invocations - 1
    return (f"An idle environment, {env_id}, is still warm from earlier work (it has served "
            f"{served} invocation{'s' if served != 1 else ''} so far), so Lambda reuses it: no "
            f"Init this time, the handler runs at once with the role credentials it already has.")


SCALING_CAVEAT = ("Throttled by the scaling rate: at most 1,000 new environments per function every "
                  "10 seconds (lambda-behaviour.md §11, SCL). Which Reason AWS puts in this 429 is "
                  "not in our sources; ConcurrentInvocationLimitExceeded is a stand-in.")


class Executor(ReclaimTimers, StatePublication):
    def __init__(self, sim, service):
        self.sim, self.service = sim, service
        self.pools = {name: EnvironmentPool(name) for name in service.functions}
        self.invocations = {name: 0 for name in service.functions}
        self._sessions: dict[str, object] = {}
        self._options: dict[str, object] = {}
        self._arns = {name: sim.function_arn(name) for name in service.functions}
        self._log_groups = {name: f"/aws/lambda/{name}" for name in service.functions}
        self._clock = lambda: sim.env.now  # the context's clock, shared by every invocation
        self._log_texts: dict[tuple, str] = {}  # (function, cold, timeout) → narration (see _log)
        self._memory_used: dict[str, int] = {}  # handler → Max Memory Used (an import lookup)
        self._run_texts: dict[tuple, str] = {}  # (function, env id, kind, …) → execute summary
        self._idle_ms = sim.settings.environment_idle_timeout  # settings do not change in a run
        self._idle_text: str | None = None  # the idle timeout in words (see _reclaim)
        self._waiting_timers: dict[int, list] = {}  # see app.engine.reclaim_timers
        # (function, role) → Lambda's sts:AssumeRole decision, whether it allows, and the step's
        # summary and narration: trust policies do not change during a run, and Lambda is the
        # same principal for every cold start of a function.
        self._trust: dict[tuple[str, str], tuple] = {}
        self._init_texts: dict[tuple, str] = {}  # (function, version, …) → the init narration
        self._reclaim_templates: dict[str, int] = {}  # function → its shutdown step's template
        self._unsettled_pools: list = []  # see StatePublication.settle_rows
        self._shared_contexts: dict[str, dict] = {}  # function → LambdaContext.shared (fast_invoke)
        self._plain_runs: dict[str, tuple | None] = {}  # function → plain_code.plain_run
        self._init_draws: dict[str, object] = {}  # function → sampler(init_duration) (cold_path)

    # ------------------------------------------------------------------ one invocation
    def execute(self, function, event, request_id, *, source, model, flow, identity=None,
                client_context=None, record_ordinals=None, chapter=None, tags=(), label=None,
                target=None):
        """SimPy process → `Run`. The caller records what the outcome means for it.

        `target` (`app.engine.versions.Target`, None for `$LATEST`): the version that runs, in
        environments of its own; a provisioned one is used first, without a throttle check
        (its concurrency was set aside in advance, §19), else the invoke spills over."""
        chapter = chapter or {}
        conc, pool, now = self.service.concurrency, self.pools[function], self.sim.env.now
        version = target.version if target else "$LATEST"
        env = pool.take_provisioned(version) if target and target.provisioned else None
        if env is not None:
            reason = None
            conc.acquire(function, provisioned=True)
        else:
            reason = conc.throttle_reason(function)
            env = pool.take_warm(version) if reason is None else None
            if reason is None and env is None and conc.scaling_exceeded(function, now):
                return Run(throttled=ACCOUNT_REASON, caveat=SCALING_CAVEAT)
            if reason:
                return Run(throttled=reason)
            conc.acquire(function)
        if target and target.provisioned:
            tags = (*tags, *note_provisioned(self.sim, self.service, target, env))
        run = Run(cold=env is None, request_id=request_id)
        fn = target.config if target else self.service.functions[function]
        if env is None:
            spill = (spillover_sentence(target) if "spillover" in tags
                     else other_qualifier_sentence(self.service.functions[function], target))
            env = yield from self._cold_start(function, flow, model, chapter, fn, version, spill)
            if env is None:
                conc.release(function)
                self.publish_state(function)
                return self._role_error(function)
        self._begin(function, env, run.cold, event, flow, model, tags, chapter,
                    f"{function}:{target.qualifier}" if target else function, fn.timeout)
        # Init run again in this invoke (§11): stopped at 10 s, or a suppressed init after a reset
        retried, env.init_retry_ms, env.reset = env.init_retry_ms, 0.0, False
        context = self._context(function, fn, env, request_id, identity, client_context, flow, model,
                                target, spent_ms=retried)
        sim = self.sim
        mappings = sim.services.get("event_source_mappings")
        outcome = run_code(fn, fn.handler, event, context, sim.rng,
                           self.invocations[function], record_ordinals, sim.iso_time,
                           item_failures=bool(mappings and mappings.reports_item_failures(function, event)),
                           spent_ms=retried)
        yield sim.env.timeout(outcome.duration_ms)
        run.outcome = outcome
        run.log_lines = self._log(function, fn, env, request_id, outcome, run.cold, flow, model,
                                  label, suppressed=bool(retried) and not run.cold)
        if outcome.timed_out:
            self._reset(function, env, flow, model)
        else:
            pool.release(env, sim.env.now)
            if not env.provisioned:  # provisioned environments stay ready (§19)
                self._schedule_reclaim(function, env)
        conc.release(function, provisioned=env.provisioned)
        self.publish_state(function)
        return run

    def _begin(self, function, env, cold, event, flow, model, tags, chapter, named=None,
               timeout_s=None) -> None:
        """Mark the environment busy and record the `execute` step. `timeout_s`: the running
        version's timeout, for an Init Lambda runs again inside this invocation (§11): one
        stopped at 10 s (a cold start), or a suppressed init in an environment reset after a
        timeout (`env.reset`)."""
        self.invocations[function] += 1
        self.pools[function].begin(env)
        self.publish_state(function)
        spill = "spillover" in tags
        suppressed = env.reset and not cold
        key = (function, env.id, cold, env.provisioned, env.version, spill, suppressed)
        summary = self._run_texts.get(key)
        if summary is None:  # the same few environments again and again: one string each
            kind = ("new" if cold else "provisioned" if env.provisioned else
                    "reset" if suppressed else "warm")
            summary = (
                f"{function} runs in {kind} environment {env.id}"
                + (f" (version {env.version})" if env.version != "$LATEST" else "")
                + (" — spillover beyond provisioned concurrency" if spill else "")
                + (" — suppressed init after a timeout" if suppressed else ""))
            if len(self._run_texts) > 4096:
                self._run_texts.clear()
            self._run_texts[key] = summary
        retried = cold and env.init_retry_ms
        narration = (retry_narration(function, env.id, env.init_retry_ms, timeout_s or 3)
                     if retried else
                     suppressed_narration(named or function, env.id, env.init_retry_ms, timeout_s or 3)
                     if suppressed else self._execute_narration(function, env, cold, tags, named))
        self.sim.recorder.add(
            "execute", "lambda", function, model, summary, narration, payload=event, flow=flow,
            caveat=INIT_LOG_CAVEAT if retried else SUPPRESSED_CAVEAT if suppressed else None,
            tags=(("cold-start" if cold else "warm-start", *tags,
                   *(("provisioned",) if env.provisioned else ()),
                   *(("suppressed-init",) if suppressed else ()))
                  if tags or env.provisioned or suppressed
                  else _COLD_TAGS if cold else _WARM_TAGS),
            chapter_step=chapter.get("execute"))

    # ------------------------------------------------------------------ lifecycle
    def _cold_start(self, function, flow, model, chapter, fn=None, version="$LATEST", why=None):
        """Assume the role, create an environment of `version` and run its Init; `why`: a
        sentence that starts the init step's narration (e.g. a provisioned-concurrency spillover)."""
        fn = fn or self.service.functions[function]
        iam, rec = self.sim.services["iam"], self.sim.recorder
        known = self._trust.get((function, fn.role))
        if known is None:  # the decision and the step's texts, once per function and role
            decision = iam.check_trust(fn.role, iam.lambda_principal(function), "sts:AssumeRole")
            ok = decision.decision == "allow"
            known = self._trust[function, fn.role] = (
                decision, ok, f"Lambda assumes {fn.role} for {function}" + ("" if ok else " (refused)"),
                (f"Before {function}'s code can run, Lambda calls sts:AssumeRole on its "
                 f"execution role {fn.role} to get temporary credentials for the code. "
                 + ("The role's trust policy allows lambda.amazonaws.com, so it works."
                    if ok else f"It fails: {decision.reason}.")))
        decision, ok, summary, narration = known
        rec.add("assume-role", "lambda", fn.role, "internal", summary, narration,
                   permission=decision, flow=flow, chapter_step=chapter.get("assume-role"),
                   tags=() if ok else ("denied",))
        if not ok:
            return None
        self._session(function, fn.role)
        pool = self.pools[function]
        self.service.concurrency.note_new_environment(function, self.sim.now)
        env = pool.create(self.sim.now, f"{function}-env{pool.created + 1}",
                          log_stream_name(self.sim.log_date(),
                                          self.sim.ids.hex(32), version), version)
        self.publish_state(function)
        init_ms = sample_ms(fn.init_duration, self.sim.rng)
        env.init_ms = init_ms
        limited = init_ms > ON_DEMAND_INIT_LIMIT_MS  # §11 (LIFE): stopped, run again in the invoke
        narration = self._init_narration(function, version, why, fn)
        payload = {"environment": env.id, "runtime": fn.runtime, "memorySize": fn.memory_size,
                   "initDurationMs": round(init_ms, 2), "logStreamName": env.log_stream}
        if limited:  # Init runs again inside the invocation; REPORT shows no Init Duration
            env.init_timed_out, env.init_retry_ms = True, init_ms
            narration += stopped_sentence(init_ms, fn.timeout)
            payload.update(initDurationMs=ON_DEMAND_INIT_LIMIT_MS, initStatus="timeout",
                           initNeededMs=round(init_ms, 2))
        rec.add("init", "lambda", function, "internal",
                   f"Cold start: Lambda creates environment {env.id} "
                   + ("(Init stopped at the 10 s limit)" if limited else f"({round(init_ms)} ms Init)"),
                   narration, payload=payload, flow=flow, tags=("cold-start",))
        yield self.sim.env.timeout(ON_DEMAND_INIT_LIMIT_MS if limited else init_ms)
        return env

    def _session(self, function, role) -> None:
        """Hand `function`'s code the credentials of its execution role `role` (the session
        of sts:AssumeRole). A Principal is a frozen value and roles' policies do not change
        during a run, so the one made at an earlier cold start of the function is kept."""
        session = self._sessions.get(function)
        if session is None or session.role != role:
            iam = self.sim.services["iam"]
            self._sessions[function] = iam.role_session(role, function, node=function)

    def _init_narration(self, function, version, why, fn) -> str:
        """The init step's narration (the same sentence for every cold start of a function)."""
        key = (function, version, why, fn.runtime, fn.memory_size)
        narration = self._init_texts.get(key)
        if narration is None:
            narration = self._init_texts[key] = (
                (f"{why} " if why else "")
                + f"No idle {'on-demand ' if why else ''}environment of {function}"
                + (f" version {version}" if version != "$LATEST" else "")
                + " is ready, so Lambda creates a new one: it "
                f"sets up a {fn.runtime} runtime with {fn.memory_size} MB of memory, loads the "
                f"code and runs its initialisation. This Init phase is the cold start.")
        return narration

    def _role_error(self, function) -> Run:
        fn = self.service.functions[function]
        body = {"Type": "User", "message": "The role defined for the function cannot be assumed by Lambda."}
        narration = (f"Lambda could not assume {fn.role}, so {function} cannot run. (Real AWS "
                     f"already refuses such a role when the function is created or updated.)")
        return Run(setup_error=(400, body, narration))

    def _reset(self, function, env: Environment, flow, model) -> None:
        """After a timeout Lambda resets `env` and keeps it (§11 LIFE): it is idle again, and
        the next invoke that lands in it runs Init first, inside that invocation (a suppressed
        init, as long as its first Init: LambdaScope's reading). A provisioned one stays ready."""
        env.reset, env.init_retry_ms = True, env.init_ms or 0.0
        self.pools[function].release(env, self.sim.now)
        if not env.provisioned:
            self._schedule_reclaim(function, env)
        self.sim.recorder.add(
            "shutdown", "lambda", function, "internal",
            f"Lambda resets environment {env.id} after the timeout",
            reset_narration(function, env.id), flow=flow, tags=("timeout",),
            payload={"environment": env.id})

    def _schedule_reclaim(self, function, env: Environment) -> None:
        """Reclaim `env` after the idle timeout unless it is used again (app.engine.reclaim_timers)."""
        self._start_timer(function, env)

    def _reclaim(self, function, env: Environment, stamp: float, _event=None) -> None:
        if env.state != "idle" or env.last_used_ms != stamp:
            return  # used again since, so it was not idle that long
        pool = self.pools[function]
        position = pool._positions[env.id]
        pool.remove(env, self.sim.now)
        self.publish_removed(function, position)
        idle = self._idle_text
        if idle is None:
            idle = self._idle_text = spoken_duration(self._idle_ms)
        if record_reclaim(self, function, env, idle):  # (a compact record)
            return
        self.sim.recorder.add(
            "shutdown", "lambda", function, "internal",
            f"Lambda reclaims idle environment {env.id} of {function}",
            (f"Environment {env.id} has had nothing to do for {idle}, so Lambda shuts it down and "
             f"frees its memory. AWS does not promise how long idle environments live; this "
             f"scenario uses {idle}."),
            payload={"environment": env.id, "invocations": env.invocations}, tags=("shutdown",))

    # ------------------------------------------------------------------ helpers
    def _context(self, function, fn, env, request_id, identity, client_context, flow, model,
                 target=None, spent_ms=0.0):
        """The handler's context object; `spent_ms`: time of the timeout a second Init used
        before the handler starts (§11), so get_remaining_time_in_millis is that much less."""
        key = (function, env.version) if target else function
        if key not in self._options:
            options_model = HANDLER_OPTIONS.get(fn.handler)
            self._options[key] = (options_model.model_validate(fn.options)
                                  if options_model else fn.options)
        options = self._options[key]
        sdk = SdkClient(self.sim, function, self._sessions[function], flow, model)
        context = LambdaContext(
            function_name=function,
            invoked_function_arn=target.arn if target else self._arns[function],
            memory_limit_in_mb=fn.memory_size, aws_request_id=request_id,
            log_stream_name=env.log_stream,
            deadline_ms=self.sim.env.now + fn.timeout * 1000.0 - spent_ms, clock=self._clock,
            identity=CognitoIdentity(**identity) if identity else None,
            client_context=ClientContext(**client_context) if client_context else None,
            options=options, sdk=sdk)
        if env.version != "$LATEST":
            context.function_version = env.version  # §18: the version that runs
        return context

    def _log(self, function, fn, env, request_id, outcome, cold, flow, model, label=None,
             suppressed: bool = False) -> list[str]:
        """Record the invocation's `log` step; returns its CloudWatch lines. `suppressed`: Lambda
        ran Init again inside this invocation after a reset (§11): in Duration, not logged apart."""
        stopped = cold and env.init_timed_out  # Init stopped at 10 s: INIT_REPORT, no Init Duration
        init_ms = env.init_ms if cold and not stopped else None
        used = self._memory_used.get(fn.handler)
        if used is None:
            used = self._memory_used[fn.handler] = memory_used_mb(fn.handler)
        lines = cloudwatch_lines(request_id, outcome, fn.memory_size, used,
                                 init_ms, init_start_line(fn.runtime, self.sim.region) if cold else None,
                                 env.version,
                                 init_report_line(ON_DEMAND_INIT_LIMIT_MS, "timeout") if stopped else None)
        key = log_text_key(function, cold, outcome.timed_out and fn.timeout, suppressed, stopped)
        narration = None if outcome.logs else self._log_texts.get(key)
        if narration is None:
            narration = (
                f"{function}'s log lines go to CloudWatch Logs, log group /aws/lambda/{function}. "
                f"The REPORT line says how long the code ran and what is billed"
                + (" (on a cold start the Init time is billed too)" if cold and not stopped
                   else "")
                + (f"; this time it ran past its {fn.timeout} s timeout and Lambda stopped it "
                   f"(the REPORT line ends in Status: timeout)" if outcome.timed_out else "")
                + (". The INIT_REPORT line before START, with Status: timeout, is the Init "
                   "Lambda stopped at 10 s; the Init it ran again is in the REPORT's Duration "
                   "(lambda-behaviour.md §11). AWS's pages do not say whether the 10 s it "
                   "stopped are billed; LambdaScope bills the REPORT's Duration only" if stopped
                   else "")
                + (". No INIT_START here although Lambda ran Init again after the reset: a "
                   "suppressed init is not logged as an Init phase, its time is in this REPORT's "
                   "Duration (lambda-behaviour.md §11)" if suppressed else "") + "."
                + (f" Between START and END it holds the function's own output: {outcome.logs[0]!r}"
                   + (f" and {count(len(outcome.logs) - 1, 'more line')}." if len(outcome.logs) > 1 else ".")
                   if outcome.logs else ""))
            if not outcome.logs:  # the same text for every quiet run: one string object
                self._log_texts[key] = narration
        self.sim.recorder.add(
            "log", function, function, model,
            self._log_summary(function, outcome, init_ms) + (f" — {label}" if label else ""),
            narration,
            payload={"logGroupName": self._log_groups[function], "logStreamName": env.log_stream,
                     "lines": lines},
            flow=flow, tags=("timeout",) if outcome.timed_out else ())
        return lines

    @staticmethod
    def _log_summary(function, outcome, init_ms) -> str:
        if outcome.timed_out:
            return f"{function} timed out after {outcome.duration_ms / 1000:.2f} s"
        text = f"REPORT: {function} ran {outcome.duration_ms:.2f} ms"
        if init_ms is not None:
            text += f" after a {init_ms:.2f} ms Init"
        return text + (" and failed" if outcome.failed else "")

    def _execute_narration(self, function, env, cold, tags=(), named=None) -> str:
        if env.provisioned or "spillover" in tags:
            return provisioned_narration(named or function, env, cold)
        if cold:
            return (f"Lambda calls {function}'s handler in the new environment {env.id}, passing "
                    f"the event as its first argument and a context object as its second.")
        return warm_narration(env.id, env.invocations)

    def throttle_narration(self, function, reason) -> str:
        if reason == RESERVED_REASON:  # the wording: app/engine/throttle_texts.py (§11, §19)
            return reserved_throttle(function, self.service.concurrency.reserved[function],
                                     self.service.functions[function])
        return (f"The account's concurrency is used up (or {function} is adding environments "
                f"faster than 1,000 per 10 s), so Lambda refuses this invoke.")
