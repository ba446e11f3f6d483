"""Provisioned concurrency: environments initialised before traffic, and spillover beyond them.

docs/reference/lambda-behaviour.md §19 (B14); AWS:
https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html. Provisioned
concurrency is set on an alias or a published version, never on `$LATEST`. Lambda initialises
that many environments of the version ahead of requests (their Init runs with
`AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency`); requests through that alias or
version run in them with no cold start; requests beyond them spill over to on-demand
environments, with cold starts, and count in `ProvisionedConcurrencySpilloverInvocations`. The
environments come out of the function's reserved concurrency or the account's unreserved pool
(`Concurrency.set_provisioned`).

Simplifications (said once in the trace): the environments are allocated at time 0 and take only
their Init (AWS takes a minute or two before it starts); an alias with weights has its
provisioned environments on its main version only.
"""

from __future__ import annotations

from app.engine.function_code import init_report_line, init_start_line, sample_ms
from app.engine.init_limit import ON_DEMAND_INIT_LIMIT_MS, provisioned_init_limit_s
from app.engine.wording import count
from app.handlers.context import log_stream_name

INIT_TYPE = "provisioned-concurrency"  # AWS_LAMBDA_INITIALIZATION_TYPE (§19, PC/RIC)
CAVEAT = ("Provisioned concurrency is allocated here at time 0 and takes only each environment's "
          "Init; AWS starts allocating after a minute or two and re-initialises environments "
          "every few hours (§19). On an alias with weights, the provisioned environments here "
          "run the alias's main version only. AWS says the allocated amount moves with the "
          "versions during a canary or linear deployment (§19) but not how, so the "
          "version-2 calls here start cold.")


def configs(fn) -> list[tuple[str, str, int]]:
    """(qualifier, version, count) for each alias or version of `fn` with provisioned concurrency."""
    out = [(v, v, cfg.provisioned_concurrent_executions)
           for v, cfg in fn.versions.items() if cfg.provisioned_concurrent_executions]
    out += [(a, alias.function_version, alias.provisioned_concurrent_executions)
            for a, alias in fn.aliases.items() if alias.provisioned_concurrent_executions]
    return out


def start_provisioning(sim, service) -> None:
    """Set the concurrency aside and start each provisioned environment's Init at time 0."""
    for name, fn in service.functions.items():
        for qualifier, version, count in configs(fn):
            service.concurrency.set_provisioned(name, count)
            stats = {"allocated": count, "status": "IN_PROGRESS", "ready": 0,
                     "version": version, "ProvisionedConcurrencyInvocations": 0,
                     "ProvisionedConcurrencySpilloverInvocations": 0}
            sim.recorder.set_state(name, f"provisioned {qualifier}", dict(stats))
            service.provisioned_stats[(name, qualifier)] = stats
            sim.recorder.note_not_simulated("Provisioned concurrency", CAVEAT)
            for _ in range(count):
                sim.env.process(_prepare(sim, service, name, qualifier, version))


def _prepare(sim, service, name: str, qualifier: str, version: str):
    """One provisioned environment: assume the role (once per function), then Init."""
    ex, fn = service.executor, service.versions.config(name, version)
    iam, rec = sim.services["iam"], sim.recorder
    stats = service.provisioned_stats[(name, qualifier)]
    if name not in ex._sessions:
        decision = iam.check_trust(fn.role, iam.lambda_principal(name), "sts:AssumeRole")
        ok = decision.decision == "allow"
        rec.record("assume-role", "lambda", fn.role, "internal",
                   f"Lambda assumes {fn.role} for {name}'s provisioned environments"
                   + ("" if ok else " (refused)"),
                   f"Provisioned environments need the execution role's credentials too, so "
                   f"Lambda calls sts:AssumeRole on {fn.role} before any request arrives."
                   + ("" if ok else f" It fails: {decision.reason}."),
                   permission=decision, tags=() if ok else ("denied",))
        if not ok:
            stats["status"] = "FAILED"
            rec.set_state(name, f"provisioned {qualifier}", dict(stats))
            return
        ex._sessions[name] = iam.role_session(fn.role, name, node=name)
    pool = ex.pools[name]
    env = pool.create(sim.now, f"{name}-env{pool.created + 1}",
                      log_stream_name(sim.iso_time()[:10].replace("-", "/"), sim.ids.hex(32),
                                      version), version, provisioned=True)
    init_ms = sample_ms(fn.init_duration, sim.rng)
    env.init_ms = init_ms
    ex.publish_state(name)
    rec.record("init", "lambda", name, "internal",
               f"Provisioned concurrency: Lambda initialises environment {env.id} for "
               f"{name}:{qualifier} (version {version}, {round(init_ms)} ms Init)",
               f"{name}:{qualifier} has provisioned concurrency, so Lambda prepares its "
               f"environments before any request comes: it sets up the runtime, loads version "
               f"{version}'s code and runs its initialisation now. The code can tell from "
               f"AWS_LAMBDA_INITIALIZATION_TYPE={INIT_TYPE}. This Init is paid for even if no "
               f"request ever uses the environment."
               + (f" It takes longer than the 10 s an on-demand Init may run, which is allowed "
                  f"here: a provisioned Init may run {provisioned_init_limit_s(fn.timeout)} s "
                  f"(130 s or the timeout, whichever is longer; lambda-behaviour.md §11, LIFE)."
                  if init_ms > ON_DEMAND_INIT_LIMIT_MS else ""),
               payload={"environment": env.id, "qualifier": qualifier, "version": version,
                        "runtime": fn.runtime, "memorySize": fn.memory_size,
                        "initDurationMs": round(init_ms, 2), "initializationType": INIT_TYPE,
                        "logStreamName": env.log_stream},
               tags=("provisioned",))
    yield sim.env.timeout(init_ms)
    _log_init(sim, name, qualifier, env, fn)
    pool.release(env, sim.now)
    stats["ready"] += 1
    if stats["ready"] == stats["allocated"]:
        stats["status"] = "READY"
    rec.set_state(name, f"provisioned {qualifier}", dict(stats))
    ex.publish_state(name)


def _log_init(sim, name: str, qualifier: str, env, fn) -> None:
    """The `log` step of a provisioned environment's Init: INIT_START and INIT_REPORT with its
    Init Duration, which a provisioned (or SnapStart) environment always logs, on its own log
    stream, before any request (lambda-behaviour.md §11, §22; LIFE: on demand, a successful Init
    writes no INIT_REPORT; SnapStart monitoring page: the Init Duration is in INIT_REPORT). The
    REPORT of the first request it serves then has no Init Duration."""
    lines = [init_start_line(fn.runtime, sim.region), init_report_line(env.init_ms)]
    sim.recorder.record(
        "log", name, name, "internal",
        f"INIT_REPORT: {name}:{qualifier}'s provisioned environment {env.id} initialised in "
        f"{env.init_ms:.2f} ms",
        f"A provisioned environment logs its Init phase by itself, before any request: "
        f"INIT_START, then INIT_REPORT with the Init Duration, in log group /aws/lambda/{name} "
        f"(its own log stream). An on-demand environment writes INIT_REPORT only when its Init "
        f"fails, and puts a successful Init's time in the first REPORT line instead; here the "
        f"first request's REPORT will have no Init Duration (lambda-behaviour.md §11, §22).",
        payload={"logGroupName": f"/aws/lambda/{name}", "logStreamName": env.log_stream,
                 "lines": lines},
        tags=("provisioned",))


def note_provisioned(sim, service, target, env) -> tuple[str, ...]:
    """Count one invoke of an alias or version with provisioned concurrency: served by a
    provisioned environment, or spilled over to on-demand (`ProvisionedConcurrency…` metrics).
    Returns the tag for the execute step."""
    stats = service.provisioned_stats.get((target.function, target.qualifier))
    if stats is None or target.to_extra:
        return ()  # the alias's extra version has no provisioned environments here
    provisioned = env is not None and env.provisioned
    key = ("ProvisionedConcurrencyInvocations" if provisioned
           else "ProvisionedConcurrencySpilloverInvocations")
    stats[key] += 1
    sim.recorder.set_state(target.function, f"provisioned {target.qualifier}", dict(stats))
    return () if provisioned else ("spillover",)  # the executor tags a provisioned run itself


def spillover_sentence(target) -> str:
    """The first sentence of a spillover's init step."""
    return (f"All {target.provisioned} provisioned environments of {target.function}:"
            f"{target.qualifier} are busy or not ready yet, so this call spills over to an "
            f"on-demand environment.")


def other_qualifier_sentence(fn, target) -> str | None:
    """When `target` (an invoke of a version or alias without provisioned concurrency) reaches a
    version that has provisioned environments through another qualifier, the sentence that says
    why they are not used (lambda-behaviour.md §19 "Triggers": a caller must name the alias or
    version the concurrency is set on; AWS provisioned-concurrency.html). None otherwise."""
    if target is None or target.provisioned or target.qualifier in (None, "$LATEST"):
        return None
    holders = [q for q, version, _ in configs(fn) if version == target.version and q != target.qualifier]
    if not holders:
        return None
    named = " and ".join(f"{target.function}:{q}" for q in holders)
    return (f"Version {target.version} has provisioned environments, but they belong to {named}; "
            f"this call names {target.function}:{target.qualifier}, which has no provisioned "
            f"concurrency of its own, so Lambda runs it on demand.")


def _served(n: int) -> str:
    return ("It has served no calls before this one." if n == 0 else
            f"It has served {count(n, 'call')} before this one.")


def provisioned_narration(function: str, env, cold: bool) -> str:
    """The execute step's words for a run on a provisioned environment, or one that spilled over."""
    if env.provisioned:
        return (f"Environment {env.id} is one of the provisioned environments of {function}: "
                f"Lambda ran its Init before any request came, so this call starts at once, with "
                f"no cold start. " + _served(env.invocations - 1))
    how = ("a new on-demand environment, which must run Init first (a cold start)" if cold
           else f"an on-demand environment, {env.id}, that is still warm from an earlier spillover")
    return (f"Every provisioned environment of {function} is busy or not ready yet, so this "
            f"call spills over to {how}. CloudWatch counts it in "
            f"ProvisionedConcurrencySpilloverInvocations.")
